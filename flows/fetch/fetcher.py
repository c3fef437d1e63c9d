"""The polite fetcher: httpx with timeouts, size and redirect limits, http(s) only;
robots.txt (protego); per-host rate and concurrency limits; Retry-After and exponential
backoff on 429 and 5xx; conditional GET (ETag / Last-Modified); URL normalisation and
de-duplication (courlan). Every response goes to the archive; a failing source is
reported and the others go on."""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import functools
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from flows.fetch.archive import Archive, Entry
from flows.fetch.registry import Politeness, Source

USER_AGENT = "lianghui-fetch/1.0 (+https://github.com/lianghui-data/lianghui; open dataset of the two sessions)"
ROBOTS_AGENT = "lianghui-fetch"
MAX_RETRY_AFTER = 300.0


@dataclass
class SourceReport:
    name: str
    kind: str
    fetched: int = 0  # new or changed content
    unchanged: int = 0  # 304, or the same bytes as last time
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    error: str | None = None  # the source as a whole failed

    def fail(self, url: str, why: str) -> None:
        self.failed.append((url, why))


class HostLimits:
    """Per host: at most ``concurrency`` requests in flight, and requests at least 1/rate
    seconds apart (or the robots.txt Crawl-delay, if longer). Requests are given turns
    that far apart (``turn``); and since opening a connection can delay one past the next
    one's turn, the request line itself is sent no sooner than that after the last one
    (``sending``, called by httpcore just before it writes the request)."""

    def __init__(self, politeness: Politeness) -> None:
        self.interval = 1.0 / politeness.rate
        self.sem = asyncio.Semaphore(politeness.concurrency)
        self.lock = asyncio.Lock()
        self.next_start = 0.0
        self.send_lock = asyncio.Lock()
        self.last_sent = -1e9

    async def sending(self, name: str, _info: object) -> None:
        if not name.endswith("send_request_headers.started"):
            return
        async with self.send_lock:
            wait = self.last_sent + self.interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.last_sent = time.monotonic()

    def tighten(self, politeness: Politeness) -> None:
        self.interval = max(self.interval, 1.0 / politeness.rate)

    async def turn(self) -> None:
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


def normalize(url: str) -> str | None:
    """A canonical form of an http(s) URL (courlan), without its fragment; None for others."""
    from courlan import normalize_url

    if not re.match(r"^https?://", url, re.I):
        return None
    try:
        return normalize_url(url.split("#", 1)[0], strict=False)
    except (ValueError, AttributeError):
        return None


class Fetcher:
    def __init__(self, archive: Archive, previous: dict[str, Entry]) -> None:
        self.archive = archive
        self.previous = previous  # latest 200 response per URL, for conditional GET
        self.limits: dict[str, HostLimits] = {}
        self.robots: dict[str, object] = {}  # host -> Protego, or a reason string: every path refused
        self.robots_locks: dict[str, asyncio.Lock] = {}
        # archive writes (fsync) in one thread of their own: the event loop keeps sending
        # requests on time, and records are written one at a time
        self.writer = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc")

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def _limits(self, host: str, pol: Politeness) -> HostLimits:
        if host not in self.limits:
            self.limits[host] = HostLimits(pol)
        else:
            self.limits[host].tighten(pol)
        return self.limits[host]

    async def _request(
        self, client: httpx.AsyncClient, source: Source, url: str, headers: dict[str, str], role: str
    ) -> tuple[int, Entry | None, str | None]:
        """One exchange under the host's limits, with retries; (status, entry, failure)."""
        pol = source.politeness
        limits = self._limits(self._host(url), pol)
        why = None
        for attempt in range(pol.retries + 1):
            async with limits.sem:
                await limits.turn()
                try:
                    status, reason, resp_headers, body, req_headers = await asyncio.wait_for(
                        self._get(client, url, headers, pol.max_bytes, limits), pol.timeout + limits.interval
                    )
                except (TimeoutError, httpx.TimeoutException):
                    status, why = 0, f"timed out after {pol.timeout:g} s"
                except (httpx.HTTPError, OSError) as exc:
                    status, why = 0, f"{type(exc).__name__}: {exc}".rstrip(": ")
                except _TooLarge:
                    return 0, None, f"larger than {pol.max_bytes} bytes"
            if status:
                entry = await asyncio.get_running_loop().run_in_executor(
                    self.writer,
                    functools.partial(
                        self.archive.write_exchange,
                        source.name,
                        url,
                        req_headers,
                        status,
                        reason,
                        resp_headers,
                        body,
                        role=role,
                    ),
                )
                if status != 429 and status < 500:
                    return status, entry, None
                why = f"HTTP {status}"
                wait = _retry_after(dict((k.lower(), v) for k, v in resp_headers).get("retry-after"))
            else:
                entry, wait = None, None
                sent = [("Host", urlsplit(url).netloc), ("User-Agent", USER_AGENT), *headers.items()]
                await asyncio.get_running_loop().run_in_executor(self.writer, self.archive.write_request, url, sent)
            if attempt == pol.retries:
                break
            await asyncio.sleep(min(wait if wait is not None else pol.backoff * 2**attempt, MAX_RETRY_AFTER))
        return status, None, f"{why} (after {pol.retries + 1} attempts)"

    async def _get(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int, limits: HostLimits
    ) -> tuple[int, str, list[tuple[str, str]], bytes, list[tuple[str, str]]]:
        async with client.stream("GET", url, headers=headers, extensions={"trace": limits.sending}) as resp:
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _TooLarge
            chunks, size = [], 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise _TooLarge
                chunks.append(chunk)
            req_headers = [(k.decode() if isinstance(k, bytes) else k, v) for k, v in resp.request.headers.items()]
            return (resp.status_code, resp.reason_phrase, list(resp.headers.items()), b"".join(chunks), req_headers)

    async def allowed(self, client: httpx.AsyncClient, source: Source, url: str) -> str | None:
        """None when robots.txt lets us fetch ``url``, else why not."""
        from protego import Protego

        host = self._host(url)
        lock = self.robots_locks.setdefault(host, asyncio.Lock())
        async with lock:
            if host not in self.robots:
                status, entry, why = await self._request(client, source, host + "/robots.txt", {}, "robots")
                if entry is not None and status == 200:
                    body, _ = self.archive.payload(entry)
                    rules = Protego.parse(body.decode("utf-8", "replace"))
                    delay = rules.crawl_delay(ROBOTS_AGENT)
                    if delay:
                        limits = self._limits(host, source.politeness)
                        limits.interval = max(limits.interval, float(delay))
                    self.robots[host] = rules
                elif entry is not None and 400 <= status < 500:
                    self.robots[host] = None  # no robots.txt: everything allowed
                else:
                    self.robots[host] = f"robots.txt unreachable ({why or status}): not fetching from {host}"
        rules = self.robots[host]
        if isinstance(rules, str):
            return rules
        if rules is not None and not rules.can_fetch(url, ROBOTS_AGENT):
            return "disallowed by robots.txt"
        return None

    async def fetch(
        self, client: httpx.AsyncClient, source: Source, url: str, role: str, report: SourceReport
    ) -> Entry | None:
        """Fetch ``url`` (following redirects): the entry holding its current content (a
        new response, or the previous one when unchanged), or None when it failed."""
        for _hop in range(source.politeness.max_redirects + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                report.fail(url, "not an http(s) URL")
                return None
            why = await self.allowed(client, source, url)
            if why:
                report.fail(url, why)
                return None
            prev = self.previous.get(url)
            headers = {}
            if prev is not None and prev.etag:
                headers["If-None-Match"] = prev.etag
            if prev is not None and prev.last_modified:
                headers["If-Modified-Since"] = prev.last_modified
            status, entry, why = await self._request(client, source, url, headers, role)
            if entry is None:
                report.fail(url, why or "failed")
                return None
            if status in (301, 302, 303, 307, 308):
                location = dict((k.lower(), v) for k, v in self.archive.payload(entry)[1]).get("location")
                target = normalize(urljoin(url, location)) if location else None
                if not target:
                    report.fail(url, f"HTTP {status} without a usable http(s) Location")
                    return None
                url = target
                continue
            if status == 304 and prev is not None:
                report.unchanged += 1
                return prev
            if status != 200:
                report.fail(url, f"HTTP {status}")
                return None
            if prev is not None and prev.sha256 == entry.sha256:
                report.unchanged += 1
            else:
                report.fetched += 1
            self.previous[url] = entry
            return entry
        report.fail(url, f"more than {source.politeness.max_redirects} redirects")
        return None


class _TooLarge(Exception):
    pass


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def links_in_html(body: bytes, base: str) -> list[str]:
    import lxml.html

    try:
        root = lxml.html.fromstring(body, base_url=base)
    except (ValueError, lxml.etree.ParserError):
        return []
    root.make_links_absolute(base, resolve_base_href=True)
    return [a.get("href") for a in root.iter("a") if a.get("href")]


def links_in_xml(body: bytes) -> tuple[list[str], list[str]]:
    """(document links, nested sitemaps) of an RSS or Atom feed or a sitemap."""
    import lxml.etree

    try:
        root = lxml.etree.fromstring(body, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    except lxml.etree.XMLSyntaxError:
        return [], []
    links, nested = [], []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1]
        parent = el.getparent()
        ptag = parent.tag.rsplit("}", 1)[-1] if parent is not None and isinstance(parent.tag, str) else ""
        if tag == "link" and ptag in ("item", "entry"):
            href = el.get("href") or (el.text or "").strip()
            if href and el.get("rel", "alternate") == "alternate":
                links.append(href)
        elif tag == "loc" and ptag == "url":
            links.append((el.text or "").strip())
        elif tag == "loc" and ptag == "sitemap":
            nested.append((el.text or "").strip())
    return links, nested


async def fetch_web_source(fetcher: Fetcher, source: Source, report: SourceReport) -> None:
    pol = source.politeness
    timeout = httpx.Timeout(pol.timeout)
    async with httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT}, timeout=timeout, follow_redirects=False, trust_env=False
    ) as client:
        targets: list[str] = []
        if source.kind == "urls":
            targets = list(source.start)
        else:
            lists = list(source.start)
            seen_lists: set[str] = set()
            while lists:
                url = normalize(lists.pop(0))
                if url is None or url in seen_lists or len(seen_lists) > 100:
                    continue
                seen_lists.add(url)
                entry = await fetcher.fetch(client, source, url, "list", report)
                if entry is None:
                    continue
                body, _ = fetcher.archive.payload(entry)
                if source.kind == "page-list":
                    found = [u for u in links_in_html(body, url) if _same_site_or_wanted(source, url, u)]
                else:
                    found, nested = links_in_xml(body)
                    lists += [urljoin(url, u) for u in nested]
                    found = [urljoin(url, u) for u in found if source.wants(urljoin(url, u))]
                targets += found
        unique = list(dict.fromkeys(u for u in map(normalize, targets) if u))
        await asyncio.gather(*(fetcher.fetch(client, source, u, "document", report) for u in unique))


def _same_site_or_wanted(source: Source, page: str, link: str) -> bool:
    if source.links:
        return source.wants(link)
    return urlsplit(link).netloc == urlsplit(page).netloc and link.split("#")[0] != page
