"""A small two-sessions news site served on 127.0.0.1, for the tests and ``make demo-fetch``:
a special-topic page linking articles in UTF-8, GBK (with and without a meta charset) and
Big5, one gzip-compressed, one redirected, one missing (404), one failing once (500), one
that hangs, one disallowed by robots.txt, one answering 429 with Retry-After once, a PDF and
a binary file; a feed and a sitemap on a second host. Every page has an ETag and answers
If-None-Match with 304. The texts are written for this site."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

PLACES = [
    "青川县",
    "白河市",
    "南岭区",
    "东湖县",
    "西山市",
    "北塘区",
    "清水县",
    "石门市",
    "云溪区",
    "河口县",
    "松林市",
    "江湾区",
]
PEOPLE = [
    "李建国",
    "王秀兰",
    "陈志远",
    "赵丽华",
    "刘明",
    "孙海燕",
    "周文斌",
    "吴晓梅",
    "郑国强",
    "黄春燕",
    "林向东",
    "何雪",
]


def article(n: int) -> tuple[str, list[str]]:
    """Title and paragraphs of article ``n`` (each article its own place, person and figures)."""
    place, person = PLACES[n % len(PLACES)], PEOPLE[n % len(PEOPLE)]
    title = f"{place}代表谈今年发展目标（{n}）"
    paras = [
        f"本报讯 两会期间，省人大代表、{place}负责人{person}接受记者采访时表示，今年{place}将新建高标准农田{n + 3}万亩，力争居民人均可支配收入增长{n % 5 + 5}%左右。",
        f"{person}说：“我们要把特色产业做强做优，让群众在家门口就能增收致富。”去年{place}粮食产量达到{30 + n}.6万吨，比上年增长{n % 4 + 1}.2%。",
        f"{person}介绍，{place}将继续推进农村公路建设，年内新改建道路{100 + n}公里，着力解决群众出行难题，并新增城镇就业岗位{n + 1}千个。",
    ]
    return title, paras


def html_page(title: str, paras: list[str], charset: str | None = "utf-8", date: str = "2026-03-05") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}_两会专题_示例日报</title>"
        f'<meta property="article:published_time" content="{date}"></head><body>'
        '<div class="nav"><a href="/">首页</a> | <a href="/about.html">关于我们</a> | <a href="/lianghui/">两会专题</a></div>'
        f'<article><h1>{title}</h1><div class="info">来源：示例日报 {date}</div>{body}</article>'
        '<div class="comments"><h3>网友评论</h3><p>网友甲：说得好！</p></div>'
        '<div class="footer">版权所有 示例日报社 联系我们 网站地图</div></body></html>'
    )


@dataclass
class Site:
    """Routes of one host: path -> handler(request count of that path) -> (status, headers, body)."""

    routes: dict[str, Callable[[int], tuple[int, dict[str, str], bytes]]] = field(default_factory=dict)
    latency: float = 0.0
    log: list[tuple[float, str, str]] = field(default_factory=list)  # (time, method+path, If-None-Match)
    counts: dict[str, int] = field(default_factory=dict)
    agents: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def static(self, path: str, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        self.routes[path] = lambda _n: (200, {"Content-Type": ctype, "ETag": etag, **(extra or {})}, body)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *_args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        site = self.server.site  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.log.append((time.monotonic(), path, self.headers.get("If-None-Match") or ""))
            n = site.counts[path] = site.counts.get(path, 0) + 1
            site.agents.add(self.headers.get("User-Agent") or "")
        if site.latency:
            time.sleep(site.latency)
        route = site.routes.get(path)
        status, headers, body = route(n) if route else (404, {"Content-Type": "text/html"}, b"<h1>not found</h1>")
        etag = headers.get("ETag")
        if status == 200 and etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        for k, v in headers.items():
            if status != 304 or k in ("ETag",):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up
            self.wfile.write(body)


class Server:
    """A site on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.site = site  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _html(n: int, charset: str | None, encoding: str, header_charset: bool = True) -> tuple[bytes, str]:
    title, paras = article(n)
    body = html_page(title, paras, charset).encode(encoding)
    return body, "text/html; charset=" + encoding if header_charset else "text/html"


def news_site(hang: float = 5.0) -> Site:
    """The special-topic host (see the module docstring); ``hang``: seconds /a/8.html waits."""
    site = Site()
    site.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    links = [f"/a/{i}.html" for i in (1, 2, 3, 4, 6, 7, 8, 10, 13)] + [
        "/a/old-5.html",
        "/private/9.html",
        "/a/11.pdf",
        "/a/12.bin",
    ]
    index = "".join(f'<li><a href="{u}">第{i}篇</a></li>' for i, u in enumerate(links, 1))
    page = f'<html><head><meta charset="utf-8"><title>两会专题</title></head><body><a href="/about.html">关于</a><ul>{index}</ul></body></html>'
    site.static("/lianghui/index.html", page.encode(), "text/html; charset=utf-8")
    site.static(
        "/about.html",
        html_page("关于我们", ["示例日报是一家虚构的报纸，仅供测试。"]).encode(),
        "text/html; charset=utf-8",
    )
    body, ct = _html(1, "utf-8", "utf-8")
    site.static("/a/1.html", body, ct)
    body, _ = _html(2, "gbk", "gbk")
    site.static("/a/2.html", body, "text/html")  # GBK, declared only by meta charset
    body, _ = _html(3, None, "gbk")
    site.static("/a/3.html", body, "text/html")  # GBK, declared nowhere
    body, ct = _html(4, "utf-8", "utf-8")
    site.static("/a/4.html", gzip.compress(body, mtime=0), ct, {"Content-Encoding": "gzip"})
    site.routes["/a/old-5.html"] = lambda _n: (301, {"Location": "/a/5.html"}, b"")
    body, ct = _html(5, "utf-8", "utf-8")
    site.static("/a/5.html", body, ct)
    body7, ct7 = _html(7, "utf-8", "utf-8")
    etag7 = '"seven"'
    site.routes["/a/7.html"] = lambda n: (
        (500, {}, b"busy") if n == 1 else (200, {"Content-Type": ct7, "ETag": etag7}, body7)
    )

    def hang_route(_n: int) -> tuple[int, dict[str, str], bytes]:
        time.sleep(hang)
        return 200, {"Content-Type": "text/html"}, b"<html>too late</html>"

    site.routes["/a/8.html"] = hang_route
    body, ct = _html(9, "utf-8", "utf-8")
    site.static("/private/9.html", body, ct)
    body10, ct10 = _html(10, "utf-8", "utf-8")
    site.routes["/a/10.html"] = lambda n: (
        (429, {"Retry-After": "1"}, b"") if n == 1 else (200, {"Content-Type": ct10, "ETag": '"ten"'}, body10)
    )
    site.static("/a/11.pdf", make_pdf(*article(11)), "application/pdf")
    site.static("/a/12.bin", bytes(range(256)) * 4, "application/octet-stream")
    from opencc import OpenCC

    s2t = OpenCC("s2t").convert
    title, paras = article(13)
    page = html_page(s2t(title), [s2t(p) for p in paras], "big5").encode("big5", "xmlcharrefreplace")
    site.static("/a/13.html", page, "text/html")  # Big5, Traditional characters
    return site


def feed_site() -> Site:
    """The second host: an RSS feed and a sitemap, each linking two articles."""
    site = Site()
    items = "".join(f"<item><title>t{i}</title><link>/f/{i}.html</link></item>" for i in (20, 21))
    site.static(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>示例</title>{items}</channel></rss>'.encode(),
        "application/rss+xml",
    )
    locs = "".join(f"<url><loc>/s/{i}.html</loc></url>" for i in (22, 23))
    site.static(
        "/sitemap.xml",
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode(),
        "application/xml",
    )
    for i in (20, 21):
        body, ct = _html(i, "utf-8", "utf-8")
        site.static(f"/f/{i}.html", body, ct)
    for i in (22, 23):
        body, ct = _html(i, "gb2312", "gb18030")
        site.static(f"/s/{i}.html", body, "text/html")
    return site


def make_pdf(title: str, paras: list[str]) -> bytes:
    """A PDF with a text layer, in reportlab's built-in CID font STSong-Light (no font file)."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("STSong-Light", 14)
    y = 800
    c.drawString(40, y, title)
    c.setFont("STSong-Light", 10)
    for p in paras:
        y -= 30
        for i in range(0, len(p), 48):  # 48 characters a line
            c.drawString(40, y, p[i : i + 48])
            y -= 14
    c.save()
    return buf.getvalue()
