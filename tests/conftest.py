from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

# A short news item in our own words, used wherever a test needs a small real document.
SAMPLE = """两会快讯

本报讯 (记者 王小明)“今年我们将新建保障性住房1200套,力争全年地区生产总值增长6%。”省人大代表、青川县县长李建国表示,青川县将加快产业升级。

李建国介绍,去年全县完成固定资产投资86.5亿元,同比增长9%。
"""


def write_doc(folder: Path, name: str, text: str | bytes, meta: dict | None = None, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    if meta is not None:
        path.with_name(path.name[:-4] + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A seeds folder with the real seed document and one document of ours."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for p in SEEDS.iterdir():
        shutil.copy(p, folder / p.name)
    write_doc(folder, "extra/sample.txt", SAMPLE, {"outlet": "示例日报", "published": "2024-03-05", "language": "zh-Hans"})
    return folder
