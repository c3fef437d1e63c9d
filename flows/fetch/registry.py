"""The source registry (``seeds/sources.yaml``): one entry per source, checked on load.
Every problem is reported as one line naming the entry and the field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.errors import LianghuiError

KINDS = ("page-list", "feed", "sitemap", "urls", "corpus-file")
WEB_KINDS = ("page-list", "feed", "sitemap", "urls")
MAPPING_FIELDS = ("text", "title", "published", "url", "outlet", "license", "language")
FORMATS = ("csv", "jsonl", "parquet")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_KEYS = {
    "name",
    "kind",
    "enabled",
    "start",
    "path",
    "format",
    "links",
    "outlet",
    "language",
    "license",
    "politeness",
    "schedule",
    "mapping",
}
_POLITENESS_KEYS = {"rate", "concurrency", "timeout", "max_bytes", "max_redirects", "retries", "backoff"}


class RegistryError(LianghuiError):
    """The registry has bad entries; the message lists every one."""


@dataclass(frozen=True)
class Politeness:
    rate: float = 1.0  # requests per second per host
    concurrency: int = 2  # requests in flight per host
    timeout: float = 20.0  # seconds for connect, each read, and the whole response
    max_bytes: int = 20 << 20  # a larger response is abandoned
    max_redirects: int = 5
    retries: int = 3  # extra attempts after a 429, 5xx or network error
    backoff: float = 2.0  # seconds before the first retry, doubled each time (Retry-After wins)


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    enabled: bool = False
    start: tuple[str, ...] = ()
    path: str | None = None
    format: str | None = None
    links: tuple[str, ...] = ()
    outlet: str | None = None
    language: str | None = None
    license: str | None = None
    politeness: Politeness = field(default_factory=Politeness)
    schedule: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)

    def wants(self, url: str) -> bool:
        """An article link of this source: matches one of ``links`` (all links when none is given)."""
        return not self.links or any(re.search(p, url) for p in self.links)


def load_registry(path: Path | str) -> list[Source]:
    """Read and check the registry; raise ``RegistryError`` listing every bad entry and field."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise RegistryError(f"source registry {path} does not exist")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RegistryError(f"source registry {path} is not valid YAML: {exc}") from None
    return parse_registry(doc, str(path), base=path.parent)


def parse_registry(doc: Any, where: str, base: Path | None = None) -> list[Source]:
    if doc is None:
        doc = {"sources": []}
    if not isinstance(doc, dict) or set(doc) - {"sources"} or not isinstance(doc.get("sources", []), list):
        raise RegistryError(f"{where}: the registry must be a mapping with one key, `sources`, holding a list")
    errors: list[str] = []
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(doc.get("sources") or []):
        label = f"entry {i + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" ({entry['name']})"
        found = _check(entry, base)
        if isinstance(found, Source):
            if found.name in seen:
                errors.append(f"{where}: {label}: name: {found.name!r} is used twice")
            seen.add(found.name)
            sources.append(found)
        else:
            errors += [f"{where}: {label}: {e}" for e in found]
    if errors:
        raise RegistryError("bad source registry:\n" + "\n".join(errors))
    return sources


def _check(entry: Any, base: Path | None) -> Source | list[str]:
    if not isinstance(entry, dict):
        return ["must be a mapping"]
    errors = [f"{k}: unknown field (allowed: {', '.join(sorted(_KEYS))})" for k in sorted(set(entry) - _KEYS, key=str)]
    name, kind = entry.get("name"), entry.get("kind")
    if not isinstance(name, str) or not _NAME.match(name):
        errors.append("name: required, lower-case letters, digits, '.', '_' or '-'")
    if kind not in KINDS:
        errors.append(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    enabled = entry.get("enabled", False)
    if not isinstance(enabled, bool):
        errors.append("enabled: must be true or false")
    for key in ("outlet", "language", "license", "schedule", "path", "format"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            errors.append(f"{key}: must be a string")
    start = entry.get("start", [])
    if isinstance(start, str):
        start = [start]
    links = entry.get("links", [])
    if isinstance(links, str):
        links = [links]
    if not isinstance(start, list) or not all(isinstance(u, str) for u in start):
        errors.append("start: must be a URL or a list of URLs")
        start = []
    if not isinstance(links, list) or not all(isinstance(p, str) for p in links):
        errors.append("links: must be a regular expression or a list of them")
        links = []
    for p in links:
        try:
            re.compile(p)
        except re.error as exc:
            errors.append(f"links: {p!r} is not a regular expression ({exc})")
    mapping = entry.get("mapping") or {}
    fmt = entry.get("format")
    path = entry.get("path")
    if kind in WEB_KINDS:
        if not start:
            errors.append(f"start: a {kind} source needs at least one URL")
        for u in start:
            if not re.match(r"^https?://[^/\s]+", u):
                errors.append(f"start: {u!r} is not an http(s) URL")
        if path is not None or mapping:
            errors.append("path/mapping: only for corpus-file sources")
    elif kind == "corpus-file":
        if not isinstance(path, str) or not path:
            errors.append("path: a corpus-file source needs a file or folder")
        elif base is not None and not Path(path).is_absolute():
            path = str((base / path).resolve()) if not Path(path).exists() else path
        if fmt is not None and fmt not in FORMATS:
            errors.append(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
        if not isinstance(mapping, dict):
            errors.append("mapping: must map fields to columns")
            mapping = {}
        else:
            for k, v in mapping.items():
                if k not in MAPPING_FIELDS:
                    errors.append(f"mapping.{k}: unknown field (allowed: {', '.join(MAPPING_FIELDS)})")
                elif not isinstance(v, str) or not v:
                    errors.append(f"mapping.{k}: must be a column name or a template such as '{{province}}人民政府'")
            if "text" not in mapping:
                errors.append("mapping.text: required (the column holding the document's text)")
        if start:
            errors.append("start: not for corpus-file sources (use path)")
    politeness = entry.get("politeness") or {}
    pol = Politeness()
    if not isinstance(politeness, dict):
        errors.append("politeness: must be a mapping (rate, concurrency, timeout, ...)")
    else:
        for k in sorted(set(politeness) - _POLITENESS_KEYS, key=str):
            errors.append(f"politeness.{k}: unknown field (allowed: {', '.join(sorted(_POLITENESS_KEYS))})")
        values = {}
        for k in _POLITENESS_KEYS & set(politeness):
            v = politeness[k]
            want_int = k in ("concurrency", "max_bytes", "max_redirects", "retries")
            ok = isinstance(v, int) if want_int else isinstance(v, int | float)
            if isinstance(v, bool) or not ok or v < (1 if k in ("concurrency", "max_bytes") else 0):
                errors.append(f"politeness.{k}: {v!r} is not a valid {'whole ' if want_int else ''}number")
            elif k == "rate" and v <= 0:
                errors.append("politeness.rate: must be above 0 (requests per second per host)")
            else:
                values[k] = v
        pol = Politeness(**values)
    if errors:
        return errors
    return Source(
        name=name,
        kind=kind,
        enabled=enabled,
        start=tuple(start),
        path=path,
        format=fmt,
        links=tuple(links),
        outlet=entry.get("outlet"),
        language=entry.get("language"),
        license=entry.get("license"),
        politeness=pol,
        schedule=entry.get("schedule"),
        mapping=dict(mapping),
    )


def select(sources: list[Source], name: str | None) -> list[Source]:
    """The enabled sources, or the one named (enabled or not)."""
    if name is None:
        return [s for s in sources if s.enabled]
    chosen = [s for s in sources if s.name == name]
    if not chosen:
        raise RegistryError(f"no source named {name!r} in the registry (have: {', '.join(s.name for s in sources)})")
    return chosen
