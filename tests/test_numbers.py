"""How a cell's text becomes a number, or stays label text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.reading.text import Number, normalize, parse_number, split_pieces


@pytest.mark.parametrize("raw, value", [
    ("0", 0), ("12", 12), ("1,234", 1234), ("288.67", Decimal("288.67")), ("12件", 12),
    ("０", 0), ("１２", 12), ("-3", -3), ("/", 0), ("—", 0), ("-", 0), ("无", 0), ("——", 0),
    ("無", 0), ("12條", 12), ("減少3", -3),  # as a traditional page prints them
])
def test_numbers_and_zero_symbols(raw, value):
    assert parse_number(raw).value == value


@pytest.mark.parametrize("raw", ["1.", "1、", "(1)", "（一）", "第二十条", "2023年", "100%", "12a", ""])
def test_enumerators_and_words_are_not_numbers(raw):
    assert parse_number(raw) is None


@pytest.mark.parametrize("raw, unit, wan_yuan", [
    ("251000元", "元", Decimal("25.1")), ("2.5亿元", "亿元", Decimal("25000")),
    ("288.67万元", "万元", Decimal("288.67")), ("288.67", None, Decimal("288.67")),
    ("0.35萬元", "万元", Decimal("0.35")), ("2.5億元", "亿元", Decimal("25000")),
])
def test_money_converts_to_wan_yuan(raw, unit, wan_yuan):
    number = parse_number(raw)
    assert number.unit == unit
    assert number.in_wan_yuan(None) == wan_yuan


def test_a_header_unit_applies_when_the_value_has_none():
    assert parse_number("5000").in_wan_yuan("元") == Decimal("0.5")


def test_a_cell_splits_into_label_text_and_numbers():
    pieces = split_pieces("1. 属于国家秘密 0 12 件 3")
    assert pieces[0] == "1.属于国家秘密"
    assert [p.value for p in pieces[1:]] == [0, 12, 3]


def test_a_number_glued_to_its_label_is_split_off():
    label, number = split_pieces("行政许可102")
    assert label == "行政许可" and isinstance(number, Number) and number.value == 102


def test_an_enumerator_inside_a_heading_is_not_split_off():
    assert split_pieces("第二十条第(1)项") == ("第二十条第(1)项",)


def test_labels_normalise_width_spaces_quotes_and_traditional_characters():
    assert normalize("（三）不予公開 ") == normalize("(三)不予公开")
    assert normalize("3. 危及“三安全一稳定”") == "3危及三安全一稳定"
    assert normalize("信访、举报、投诉") == normalize("信访举报投诉")
    assert normalize("其它处理") == "其他处理"
    assert normalize("結 果 維 持") == "结果维持"
