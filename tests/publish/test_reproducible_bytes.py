"""Same inputs and code give the same bytes whatever the caches hold (D13): a build
with a cold user cache (~/.cache/lianghui: schema facts, pinyin index, accuracy
scores), one with the cache it left warm, and one with every cache file damaged
publish byte-identical files."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLE, SEEDS, build_in_new_process, write_doc


def _files(release: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(release.iterdir())}


def test_cold_warm_and_damaged_user_caches_give_the_same_bytes(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    write_doc(seeds, "extra/sample.txt", SAMPLE, {"outlet": "示例日报", "published": "2024-03-05"})
    home = tmp_path / "home"  # XDG_CACHE_HOME: empty, so the first build is cold
    cold = build_in_new_process(seeds, tmp_path / "cold", home, "1.0.0")
    cache = home / "lianghui"
    kept = sorted(p.name for p in cache.rglob("*") if p.is_file())
    assert any(n.startswith("schemas-") for n in kept) and any(n.startswith("pinyin-") for n in kept), kept
    assert any(p.parent.name == "accuracy" for p in cache.rglob("*.json")), kept
    warm = build_in_new_process(seeds, tmp_path / "warm", home, "1.0.0")
    assert warm["damaged"] == []
    for p in cache.rglob("*"):  # every cache file damaged: read from its source again
        if p.is_file():
            data = bytearray(p.read_bytes())
            data[len(data) // 2] ^= 0xFF
            p.write_bytes(bytes(data))
    damaged = build_in_new_process(seeds, tmp_path / "damaged", home, "1.0.0")
    assert damaged["damaged"], "damaged cache files are counted"

    reference = _files(Path(cold["path"]))
    assert set(reference) >= {"SHA256SUMS", "manifest.json", "datapackage.json"}
    for other in (warm, damaged):
        files = _files(Path(other["path"]))
        for name in ("SHA256SUMS", "manifest.json", "datapackage.json"):
            assert files[name] == reference[name], f"{name} differs: {other['path']}"
        assert files == reference
