"""One measurement in a fresh process (so that peak RSS is this measurement's
own), printed as one JSON line. Called by ``benchmarks.run``.

    python -m benchmarks.probe jieba CORPUS
    python -m benchmarks.probe plain CORPUS DATA --workers N
    python -m benchmarks.probe flow  CORPUS DATA --workers N   (also times an empty flow and the seed alone)
    python -m benchmarks.probe accuracy                       (fills the release card's accuracy cache)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path


def rss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_main_mb": round(own, 1), "rss_worker_mb": round(children, 1)}


def corpus_texts(corpus: Path) -> list[str]:
    from flows.extract.text.clean import clean_text

    return [clean_text(p.read_text(encoding="utf-8")) for p in sorted(corpus.rglob("*.txt"))]


def probe_jieba(corpus: Path) -> dict[str, float]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = corpus_texts(corpus)
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    seconds = time.perf_counter() - t
    mb = sum(len(x.encode("utf-8")) for x in texts) / 1e6
    return {
        "seconds": seconds,
        "mb": mb,
        "docs": len(texts),
        "mb_per_s": mb / seconds,
        "docs_per_s": len(texts) / seconds,
    }


def probe_plain(corpus: Path, data: Path, workers: int) -> dict[str, object]:
    from flows.build.run import run_build
    from flows.settings import load_settings

    t = time.perf_counter()
    result = run_build(load_settings(corpus, data), workers=workers)
    return {
        "wall": time.perf_counter() - t,
        "version": result.version,
        "published": result.published,
        "stages": result.seconds,
        "counts": result.counts,
        **rss_mb(),
    }


def probe_flow(corpus: Path, data: Path, workers: int) -> dict[str, object]:
    from flows.settings import configure_prefect_env

    configure_prefect_env()
    from prefect import flow

    from flows.flow import build_flow

    @flow(name="lianghui-empty")
    def empty() -> int:
        return 0

    t = time.perf_counter()
    empty()
    server_start = time.perf_counter() - t  # the temporary server starts with the first flow run
    empties = []
    for _ in range(3):
        t = time.perf_counter()
        empty()
        empties.append(time.perf_counter() - t)
    seed_data = data.with_name(data.name + "-seed")
    shutil.rmtree(seed_data, ignore_errors=True)  # a real build of the seed, not "no change since"
    t = time.perf_counter()
    build_flow(str(Path(__file__).resolve().parent.parent / "seeds"), str(seed_data), None, 1)
    seed = time.perf_counter() - t
    t = time.perf_counter()
    result = build_flow(str(corpus), str(data), None, workers)
    return {
        "wall": time.perf_counter() - t,
        "version": result.version,
        "server_start": server_start,
        "empty_flow": sorted(empties)[1],
        "seed_flow": seed,
        **rss_mb(),
    }


def probe_accuracy() -> dict[str, float]:
    """Fill the cache of the release card's accuracy figures for this code version (a cost
    of the first build after a code change, whatever the corpus: kept out of the timings,
    as jieba's dictionary load is)."""
    from flows.publish.release import measure_accuracy

    t = time.perf_counter()
    measure_accuracy()
    return {"seconds": time.perf_counter() - t}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("jieba", "plain", "flow", "accuracy"))
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("data", type=Path, nargs="?")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if args.mode == "accuracy":
        out = probe_accuracy()
    elif args.mode == "jieba":
        out = probe_jieba(args.corpus)
    elif args.mode == "plain":
        out = probe_plain(args.corpus, args.data, args.workers)
    else:
        out = probe_flow(args.corpus, args.data, args.workers)
    print(json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
