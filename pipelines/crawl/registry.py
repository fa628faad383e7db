"""The site registry: which portals to crawl and how, as data (``data/sources.yaml``).

A source names the agencies it publishes for, its region (6-digit 行政区划代码),
the list page(s) of its annual-report column, its CMS family, the hosts it may
fetch from and its politeness settings. ``defaults`` at the top of the file
apply to every source that does not set a field itself. A bad file is refused
whole, with an error naming the source and the field, so nothing is crawled
from a half-understood registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

import yaml

CMS_FAMILIES = ("trs", "hanweb", "guangdong", "generic")
USER_AGENT = "xxgk-crawler/0.1 (open archive of government information-disclosure annual reports)"


class RegistryError(ValueError):
    """The registry cannot be used; the message names the source and the field."""


@dataclass(frozen=True)
class Source:
    name: str
    cms: str
    lists: tuple[str, ...]
    agencies: tuple[str, ...] = ()
    region_code: str | None = None
    hosts: frozenset[str] = frozenset()  # host or host:port; defaults to the list pages' hosts
    delay: float = 1.0  # minimum seconds between requests to one host
    concurrency: int = 1  # requests in flight to one host at most
    timeout: float = 20.0
    retries: int = 3  # further tries after a 5xx, 429, timeout or truncated body
    backoff: float = 1.0  # seconds before the first retry, doubled for each further one
    max_redirects: int = 5
    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 50  # list pages per list, at most
    allow_private: bool = False  # fetch from loopback/private addresses (test portals only)
    title_pattern: str | None = None  # a regex a report's title must match, instead of the default
    item_selector: str | None = None  # a CSS selector for the list's item links
    user_agent: str = USER_AGENT
    max_images: int = 20  # a report page's own pictures fetched at most (0: none)
    max_image_bytes: int = 5 * 1024 * 1024  # a bigger picture is not kept
    image_exclude: tuple[str, ...] = ()  # regexes: picture paths that are page furniture here

    def allows(self, url: str) -> bool:
        """Whether ``url`` is on one of this source's hosts (exact host, and port if given)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        netloc = parts.netloc.lower().rsplit("@", 1)[-1]
        return netloc in self.hosts or (parts.port is None and parts.hostname in self.hosts)


@dataclass(frozen=True)
class Registry:
    sources: tuple[Source, ...]
    origin: str = ""

    def names(self) -> list[str]:
        return [s.name for s in self.sources]

    def select(self, only: list[str] | None) -> list[Source]:
        if not only:
            return list(self.sources)
        unknown = [n for n in only if n not in self.names()]
        if unknown:
            raise RegistryError(f"{self.origin}: no source named {', '.join(map(repr, unknown))}")
        return [s for s in self.sources if s.name in only]


_FIELDS = {f.name: f for f in fields(Source)}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def load_registry(path: str | Path) -> Registry:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RegistryError(f"{path}: cannot read the registry: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise RegistryError(f"{path}: not valid YAML: {error}") from None
    return parse_registry(data, str(path))


def parse_registry(data: object, origin: str = "registry") -> Registry:
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or not data["sources"]:
        raise RegistryError(f"{origin}: expected a mapping with a non-empty list 'sources'")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise RegistryError(f"{origin}: 'defaults' must be a mapping")
    unknown = sorted(set(data) - {"defaults", "sources"})
    if unknown:
        raise RegistryError(f"{origin}: unknown top-level field(s) {', '.join(unknown)}")
    sources, seen = [], set()
    for index, entry in enumerate(data["sources"]):
        if not isinstance(entry, dict):
            raise RegistryError(f"{origin}: source #{index + 1} is not a mapping")
        source = _source({**defaults, **entry}, f"{origin}: source {entry.get('name') or f'#{index + 1}'!s}")
        if source.name in seen:
            raise RegistryError(f"{origin}: source {source.name}: field 'name': used twice")
        seen.add(source.name)
        sources.append(source)
    return Registry(tuple(sources), origin)


def _source(entry: dict, where: str) -> Source:
    def fail(name: str, why: str) -> RegistryError:
        return RegistryError(f"{where}: field {name!r}: {why}")

    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise fail(unknown[0], "unknown field")
    for required in ("name", "cms", "lists"):
        if not entry.get(required):
            raise fail(required, "missing")
    values = dict(entry)
    if not isinstance(values["name"], str) or not _NAME.match(values["name"]):
        raise fail("name", "lower-case letters, digits, '-' and '_' only")
    if values["cms"] not in CMS_FAMILIES:
        raise fail("cms", f"{values['cms']!r} is not one of {', '.join(CMS_FAMILIES)}")
    lists = values["lists"]
    if isinstance(lists, str):
        lists = [lists]
    if not isinstance(lists, list) or not all(isinstance(u, str) for u in lists):
        raise fail("lists", "a URL or a list of URLs")
    for url in lists:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail("lists", f"{url!r} is not an http(s) URL")
    values["lists"] = tuple(lists)
    values["agencies"] = _strings(values.get("agencies", ()), fail, "agencies")
    hosts = _strings(values.get("hosts") or [urlsplit(u).netloc for u in lists], fail, "hosts")
    values["hosts"] = frozenset(h.lower() for h in hosts)
    region = values.get("region_code")
    if region is not None:
        values["region_code"] = str(region)
        if not re.fullmatch(r"\d{6}", values["region_code"]):
            raise fail("region_code", "a 6-digit 行政区划代码")
    for name in ("delay", "timeout", "backoff"):
        values[name] = _number(values, name, float, 0.0, fail)
    for name in ("concurrency", "retries", "max_redirects", "max_bytes", "max_pages", "max_images",
                 "max_image_bytes"):
        minimum = 0 if name in ("retries", "max_redirects", "max_images") else 1
        values[name] = _number(values, name, int, minimum, fail)
    values["image_exclude"] = _strings(values.get("image_exclude", ()), fail, "image_exclude")
    for pattern in values["image_exclude"]:
        try:
            re.compile(pattern)
        except re.error as error:
            raise fail("image_exclude", f"{pattern!r} is not a regular expression: {error}") from None
    if not isinstance(values.get("allow_private", False), bool):
        raise fail("allow_private", "true or false")
    if values.get("title_pattern") is not None:
        try:
            re.compile(values["title_pattern"])
        except re.error as error:
            raise fail("title_pattern", f"not a regular expression: {error}") from None
    return Source(**values)


def _strings(value: object, fail, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
        raise fail(name, "a list of non-empty strings")
    return tuple(value)


def _number(values: dict, name: str, kind: type, minimum: float, fail):
    value = values.get(name, _FIELDS[name].default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
        raise fail(name, f"a {'whole ' if kind is int else ''}number")
    if value < minimum:
        raise fail(name, f"at least {minimum:g}")
    return kind(value)
