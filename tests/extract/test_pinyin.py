"""The pinyin index (flows/extract/pinyin.py) against pypinyin itself: the same
romanisation for every string, and an index that is built once, rebuilt when
damaged, and skipped when it cannot be written."""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from flows.extract.speech import names
from flows.extract.speech.pinyin import (
    MAX_CHARS,
    PinyinIndex,
    index_path,
    open_index,
    real_romanise,
    romanise,
    romanise_with,
)
from flows.extract.speech.statements import extract_speech
from flows.extract.text.clean import clean_text

DOCUMENTS = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("tests/corpus/*.txt"))


def reference(text: str) -> str:
    """What ``names._pinyin_word`` computed before the index (lower case)."""
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding a freshly built index."""
    cache = tmp_path_factory.mktemp("pinyin-cache")
    assert open_index(cache) is not None
    return cache


@pytest.fixture(scope="module")
def index(built: Path) -> PinyinIndex:
    path = index_path(built)
    assert path is not None
    return PinyinIndex(path)


class Loaded:
    """The index's algorithm over all its entries read at once (its data and lookups,
    without a query per string: for the large equivalence checks)."""

    def __init__(self, index: PinyinIndex) -> None:
        db = sqlite3.connect(index.path)
        self.rows = {key: (kind, py) for key, kind, py in db.execute("SELECT key, kind, syllables FROM entry")}
        db.close()
        self.hans, self.longest = index.hans, index.longest

    def romanise(self, text: str) -> str:
        return romanise_with(
            text, self.hans, self.longest, lambda keys: {k: self.rows[k] for k in keys if k in self.rows}
        )


def mismatches(index: PinyinIndex | Loaded, strings: list[str]) -> list[tuple[str, str, str]]:
    return [(s, got, want) for s in strings if (got := index.romanise(s)) != (want := reference(s))]


def test_corpus_names_and_words(index: PinyinIndex) -> None:
    """Every CJK string of 1–4 characters in the seeds and the test corpus, and every
    part of every speaker name the extractor finds there."""
    strings: set[str] = set()
    for path in DOCUMENTS:
        text = clean_text(path.read_text(encoding="utf-8"))
        for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", text):
            strings.update(run[i : i + n] for n in range(1, 5) for i in range(len(run) - n + 1))
        for sp in extract_speech(text).speakers:
            strings.update([sp.name, *sp.name.split("·")])
    assert len(strings) > 10_000
    assert mismatches(Loaded(index), sorted(strings)) == []


def test_every_phrase_up_to_four_characters(index: PinyinIndex) -> None:
    phrases = sorted(p for p in PHRASES_DICT if len(p) <= 4)
    assert len(phrases) > 40_000
    assert mismatches(Loaded(index), phrases) == []


def _pool() -> list[str]:
    """Pieces for random strings: surname and given-name characters, characters and
    whole phrases with phrase entries, ü-syllables, characters without pinyin (inside
    and outside the CJK blocks), astral and compatibility ideographs, punctuation."""
    rng = random.Random(20240305)
    phrases = sorted(PHRASES_DICT)
    phrase_chars = sorted({c for p in phrases for c in p})
    no_pinyin = [chr(c) for c in range(0x4E00, 0xA000) if c not in PINYIN_DICT]
    astral = sorted(chr(c) for c in PINYIN_DICT if c > 0xFFFF)
    return (
        sorted(names.SURNAMES)
        + list("小平明辉晓东建国丽娟伟芳秀英敏静强磊军洋勇艳杰娜涛超华红")
        + rng.sample(phrase_chars, 400)
        + rng.sample(phrases, 400)
        + list("绿吕女略虐") * 5
        + no_pinyin[:20]
        + rng.sample(astral, 10)
        + ["\uf900", "\ufa18", "\ue815", "〇", "·", "·"]
        + list("aZ1 ,.，。、ü\n-")
        + ["中国", "人民", "共和国", "银行", "长安"]
    )


def test_random_strings(index: PinyinIndex) -> None:
    rng = random.Random(7)
    pool = _pool()
    strings = ["", "·", "abc", "吕", "女", "绿", "吕女·绿", "中华人民共和国", "重庆长安汽车股份有限公司"]
    strings += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 6))) for _ in range(4000)]
    assert mismatches(index, strings) == []


def test_pinyin_word_unchanged() -> None:
    """``names._pinyin_word`` (through the process's index or pypinyin) is the formula
    it replaced, ü written v."""
    for word in ["小平", "吕", "绿绿", "女", "欧阳", "买买提", "艾力", "", "a", "略"]:
        assert names._pinyin_word(word) == reference(word).replace("ü", "v").capitalize()


def test_long_inputs_use_pypinyin() -> None:
    text = "中国人民" * (MAX_CHARS // 4 + 1)
    assert romanise(text) == real_romanise(text) == reference(text)


# ------------------------------------------------------------------ the index file


def _run(code: str, cache_home: Path) -> str:
    """Run ``code`` in a fresh interpreter (pypinyin not imported) with the given cache home."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    env.pop("PYPINYIN_NO_PHRASES", None)
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


PROBE = """
import sys
from flows.extract.speech.names import name_pinyin
print(name_pinyin("唐小平"), name_pinyin("吕女士"), name_pinyin("买买提·艾力"), "pypinyin" in sys.modules)
"""


def _installed(built: Path, cache_home: Path) -> Path:
    """Copy the fixture's index to where ``cache_home`` makes a process look for it."""
    target = cache_home / "lianghui"
    target.mkdir(parents=True)
    path = index_path(built)
    assert path is not None
    shutil.copy(path, target / path.name)
    shutil.copy(f"{path}.sha256", target / f"{path.name}.sha256")  # the recorded digest, checked on open
    return target / path.name


def test_a_process_uses_the_index_without_importing_pypinyin(built: Path, tmp_path: Path) -> None:
    _installed(built, tmp_path)
    assert _run(PROBE, tmp_path) == "Tang Xiaoping Lv Nvshi Maimaiti Aili False"


def test_index_name_follows_pypinyin(built: Path) -> None:
    path = index_path(built)
    assert path is not None and path.exists()
    assert re.fullmatch(r"pinyin-\d+\.\d+\.\d+-[0-9a-f]{12}\.sqlite", path.name)
    assert index_path(built) == path


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "foreign database"])
def test_damaged_index_is_refused(built: Path, tmp_path: Path, damage: str) -> None:
    path = index_path(built)
    assert path is not None
    bad = tmp_path / path.name
    data = path.read_bytes()
    if damage == "garbage":
        bad.write_bytes(b"not a database" * 1000)
    elif damage == "empty":
        bad.write_bytes(b"")
    elif damage == "truncated":
        bad.write_bytes(data[: len(data) // 2])
    else:
        sqlite3.connect(bad).execute("CREATE TABLE meta (name TEXT, value TEXT)").connection.commit()
    with pytest.raises((sqlite3.Error, ValueError, KeyError)):
        PinyinIndex(bad)


@pytest.mark.parametrize("damage", ["truncated", "pages after the schema"])
def test_damaged_index_is_rebuilt(built: Path, tmp_path: Path, damage: str) -> None:
    """A process that finds a damaged index builds a new one (and romanises correctly),
    whether SQLite would fail to open the file (truncated) or only at its first query:
    either way its bytes no longer match the recorded sha256 and opening it fails."""
    path = _installed(built, tmp_path)
    good = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 3])
    else:
        path.write_bytes(good[: 4 * 4096] + b"\xa5" * (len(good) - 4 * 4096))  # the meta table is on page 3
        with pytest.raises(ValueError, match="sha256"):
            PinyinIndex(path)
    assert _run(PROBE, tmp_path) == "Tang Xiaoping Lv Nvshi Maimaiti Aili True"  # built: pypinyin was imported
    assert path.stat().st_size == len(good)
    assert PinyinIndex(path).romanise("唐小平") == "tangxiaoping"
    assert _run(PROBE, tmp_path) == "Tang Xiaoping Lv Nvshi Maimaiti Aili False"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, f"{path.name}.sha256"]  # no temporary file


def test_unwritable_cache_falls_back_to_pypinyin(tmp_path: Path) -> None:
    """A cache folder that cannot be made (its parent is a file): pypinyin answers."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert open_index(blocker / "lianghui") is None
    assert _run(PROBE, blocker) == "Tang Xiaoping Lv Nvshi Maimaiti Aili True"


def test_concurrent_builds_and_fork(tmp_path: Path) -> None:
    """Two processes build the same index at once: both answer right and one whole
    index remains. A child forked after the index was opened opens its own."""
    code = (
        PROBE
        + """
import os
from flows.extract.speech import pinyin
parent = pinyin._process_index()
pid = os.fork()
if pid == 0:
    child = pinyin._process_index()
    ok = child is not parent and child is not None and pinyin.romanise("欧阳明辉") == "ouyangminghui"
    os._exit(0 if ok else 1)
assert os.waitpid(pid, 0)[1] == 0
print("forked ok")
"""
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert [out.split("\n")[0] for out, _ in outs] == ["Tang Xiaoping Lv Nvshi Maimaiti Aili True"] * 2
    files = sorted((tmp_path / "lianghui").iterdir())
    assert len(files) == 2 and files[0].suffix == ".sqlite" and files[1].name == f"{files[0].name}.sha256"
    assert PinyinIndex(files[0]).romanise("唐小平") == "tangxiaoping"
    # the fork check ran in processes that had built the index, so pypinyin answered there;
    # run it again where the index is only read
    assert _run(code, tmp_path).split("\n") == ["Tang Xiaoping Lv Nvshi Maimaiti Aili False", "forked ok"]
