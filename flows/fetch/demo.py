"""``make demo-fetch``: start the test site on 127.0.0.1 (flows/fetch/testsite.py), write a
registry pointing at it, fetch it with the Prefect flow, build a release from the archive's
documents, and fetch again (every page answers 304). Everything goes to ``data/demo/``
(emptied first), so the repository's own data/ is untouched."""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="data/demo", help="data folder for the demo (emptied first)")
    data = Path(parser.parse_args().data)
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)

    from flows.settings import configure_prefect_env

    configure_prefect_env()
    from flows.fetch.flow import fetch_flow
    from flows.fetch.run import summary_lines
    from flows.fetch.testsite import Server, feed_site, news_site
    from flows.flow import run

    with Server(news_site(hang=2)) as news, Server(feed_site()) as feeds:
        pol = {"rate": 5, "concurrency": 2, "timeout": 1, "retries": 1, "backoff": 0.2}
        sources = [
            {"name": "demo-topic", "kind": "page-list", "enabled": True, "start": [news.url + "/lianghui/index.html"],
             "links": ["/a/", "/private/"], "outlet": "示例日报", "language": "zh-Hans", "politeness": pol},
            {"name": "demo-feed", "kind": "feed", "enabled": True, "start": [feeds.url + "/feed.xml"],
             "outlet": "示例新闻网", "language": "zh-Hans", "politeness": pol},
            {"name": "demo-sitemap", "kind": "sitemap", "enabled": True, "start": [feeds.url + "/sitemap.xml"],
             "outlet": "示例新闻网", "language": "zh-Hans", "politeness": pol},
        ]  # fmt: skip
        registry = data / "sources.yaml"
        registry.write_text(json.dumps({"sources": sources}, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"test site at {news.url} and {feeds.url}; registry {registry}")
        for attempt in ("first", "second"):
            start = time.monotonic()
            result = fetch_flow(str(registry), str(data))
            print(f"\n== {attempt} fetch ({time.monotonic() - start:.1f} s)")
            print("\n".join(summary_lines(result)))
            if attempt == "first":
                built = run(str(result.documents_dir), str(data), None)
                counts = ", ".join(f"{n} {t}" for t, n in built.counts.items())
                print(f"\n== build from {result.documents_dir}\npublished {built.version} at {built.path}: {counts}")
    print(f"\nraw archive: {data / 'raw' / 'warc'} (index {data / 'raw' / 'index.jsonl'})")


if __name__ == "__main__":
    main()
