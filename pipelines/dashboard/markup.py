"""HTML for the pages: numbers formatted for reading, tables, chart slots, the page shell.

Every number cell carries its exact value in ``data-value`` (rates also their numerator and
denominator), so the browser tests compare the page with the warehouse without parsing
formatted text, and a reader copying a figure sees 千分位 and one-decimal percentages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

NULL_TITLE = "未读出（报告未印出或未能读出该数，或分母为 0）"


def count_text(value) -> str:
    """1234567 → '1,234,567'; None → '—'."""
    return "—" if value is None else f"{int(value):,}"


def percent_text(value) -> str:
    """0.6667 → '66.7%'; None → '—'."""
    return "—" if value is None else f"{value * 100:.1f}%"


def attrs(**values) -> str:
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
                   for name, value in values.items() if value is not None)


@dataclass(frozen=True)
class Cell:
    """A table cell already rendered: its inner HTML and attributes."""

    html: str
    attributes: str = ""
    numeric: bool = False


def raw(html: str) -> Cell:
    """A cell whose HTML is already escaped."""
    return Cell(html)


def text(value, link: str | None = None) -> Cell:
    shown = "—" if value is None else escape(str(value))
    return Cell(f'<a href="{escape(link)}">{shown}</a>' if link else shown)


def count(value, link: str | None = None) -> Cell:
    shown = count_text(value)
    if link:
        shown = f'<a href="{escape(link)}">{shown}</a>'
    return Cell(shown, attrs(data_value="" if value is None else int(value),
                             title=NULL_TITLE if value is None else None), numeric=True)


def rate(value, numerator, denominator) -> Cell:
    """A rate with its denominator: '66.7%（20 / 30）'."""
    if value is None:
        return Cell("—", attrs(data_value="", title=NULL_TITLE), numeric=True)
    shown = (f'{percent_text(value)}<span class="denominator">（{count_text(numerator)} / '
             f'{count_text(denominator)}）</span>')
    return Cell(shown, attrs(data_value=repr(float(value)), data_numerator=numerator,
                             data_denominator=denominator), numeric=True)


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]],
          table_id: str | None = None, row_attributes: Iterable[str] | None = None) -> str:
    """An accessible table: caption, column headers with scope, the first cell a row header."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    extras = iter(row_attributes) if row_attributes is not None else None
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            tag = "th" if index == 0 else "td"
            scope = ' scope="row"' if index == 0 else ""
            css = ' class="num"' if cell.numeric else ""
            cells.append(f"<{tag}{scope}{css}{cell.attributes}>{cell.html}</{tag}>")
        extra = next(extras) if extras is not None else ""
        body.append(f"<tr{extra}>{''.join(cells)}</tr>")
    if not body:
        body.append(f'<tr class="none"><td colspan="{len(headers)}">（无）</td></tr>')
    return (f'<table{attrs(id=table_id)}><caption>{escape(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


@dataclass
class Chart:
    """A chart slot and its data; ``static/app.js`` draws it with ECharts.

    ``kind``: ``bar`` (categories × series, ``stack`` to stack, ``percent`` for rates),
    ``hbar`` (horizontal bars) or ``map`` (provinces by code). ``table_id`` names the
    table beside it that holds the same figures."""

    chart_id: str
    title: str
    kind: str
    categories: list = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    table_id: str | None = None
    percent: bool = False
    stack: bool = False
    extra: dict = field(default_factory=dict)

    def spec(self) -> dict:
        return {"id": self.chart_id, "title": self.title, "kind": self.kind,
                "categories": self.categories, "series": self.series, "percent": self.percent,
                "stack": self.stack, "table": self.table_id, **self.extra}


def figure(chart: Chart, table_html: str, note: str = "", stacked: bool = False) -> str:
    """A chart with its table beside it (the table is the accessible form of the chart);
    ``stacked`` puts a wide table under the chart instead."""
    described = f' aria-describedby="{escape(chart.table_id)}"' if chart.table_id else ""
    return (f'<section class="figure"><h2>{escape(chart.title)}</h2>'
            f'{f"<p class=note>{note}</p>" if note else ""}'
            f'<div class="pair{" stacked" if stacked else ""}">'
            f'<div class="chart" id="{escape(chart.chart_id)}" role="img" '
            f'aria-label="{escape(chart.title)}"{described}></div>'
            f'<div class="table-wrap">{table_html}</div></div></section>')


NAV = (("index.html", "总览 Overview"), ("coverage/index.html", "发布情况 Coverage"),
       ("peers/index.html", "同级比较 Peers"), ("quality.html", "数据质量 Data quality"))


@dataclass
class Page:
    """One HTML file: ``path`` relative to the site root."""

    path: str
    title: str
    body: str
    charts: list[Chart] = field(default_factory=list)
    scripts: tuple[str, ...] = ()
    data: dict | None = None

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    def render(self, generated: str) -> str:
        root = self.root
        nav = "".join(f'<a href="{root}{href}">{escape(label)}</a>' for href, label in NAV)
        scripts = "".join(f'<script src="{root}assets/{name}"></script>'
                          for name in ("echarts.min.js", *self.scripts, "app.js"))
        charts = json.dumps([c.spec() for c in self.charts], ensure_ascii=False,
                            separators=(",", ":")).replace("</", "<\\/")
        data = json.dumps(self.data or {}, ensure_ascii=False,
                          separators=(",", ":")).replace("</", "<\\/")
        return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{escape(self.title)} · 政府信息公开年度报告</title>'
                f'<link rel="stylesheet" href="{root}assets/style.css"></head><body>'
                f'<header><p class="site">政府信息公开工作年度报告 · xxgk</p><nav>{nav}</nav></header>'
                f'<main><h1>{escape(self.title)}</h1>{self.body}</main>'
                f'<footer>数据来自分析副本，生成于 {escape(generated)}。每个数字可追溯到来源文件（网址、抓取时间、sha256）。'
                f'“—”表示报告未印出或未能读出该数（或分母为 0），从不猜测。</footer>'
                f'<script type="application/json" id="charts">{charts}</script>'
                f'<script type="application/json" id="page-data">{data}</script>'
                f'{scripts}</body></html>')
