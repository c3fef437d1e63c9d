"""Fetching real HTTP servers on 127.0.0.1 (never another address): the special-topic site,
a feed and a sitemap, a PDF; politeness, the archive, 304s on the second run, and a build
from the archive. Content is the test site's own (flows/fetch/testsite.py)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.build.run import run_build
from flows.fetch.archive import OPEN_SUFFIX, Archive, iter_records
from flows.fetch.fetcher import USER_AGENT
from flows.fetch.registry import load_registry
from flows.fetch.run import rebuild_documents, run_fetch
from flows.fetch.testsite import Server, Site, article, feed_site, html_page, news_site
from flows.settings import load_settings
from tests.conftest import ROOT

RATE = 5.0  # requests per second per host


def _registry(tmp_path: Path, news: str, feeds: str) -> Path:
    pol = {"rate": RATE, "concurrency": 2, "timeout": 1, "retries": 2, "backoff": 0.2}
    sources = [
        {"name": "topic", "kind": "page-list", "enabled": True, "start": [news + "/lianghui/index.html"],
         "links": ["/a/", "/private/"], "outlet": "示例日报", "language": "zh-Hans", "politeness": pol},
        {"name": "feed", "kind": "feed", "enabled": True, "start": [feeds + "/feed.xml"], "politeness": pol},
        {"name": "map", "kind": "sitemap", "enabled": True, "start": [feeds + "/sitemap.xml"], "politeness": pol},
        # nothing listens on port 9 of 127.0.0.1: this source fails, the others go on
        {"name": "down", "kind": "urls", "enabled": True, "start": ["http://127.0.0.1:9/x.html"],
         "politeness": {"timeout": 1, "retries": 0}},
        {"name": "missing", "kind": "corpus-file", "enabled": True, "path": str(tmp_path / "nowhere"), "mapping": {"text": "t"}},
    ]  # fmt: skip
    path = tmp_path / "sources.yaml"
    path.write_text(json.dumps({"sources": sources}, ensure_ascii=False), encoding="utf-8")
    return path


def _gaps_ok(site: Site) -> list[float]:
    """Gaps between requests arriving at one host shorter than 1/RATE, less 25 % for the
    server's own thread scheduling (the test shares 2 cores); and the host's average rate."""
    times = sorted(t for t, _, _ in site.log)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert (len(times) - 1) / (times[-1] - times[0]) <= RATE * 1.01
    return [g for g in gaps if g < 0.75 / RATE]


@pytest.mark.timeout(180)
def test_fetch_site_feed_sitemap_pdf_then_build(tmp_path: Path) -> None:
    with Server(news_site(hang=3)) as news, Server(feed_site()) as feeds:
        registry = _registry(tmp_path, news.url, feeds.url)
        data = tmp_path / "data"
        first = run_fetch(registry, data)
        reports = {r.name: r for r in first.reports}
        failed = {u.rsplit("/", 2)[-2] + "/" + u.rsplit("/", 1)[-1]: why for u, why in reports["topic"].failed}
        assert failed == {
            "a/6.html": "HTTP 404",
            "a/8.html": "timed out after 1 s (after 3 attempts)",
            "private/9.html": "disallowed by robots.txt",
        }, failed
        assert reports["topic"].fetched == 11  # the list page and ten articles (5 via its redirect)
        assert (reports["feed"].fetched, reports["map"].fetched) == (3, 3)
        assert reports["down"].failed and "robots.txt unreachable" in reports["down"].failed[0][1]
        assert "does not exist" in reports["missing"].error
        # the server saw: 500 then 200, 429 then (after Retry-After: 1) 200, our User-Agent
        assert news.site.counts["/a/7.html"] == 2 and news.site.counts["/a/10.html"] == 2
        t429 = [t for t, p, _ in news.site.log if p == "/a/10.html"]
        assert t429[1] - t429[0] >= 0.95
        assert news.site.agents == {USER_AGENT} and "/about.html" not in news.site.counts
        assert _gaps_ok(news.site) == [] and _gaps_ok(feeds.site) == []  # politeness per host

        docs = first.documents_dir
        texts = {p.name: p.read_text(encoding="utf-8") for p in docs.rglob("*.txt")}
        assert len(texts) == 13 and first.written.documents == 13
        from opencc import OpenCC

        s2t = OpenCC("s2t").convert
        for n in (1, 2, 3, 4, 5, 7, 10, 11, 13, 20, 21, 22, 23):
            title, paras = article(n)
            if n == 13:
                title, paras = s2t(title), [s2t(p) for p in paras]
            hits = [t for t in texts.values() if all(p in t for p in paras)]
            assert len(hits) == 1, n
            assert hits[0].startswith(title) and "网友评论" not in hits[0] and "版权所有" not in hits[0]
        assert [r["url"].rsplit("/", 1)[-1] for r in first.written.rejected] == ["12.bin"]
        assert "not HTML, PDF or plain text" in first.written.rejected[0]["reason"]
        meta = json.loads(next(docs.glob("topic/*a_5.html-*.meta.json")).read_text(encoding="utf-8"))
        assert meta["url"] == news.url + "/a/5.html" and meta["published"] == "2026-03-05"
        assert meta["outlet"] == "示例日报" and meta["warc_record_id"].startswith("<urn:uuid:")

        # the archive: request and response records with digests, each pair linked
        files = sorted((data / "raw" / "warc").glob("*.warc.gz"))
        assert len(files) == 1 and not list((data / "raw" / "warc").glob("*" + OPEN_SUFFIX))
        records = list(iter_records(files[0]))
        kinds = [r.rec_type for r in records]
        answered = [p for _, p, _ in news.site.log + feeds.site.log if p != "/a/8.html"]  # 8 hangs: no response
        assert kinds.count("response") == len(answered)
        # every request is archived, answered or not (8: three attempts; port 9: refused robots.txt)
        assert kinds.count("request") == len(answered) + 3 + 1
        ids = {r.rec_headers.get_header("WARC-Record-ID") for r in records}
        for r in records:
            assert r.rec_headers.get_header("WARC-Block-Digest")
            linked = r.rec_headers.get_header("WARC-Concurrent-To")
            assert linked in ids or (r.rec_type == "request" and linked is None)  # None: no response came
            if r.rec_type == "response":
                assert r.rec_headers.get_header("WARC-Payload-Digest")
        assert meta["warc_record_id"] in ids

        # second run: conditional GETs, 304s, nothing new
        n_before = len(news.site.log)
        second = run_fetch(registry, data)
        reports = {r.name: r for r in second.reports}
        assert reports["topic"].fetched == 0 and reports["topic"].unchanged == 11
        assert (reports["feed"].fetched, reports["feed"].unchanged) == (0, 3)
        again = [(p, inm) for _, p, inm in news.site.log[n_before:]]
        assert ("/a/1.html", news.site.routes["/a/1.html"](1)[1]["ETag"]) in again
        assert ("/a/10.html", '"ten"') in again
        assert second.written.documents == 13

    # a build from the archive: the same release as from the documents given as files
    release = run_build(load_settings(first.documents_dir, data)).path
    copy = tmp_path / "as-files"
    shutil.copytree(first.documents_dir, copy)
    shutil.rmtree(first.documents_dir)
    rebuild_documents(load_registry(registry), data / "raw")  # from the archive alone, offline
    rebuilt = run_build(load_settings(first.documents_dir, tmp_path / "data2")).path
    from_files = run_build(load_settings(copy, tmp_path / "data3")).path
    sums = (release / "SHA256SUMS").read_text()
    assert (rebuilt / "SHA256SUMS").read_text() == sums == (from_files / "SHA256SUMS").read_text()
    import pyarrow.parquet as pq

    documents = pq.read_table(release / "documents.parquet").to_pylist()
    assert len(documents) == 13 and all(d["url"] and d["fetched_at"] and d["warc_record_id"] for d in documents)
    assert pq.read_table(release / "goals.parquet").num_rows > 0


def _slow_site(n: int) -> Site:
    site = Site()
    site.latency = 0.02
    links = "".join(f'<a href="/p/{i}.html">{i}</a>' for i in range(n))
    site.static("/list.html", f"<html><body>{links}</body></html>".encode(), "text/html; charset=utf-8")
    for i in range(n):
        title, paras = article(100 + i)
        site.static(f"/p/{i}.html", html_page(title, paras).encode(), "text/html; charset=utf-8")
    return site


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kill_after", [0.6, 1.7])
def test_killed_fetch_leaves_a_valid_archive_and_the_next_goes_on(tmp_path: Path, kill_after: float) -> None:
    with Server(_slow_site(40)) as site:
        reg = tmp_path / "sources.yaml"
        src = {"name": "slow", "kind": "page-list", "enabled": True, "start": [site.url + "/list.html"],
               "politeness": {"rate": 20, "concurrency": 2}}  # fmt: skip
        reg.write_text(json.dumps({"sources": [src]}), encoding="utf-8")
        data = tmp_path / "data"
        code = f"from flows.fetch.run import run_fetch; run_fetch({str(reg)!r}, {str(data)!r})"
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=os.environ.copy())
        deadline = time.monotonic() + 30
        while len(site.site.log) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        raw = data / "raw"
        # what is on disk is readable: closed files whole, the open one up to its last record
        open_files = list((raw / "warc").glob("*" + OPEN_SUFFIX))
        assert len(open_files) == 1
        done_before = len(Archive(raw).entries())
        assert 0 < done_before < 42
        result = run_fetch(reg, data)  # recovers the killed run's file and goes on
        assert not list((raw / "warc").glob("*" + OPEN_SUFFIX))
        for path in (raw / "warc").glob("*.warc.gz"):
            assert [r.rec_type for r in iter_records(path)]  # every record parses, digests check
        report = result.reports[0]
        assert report.failed == [] and report.unchanged >= 1 and report.fetched + report.unchanged == 41
        assert result.written.documents == 40
