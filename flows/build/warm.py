"""Imported once by the process that forks the extraction workers (see
``pipeline.worker_context``): it loads the code and runs one small document
through every stage, so that the workers start with modules imported, regular
expressions compiled, word lists loaded and the pinyin index opened, instead of each
paying for it (about 3 s a worker on this machine)."""
from __future__ import annotations

import gc

from flows.ingest.inputs import Payload
from flows.build.pipeline import process_batch

SAMPLE = (
    "示例市两会开幕\n\n"
    "市长王明在政府工作报告中表示,今年全市地区生产总值增长6%左右,新开工项目50个。"
    "“我们要把民生实事办好。”他说。\n\n"
    "去年全市固定资产投资达到120亿元,同比增长8.5%。\n"
)


def warm_up() -> None:
    try:
        process_batch([Payload("warm-up.txt", SAMPLE.encode("utf-8"), None)])
    except Exception:  # noqa: BLE001  (a failed warm-up only costs the workers time; they report real errors)
        pass


warm_up()
# What the workers inherit (modules, caches, word lists) lives as long as they do: keep it out of
# the cyclic garbage collector's passes, and collect young objects less often (a batch makes
# hundreds of thousands of short-lived rows; ~4 % of a batch's time went to collections).
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 100)
