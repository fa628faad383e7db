"""The site registry: what a valid file gives, and how a bad one is refused (source and field named)."""

from __future__ import annotations

import pytest

from pipelines.crawl import RegistryError, load_registry, parse_registry
from tests.conftest import ROOT

MINIMAL = {"name": "yueqing", "cms": "trs", "lists": ["https://www.yueqing.gov.cn/art/ndbg/index.html"]}


def test_the_production_registry_loads():
    registry = load_registry(ROOT / "data" / "sources.yaml")
    assert len(registry.sources) >= 4
    assert {s.cms for s in registry.sources} == {"trs", "hanweb", "guangdong", "generic"}
    for source in registry.sources:
        assert source.region_code and len(source.region_code) == 6 and source.agencies
        assert source.delay >= 1.0 and source.concurrency == 1 and not source.allow_private


def test_the_sample_portal_template_loads_once_filled(tmp_path):
    text = (ROOT / "data" / "sample_portal" / "sources.yaml.template").read_text(encoding="utf-8")
    (tmp_path / "s.yaml").write_text(text.replace("{{site:", "http://127.0.0.1:8000/").replace("}}", ""),
                                     encoding="utf-8")
    registry = load_registry(tmp_path / "s.yaml")
    assert registry.names() == ["yueqing", "hanjiang", "tianhe", "zezhou"]
    assert all(s.allow_private and s.delay == 0.1 for s in registry.sources)


def test_defaults_politeness_and_hosts():
    source = parse_registry({"sources": [MINIMAL]}).sources[0]
    assert (source.delay, source.concurrency, source.allow_private) == (1.0, 1, False)
    assert source.hosts == frozenset({"www.yueqing.gov.cn"})
    assert source.allows("https://www.yueqing.gov.cn/art/2024/1/20/art_1229_5678.html")
    assert source.allows("http://www.yueqing.gov.cn/x.pdf")
    assert not source.allows("https://www.yueqing.gov.cn:8443/x.pdf")  # another port is another host
    assert not source.allows("https://mirror.example.com/x.pdf")
    assert not source.allows("ftp://www.yueqing.gov.cn/x.pdf")


def test_file_defaults_apply_unless_a_source_sets_its_own():
    registry = parse_registry({"defaults": {"delay": 2, "concurrency": 2},
                               "sources": [MINIMAL, {**MINIMAL, "name": "other", "delay": 5}]})
    assert [(s.delay, s.concurrency) for s in registry.sources] == [(2.0, 2), (5.0, 2)]


@pytest.mark.parametrize("change, message", [
    ({"cms": "wordpress"}, "source yueqing: field 'cms': 'wordpress' is not one of trs, hanweb"),
    ({"lists": None}, "source yueqing: field 'lists': missing"),
    ({"lists": ["www.yueqing.gov.cn/index.html"]}, "source yueqing: field 'lists': 'www.yueqing"),
    ({"region_code": "3303"}, "source yueqing: field 'region_code': a 6-digit"),
    ({"delay": -1}, "source yueqing: field 'delay': at least 0"),
    ({"concurrency": 0}, "source yueqing: field 'concurrency': at least 1"),
    ({"concurrency": 1.5}, "source yueqing: field 'concurrency': a whole number"),
    ({"allow_private": "yes"}, "source yueqing: field 'allow_private': true or false"),
    ({"title_pattern": "("}, "source yueqing: field 'title_pattern': not a regular expression"),
    ({"hosts": [""]}, "source yueqing: field 'hosts': a list of non-empty strings"),
    ({"delya": 1}, "source yueqing: field 'delya': unknown field"),
    ({"name": "Yue Qing"}, "field 'name': lower-case letters"),
])
def test_a_bad_source_is_refused_naming_source_and_field(change, message):
    entry = {**MINIMAL, **change}
    with pytest.raises(RegistryError) as error:
        parse_registry({"sources": [entry]}, "sources.yaml")
    assert message in str(error.value)
    assert str(error.value).startswith("sources.yaml: ")


def test_two_sources_with_one_name_and_unknown_sources_are_refused():
    with pytest.raises(RegistryError, match="source yueqing: field 'name': used twice"):
        parse_registry({"sources": [MINIMAL, MINIMAL]})
    registry = parse_registry({"sources": [MINIMAL]}, "sources.yaml")
    with pytest.raises(RegistryError, match="no source named 'nowhere'"):
        registry.select(["nowhere"])


def test_an_unreadable_or_invalid_file_is_refused(tmp_path):
    with pytest.raises(RegistryError, match="cannot read the registry"):
        load_registry(tmp_path / "missing.yaml")
    (tmp_path / "bad.yaml").write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(tmp_path / "bad.yaml")
    (tmp_path / "empty.yaml").write_text("sources: []\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="non-empty list 'sources'"):
        load_registry(tmp_path / "empty.yaml")
