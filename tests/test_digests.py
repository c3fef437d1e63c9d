"""The extractors' output on seeds/, tests/corpus/ and ../shared/corpus/reports-2026/txt/
equals the committed digests (tests/digests.json). After an intended change of output,
regenerate them with ``python -m tests.digests --update`` and commit the file."""

from __future__ import annotations

import json

from tests.digests import CORPORA, DIGESTS, compute, differences


def test_every_corpus_is_present() -> None:
    # a missing corpus fails here (and in compute()), it is never skipped
    missing = [f"{name} ({folder})" for name, folder in CORPORA.items() if not folder.is_dir()]
    assert not missing, f"corpus folders missing: {missing}"


def test_extractor_output_matches_the_committed_digests() -> None:
    diff = differences(json.loads(DIGESTS.read_text(encoding="utf-8")), compute())
    assert not diff, "extractor output changed; if intended, run `python -m tests.digests --update`:\n" + "\n".join(
        diff
    )
