"""The fetch benchmark (part of ``make bench``, or ``python -m benchmarks.fetch``): 2,000
pages on 10 local hosts (127.0.0.1, ten ports, served by a child process) answering with
50 ms latency, fetched at 5 requests/s per host. Prints the fetch's wall time against the
politeness bound, the cost of HTML to documents against ``trafilatura.extract`` alone on the
same pages, and peak RSS. It never fails: it measures and prints."""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import tempfile
import time
from pathlib import Path

HOSTS, PAGES, LATENCY, RATE = 10, 2000, 0.05, 5.0


def _serve(n_hosts: int, per_host: int, latency: float, queue: mp.Queue) -> None:
    from flows.fetch.testsite import Server, Site, article, html_page

    servers = []
    for h in range(n_hosts):
        site = Site(latency=latency)
        site.routes["/robots.txt"] = lambda _n: (404, {}, b"")
        for i in range(per_host):
            title, paras = article(h * per_host + i)
            site.static(f"/p/{i}.html", html_page(title, paras).encode(), "text/html; charset=utf-8")
        servers.append(Server(site).__enter__())
    queue.put([s.url for s in servers])
    time.sleep(3600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=PAGES)
    parser.add_argument("--hosts", type=int, default=HOSTS)
    args = parser.parse_args()
    per_host = args.pages // args.hosts
    queue: mp.Queue = mp.get_context("fork").Queue()
    child = mp.get_context("fork").Process(target=_serve, args=(args.hosts, per_host, LATENCY, queue), daemon=True)
    child.start()
    urls = queue.get(timeout=120)
    tmp = Path(tempfile.mkdtemp(prefix="lianghui-fetch-bench-"))
    try:
        sources = [
            {"name": f"host{h}", "kind": "urls", "enabled": True,
             "start": [f"{u}/p/{i}.html" for i in range(per_host)],
             "politeness": {"rate": RATE, "concurrency": 2, "timeout": 10}}
            for h, u in enumerate(urls)
        ]  # fmt: skip
        registry = tmp / "sources.yaml"
        registry.write_text(json.dumps({"sources": sources}), encoding="utf-8")
        import asyncio

        from flows.fetch.archive import Archive
        from flows.fetch.registry import load_registry
        from flows.fetch.run import _fetch_all, rebuild_documents

        raw = tmp / "raw"
        start = time.monotonic()
        with Archive(raw) as archive:
            reports = asyncio.run(_fetch_all(archive, {}, load_registry(registry)))
        fetch_s = time.monotonic() - start
        bound = per_host / RATE  # per host: robots.txt and the pages, 1/rate apart
        fetched = sum(r.fetched for r in reports)
        failed = sum(len(r.failed) for r in reports)

        import trafilatura  # imported before both timings

        start = time.process_time()
        written = rebuild_documents(load_registry(registry), raw)
        docs_s = time.process_time() - start

        archive = Archive(raw)
        pages = [archive.payload(e)[0].decode("utf-8") for e in archive.entries() if e.role == "document"]
        start = time.process_time()
        for html in pages:
            trafilatura.extract(html)
        alone_s = time.process_time() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"fetch: {fetched} pages on {args.hosts} hosts ({failed} failed), {LATENCY * 1000:.0f} ms latency, "
              f"{RATE:g} req/s per host: {fetch_s:.1f} s; politeness bound {bound:.1f} s; ratio {fetch_s / bound:.2f}")  # fmt: skip
        print(f"html to documents: {written.documents} documents, {docs_s:.1f} s CPU ({len(pages) / docs_s:.0f} pages/s); "
              f"trafilatura.extract alone {alone_s:.1f} s ({len(pages) / alone_s:.0f} pages/s); ratio {docs_s / alone_s:.2f}")  # fmt: skip
        print(f"peak RSS of the fetching process: {rss:.0f} MB")
    finally:
        child.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
