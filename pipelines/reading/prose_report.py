"""Reports before 2019: the totals they state in prose, read into the template's codes.

Until the 2019 reporting year there was no national table: a report said in sentences how
many requests it received and how it answered them (``全年共受理政府信息公开申请356件，其中
……予以公开213件``), how many reviews and lawsuits followed, what it charged, how many items
it disclosed proactively. ``narrative.read_prose`` reads those sentences as strictly as it
reads a post-2019 report's prose; this module turns what it read into cells:

- a figure that means what a template cell means goes to that cell (受理/收到申请 →
  ``requests.new_received.total``, 予以公开/同意公开 → ``requests.disclosed.total``, 部分公开,
  办结, 上年结转, 行政复议 → ``review.total``, 自然人 …);
- anything else gets a code of its own under ``prose.`` (see ``PROSE_CODES``): a lawsuit
  count that does not say which kind (``prose.litigation.total``, both kinds together), the
  older outcomes (非本机关政府信息, 信息不存在 …), an outcome group (不予公开 →
  ``prose.requests.withheld.total``), the channel a request came by, the fees charged (in 万元:
  the 2021 form's fee row is an agency's 行政事业性收费, something else), the items disclosed.

Every cell read keeps the sentence it came from (``Report.derived_from_prose``). A sentence
with a figure that could not be read plainly (another year, a change, a wider body, two
different figures for one total) is named in ``problems`` and the report is ``partial``.
Many reports of 2014 to 2018 also append the State Council's statistics table of those years
(政府信息公开情况统计表: 统计指标, 单位, 统计数): ``statistics_table`` reads its rows.
"""

from __future__ import annotations

from models import template as T
from models.report import OK, PARTIAL, Number, Report
from pipelines.documents.model import Document

from .identity import Identity
from .narrative import PREFIX, ProseReading, Statement, read_prose
from .statistics_table import StatisticsTable, TableFigure, read_statistics_table

# The template names of reports read here: prose alone, or with the 2008–2018 statistics table.
PROSE = "prose"
PRE2019_TABLE = "pre2019"
FIRST_TABLE_YEAR = 2019

_TEMPLATE_CODES = frozenset((*T.request_codes(T.TEMPLATE_2021), *T.request_codes(T.TEMPLATE_2019),
                             *T.proceeding_codes()))
# The scope words a government's own report speaks of itself in (全县 for 某县人民政府).
_SCOPES = {"县人民政府": "全县", "市人民政府": "全市", "区人民政府": "全区", "旗人民政府": "全旗",
           "州人民政府": "全州", "省人民政府": "全省", "镇人民政府": "全镇", "乡人民政府": "全乡"}


def read_prose_report(doc: Document, identity: Identity) -> Report | None:
    """The report a document before 2019 states in prose (and in the statistics table of
    those years); None for a later year, or when it states no figure at all."""
    if identity.year is None or identity.year >= FIRST_TABLE_YEAR:
        return None
    reading = read_prose(doc.blocks, identity.year, _scope(identity.agency), whole_report=True)
    table = read_statistics_table(doc.blocks)
    if not (reading.statements or reading.doubtful or table.figures or table.problems):
        return None
    cells, sources, problems = _cells(reading, table.figures)
    problems = [*problems, *table.problems]
    if identity.agency is None:
        problems.append("agency: neither a title nor a signature names the issuing body")
    return Report(
        source=doc.source,
        status=PARTIAL if problems else OK,
        template=PRE2019_TABLE if table.statistics_table else PROSE,
        agency=identity.agency,
        year=identity.year,
        agency_as_printed=identity.agency_as_printed,
        identity_source=dict(identity.source),
        cells=cells,
        problems=[*identity.problems, *problems],
        notes=[*identity.notes, *_notes(reading, table)],
        format=doc.format,
        derived_from_prose=sources,
    )


def cell_code(statement: Statement) -> str:
    """The template cell a statement's figure is, else its code of its own under ``prose.``."""
    code = statement.rule.removeprefix(PREFIX)
    if code in _TEMPLATE_CODES or code.startswith("prose."):
        return code
    return f"prose.{code}"


def _cells(reading: ProseReading, rows: list[TableFigure]) -> tuple[dict, dict, list[str]]:
    """Cells and their sources; a code given two different figures is left out and named."""
    found: dict[str, list[tuple[Number, str]]] = {}
    for statement in reading.statements:
        found.setdefault(cell_code(statement), []).append((statement.value, statement.sentence))
    for row in rows:
        found.setdefault(row.code, []).append((row.value, f"表：{row.text}"))
    cells, sources = {}, {}
    problems = [f"sentence 「{sentence}」: {why}; its figure is not read" for sentence, why in reading.doubtful]
    for code, figures in found.items():
        values = {value for value, _ in figures}
        if len(values) > 1:
            stated = "; ".join(f"{value} in 「{source}」" for value, source in figures)
            problems.append(f"{code}: the report states different figures ({stated}); none is read")
            continue
        cells[code], sources[code] = figures[0]
    return cells, sources, problems


def _notes(reading: ProseReading, table: StatisticsTable) -> list[str]:
    printed = ("or its 2008–2018 statistics table prints " if table.statistics_table
               else "or its table of requests by channel prints " if table.figures else "")
    notes = ["a report before 2019 has no national table: every cell is a total its prose states "
             f"{printed}(derived_from_prose gives the sentence or row of each)"]
    notes += [f"not read, a part of a total: 「{sentence}」: {why}" for sentence, why in reading.parts]
    return notes


def _scope(agency: str | None) -> str | None:
    if not agency:
        return None
    return next((word for end, word in _SCOPES.items() if agency.endswith(end)), None)
