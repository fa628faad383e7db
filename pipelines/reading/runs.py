"""Digits run together, split by the whole table's arithmetic.

Crawlers and some converters print a table row's cells without separators
(``一、本年新收政府信息公开申请数量801000081`` for 80 1 0 0 0 0 81). A run of
digits admits many splits; the template's own rules (row totals, each column's
balance, the outcome totals, the review and litigation totals) say which of
them a real table could print. A run is split only where every split of the
*whole table* that satisfies every rule touching it gives the row the same
numbers; when several fit, or none does (the agency's own numbers do not add
up), the rows stay unread and are named. The search is bounded: a table too
large to weigh within the bound is left unread, and the problem says so.

Numbers have no leading zeros (``05`` is never a cell; ``0`` is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from models import template as T

from .grid import Anchor, Assignment
from .stream import BLANK, VALUE, Stream
from .tables import TableRead, is_count
from .text import Number

MAX_SPLITS_PER_ROW = 50_000  # ways of splitting one row's digits weighed, at most
MAX_STEPS = 300_000  # steps of the whole-table search, at most


@dataclass(frozen=True)
class RunRow:
    """A row whose digits ran together: its cells in printed order and the digits."""

    name: str
    codes: tuple[str, ...]
    digits: str

    @property
    def printed(self) -> str:
        return self.digits

    @property
    def one_short(self) -> bool:
        """One digit fewer than cells: a row one of whose cells was printed empty (a 总计
        column left blank) and dropped with the separators. Each printed cell is one
        digit; which cell is empty, and its value, only the rules can say."""
        return len(self.digits) == len(self.codes) - 1

    @property
    def short_of_zeros(self) -> bool:
        """One short, every digit 0: every reading the row total allows is all 0."""
        return self.one_short and set(self.digits) == {"0"}


@dataclass
class Resolution:
    values: dict[str, list[int]] = field(default_factory=dict)  # row name → its split
    ambiguous: list[str] = field(default_factory=list)  # several splits fit
    unfitting: list[str] = field(default_factory=list)  # no split of the table fits
    too_large: list[str] = field(default_factory=list)  # past the search bound


class _Bound(Exception):
    pass


def resolve(rows: list[RunRow], known: dict[str, int], rules: tuple[T.Rule, ...]) -> Resolution:
    """Each run row's split, where every split of the table that satisfies the rules agrees.

    ``known`` are the table's cells read without doubt; a rule is weighed only when
    each of its cells is known or in a run row (the others say nothing here).
    """
    out = Resolution()
    known = dict(known)
    domains: dict[int, list[tuple[int, ...]]] = {}
    for k, row in enumerate(rows):
        if len(row.digits) == len(row.codes):
            # one digit per cell is the only split there is: certain when its own rules hold
            split = _row_splits(row, known, rules)
            if split:
                out.values[row.name] = list(split[0])
                known.update(zip(row.codes, split[0]))
                continue
    for k, row in enumerate(rows):
        if row.name in out.values:
            continue
        try:
            domains[k] = _row_splits(row, known, rules)
        except _Bound:
            out.too_large.append(row.name)
    # A row no split of which keeps its own rules is unread; the rules it is part of
    # then say nothing, and the others are weighed without it.
    out.unfitting.extend(rows[k].name for k, d in domains.items() if not d)
    domains = {k: d for k, d in domains.items() if d}
    live = [rows[k] for k in domains]
    if not live:
        return out
    search = _Search(live, [domains[k] for k in domains], known, rules)
    try:
        found = search.solutions(limit=2)
    except _Bound:
        out.too_large.extend(r.name for r in live)
        return out
    if not found:
        out.unfitting.extend(r.name for r in live)
        return out
    first = found[0]
    for k, row in enumerate(live):
        if len(found) == 1:
            out.values[row.name] = list(first[k])
            continue
        if found[1][k] != first[k]:
            out.ambiguous.append(row.name)
            continue
        try:
            other = search.solutions(limit=1, exclude=(k, first[k]))
        except _Bound:
            out.too_large.append(row.name)
            continue
        if other:
            out.ambiguous.append(row.name)
        else:
            out.values[row.name] = list(first[k])
    return out


def _row_splits(row: RunRow, known: dict[str, int],
                rules: tuple[T.Rule, ...]) -> list[tuple[int, ...]]:
    """Every split of the row's digits into its cells that keeps the rules lying wholly
    within the row (and the known cells), each rule weighed as soon as its last cell
    is cut, so that a long run is not cut every way first."""
    index = {code: k for k, code in enumerate(row.codes)}
    completes: dict[int, list[T.Rule]] = {}
    for rule in rules:
        cells = rule.left + rule.right
        if all(c in index or c in known for c in cells) and any(c in index for c in cells):
            completes.setdefault(max(index[c] for c in cells if c in index), []).append(rule)
    digits, width = row.digits, len(row.codes)
    if row.one_short:
        return _empty_cell_readings(row, known, rules)
    kept: list[tuple[int, ...]] = []
    values: list[int] = []
    steps = [0]

    def holds(rule: T.Rule) -> bool:
        def value(code):
            return values[index[code]] if code in index else known[code]
        return sum(value(c) for c in rule.left) == sum(value(c) for c in rule.right)

    def cut(position: int) -> None:
        k = len(values)
        if k == width:
            if position == len(digits):
                kept.append(tuple(values))
            return
        room = len(digits) - position - (width - k - 1)  # digits this cell may take
        for end in range(position + 1, position + room + 1):
            steps[0] += 1
            if steps[0] > MAX_SPLITS_PER_ROW:
                raise _Bound
            if end - position > 1 and digits[position] == "0":
                break  # no number but 0 itself starts with 0
            values.append(int(digits[position:end]))
            if all(holds(rule) for rule in completes.get(k, ())):
                cut(end)
            values.pop()

    cut(0)
    return kept


def _empty_cell_readings(row: RunRow, known: dict[str, int],
                         rules: tuple[T.Rule, ...]) -> list[tuple[int, ...]]:
    """The readings of a row printed one cell short, each printed cell one digit: for
    each cell that may be the empty one, its value as the row's own rule (总计 = the
    six applicant columns) gives it, kept where every rule within the row and the known
    cells holds. Only a cell that rule covers may be the empty one: a value no rule
    gives is never made up."""
    width = len(row.codes)
    own = [r for r in rules if set(r.left + r.right) <= set(row.codes)]
    weighed = [r for r in rules if all(c in row.codes or c in known for c in r.left + r.right)
               and any(c in row.codes for c in r.left + r.right)]
    printed = [int(d) for d in row.digits]
    found: set[tuple[int, ...]] = set()
    for empty in range(width):
        deciding = [r for r in own if row.codes[empty] in r.left + r.right]
        if len(deciding) != 1:
            continue
        cells = dict(zip(row.codes[:empty] + row.codes[empty + 1:], printed))
        rule = deciding[0]
        side, other = (rule.left, rule.right) if row.codes[empty] in rule.left \
            else (rule.right, rule.left)
        value = sum(cells[c] for c in other) - sum(cells[c] for c in side if c != row.codes[empty])
        if value < 0:
            continue
        cells[row.codes[empty]] = value
        every = {**known, **cells}
        if all(sum(every[c] for c in r.left) == sum(every[c] for c in r.right) for r in weighed):
            found.add(tuple(cells[c] for c in row.codes))
    return sorted(found)


class _Search:
    """Backtracking over the rows' splits, weighing each rule as its rows are set."""

    def __init__(self, rows, domains, known, rules):
        self.rows, self.domains = rows, domains
        where = {code: (k, p) for k, row in enumerate(rows) for p, code in enumerate(row.codes)}
        self.rules = []
        for rule in rules:
            cells = rule.left + rule.right
            if not all(c in where or c in known for c in cells):
                continue
            if not any(c in where for c in cells):
                continue
            sides = []
            for side in (rule.left, rule.right):
                const = sum(known[c] for c in side if c not in where)
                terms = [where[c] for c in side if c in where]
                sides.append((const, terms))
            self.rules.append(sides)
        self.order = sorted(range(len(rows)), key=lambda k: (len(domains[k]), k))
        position = {k: i for i, k in enumerate(self.order)}
        # the rules to weigh once row k is set, each with the search position of its last row
        self.touching: dict[int, list] = {k: [] for k in range(len(rows))}
        for sides in self.rules:
            involved = {k for _, terms in sides for k, _ in terms}
            last = max(position[k] for k in involved)
            for k in involved:
                self.touching[k].append((sides, last))
        self.position = position
        self.steps = 0

    def solutions(self, limit: int, exclude: tuple[int, tuple[int, ...]] | None = None):
        found: list[list[tuple[int, ...]]] = []
        chosen: list[tuple[int, ...] | None] = [None] * len(self.rows)

        def side_sum(terms):
            total, complete = 0, True
            for k, p in terms:
                if chosen[k] is None:
                    complete = False
                else:
                    total += chosen[k][p]
            return total, complete

        def consistent(k: int) -> bool:
            for (left, right), _last in self.touching[k]:
                lsum, lfull = side_sum(left[1])
                rsum, rfull = side_sum(right[1])
                lsum += left[0]
                rsum += right[0]
                if lfull and rfull and lsum != rsum:
                    return False
                if (lfull and rsum > lsum) or (rfull and lsum > rsum):
                    return False  # counts are never negative: one side already too large
            return True

        def step(i: int) -> None:
            if len(found) >= limit:
                return
            if i == len(self.order):
                found.append(list(chosen))
                return
            k = self.order[i]
            for values in self.domains[k]:
                self.steps += 1
                if self.steps > MAX_STEPS:
                    raise _Bound
                if exclude is not None and exclude[0] == k and values == exclude[1]:
                    continue
                chosen[k] = values
                if consistent(k):
                    step(i + 1)
                chosen[k] = None
                if len(found) >= limit:
                    return

        self.steps = 0
        step(0)
        return found


# ------------------------------------------------------------ the tables' hooks

def run_rows(stream: Stream, anchors: list[Anchor], unread: list[str],
             codes_of, one_short: bool = False) -> list[RunRow]:
    """The unread rows whose own line holds their label, then one number of at least as
    many digits as the row has cells: digits run together (or, with ``one_short``, one
    digit fewer: a cell printed empty, for tables whose rules can tell which)."""
    per_block: dict[int, int] = {}
    for anchor in anchors:
        block = stream.tokens[anchor.token].block
        per_block[block] = per_block.get(block, 0) + 1
    rows = []
    for anchor in anchors:
        if anchor.code not in unread:
            continue
        block = stream.tokens[anchor.token].block
        if per_block[block] != 1:
            continue
        tokens = [(k, stream.tokens[k]) for k in stream.by_block[block]]
        values = [(k, t.number) for k, t in tokens if t.kind == VALUE]
        if not values or any(k < anchor.token for k, _ in values):
            continue
        if any(t.kind == BLANK and k > anchor.token for k, t in tokens):
            continue  # an empty cell printed: the row's cells are apart
        if any(n.unclear or not n.is_plain_integer for _, n in values):
            continue
        # Separators printed between some numbers say the cells are apart: fewer numbers
        # than cells there is a lost cell, not digits run together.
        if len(values) != 1 or anchor.width < 2:
            continue
        row = RunRow(anchor.code, tuple(codes_of(anchor.code)), values[0][1].raw)
        if len(row.digits) >= anchor.width or (one_short and row.one_short and anchor.width > 2):
            rows.append(row)
    return rows


def settle_request_runs(stream: Stream, anchors: list[Anchor], result: Assignment,
                        columns: tuple[str, ...], template: str | None, trusted) -> list[str]:
    """Table 三's rows of run-together digits, split by the table's arithmetic where only
    one split fits; moves them from ``result.unread`` to ``result.values`` and returns
    the problems of those left unread. ``trusted(code, values)`` says whether a row
    read otherwise may serve as known cells."""
    def codes_of(row: str) -> list[str]:
        return [f"requests.{row}.{column}" for column in columns]

    rows = run_rows(stream, anchors, result.unread, codes_of, one_short=True)
    if not rows:
        return []
    known: dict[str, int] = {}
    for row, values in result.values.items():
        if all(is_count(v) and not v.unclear for v in values) and trusted(row, values):
            known.update(zip(codes_of(row), (int(v.value) for v in values)))
    rules = tuple(r for r in T.rules(template or T.TEMPLATE_2021)
                  if r.name.startswith(("balance.", "row_total."))
                  or (template and r.name.startswith("outcomes.")))
    return _apply(rows, resolve(rows, known, rules), result, "三",
                  "row totals, column balances and outcome totals")


def split_proceedings(values: list[Number], out: TableRead) -> list[Number] | None:
    """Table 四's fifteen numbers from digits run together, where its group totals
    (总计 = 维持 + 纠正 + 其他 + 尚未审结) admit one split only."""
    if len(values) != 1 or values[0].unclear or not values[0].is_plain_integer:
        return None  # separators between some numbers: a lost cell, not a run
    codes = T.proceeding_codes()
    if sum(len(v.raw) for v in values) < len(codes):
        return None
    row = RunRow("proceedings", codes, values[0].raw)
    rules = tuple(r for r in T.rules(T.TEMPLATE_2021) if r.name.startswith("proceedings."))
    found = resolve([row], {}, rules)
    if row.name in found.values:
        split = found.values[row.name]
        out.notes.append(f"table 四: digits printed without separators ({row.printed}) split as "
                         f"{' '.join(map(str, split))}, the only split its group totals allow")
        return [Number(Decimal(v), str(v)) for v in split]
    out.problems.append("table 四: " + _why(found, row.name, row.printed, "its group totals"))
    return None


def settle_proactive_runs(stream: Stream, anchors: list[Anchor], result: Assignment) -> list[str]:
    """Table 二 states no arithmetic: a run is split only one digit per cell (as many
    digits as cells); any other run is left unread and named."""
    widths = {a.code: a.width for a in anchors}
    rows = run_rows(stream, anchors, result.unread, lambda row: [row] * widths[row])
    problems = []
    apart = _prints_separators(stream, anchors)
    for row in rows:
        digits = row.digits
        if len(digits) == len(row.codes) and not apart:
            result.values[row.name] = [Number(Decimal(d), d) for d in digits]
            result.unread.remove(row.name)
            result.regular.add(row.name)
            result.notes.append(f"table 二 row {row.name}: digits printed without separators "
                                f"({row.printed}) read one digit per cell")
        else:
            why = ("other rows print their cells apart, so a cell may be lost rather than "
                   "run together" if apart else "the table states no arithmetic to split them by")
            problems.append(f"table 二 row {row.name}: digits run together ({row.printed}) "
                            f"and {why}; not read")
    return problems


def _prints_separators(stream: Stream, anchors: list[Anchor]) -> bool:
    """Whether some row of several cells prints its numbers apart: then a row printing
    one number fewer than its cells lost a cell (a blank a conversion dropped) rather
    than ran its digits together, and table 二 has no arithmetic to tell which."""
    for anchor in anchors:
        if anchor.width < 2:
            continue
        ids = stream.by_block[stream.tokens[anchor.token].block]
        if sum(1 for k in ids if k > anchor.token and stream.tokens[k].kind == VALUE) >= 2:
            return True
    return False


def _apply(rows: list[RunRow], found: Resolution, result: Assignment, table: str,
           rules_text: str) -> list[str]:
    for row in rows:
        if row.name not in found.values:
            continue
        split = found.values[row.name]
        result.values[row.name] = [Number(Decimal(v), str(v)) for v in split]
        result.unread.remove(row.name)
        result.regular.add(row.name)
        if row.short_of_zeros:
            how = ("one digit short of its cells, every digit 0: read as all 0, the only "
                   "reading its row total allows (a cell printed empty, 总计 most often)")
        elif row.one_short:
            how = (f"one digit short of its cells (a cell printed empty): read as "
                   f"{' '.join(map(str, split))}, the empty cell's value derived from the row "
                   f"total, the only reading of the table that satisfies its {rules_text}")
        elif len(row.digits) == len(row.codes):
            how = "read one digit per cell (as many digits as cells), its row total confirming"
        else:
            how = (f"split as {' '.join(map(str, split))}, the only split of the table that "
                   f"satisfies its {rules_text}")
        result.notes.append(f"table {table} row {row.name}: digits printed without separators "
                            f"({row.printed}) {how}")
    printed = {row.name: row.printed for row in rows}
    problems = []
    for names, why in ((found.ambiguous, "admit more than one split that satisfies the "
                        f"table's {rules_text}; never chosen among"),
                       (found.unfitting, "admit no split that satisfies the table's "
                        f"{rules_text}: the agency's own numbers do not add up"),
                       (found.too_large, "are too many to weigh every split of within the "
                        "search bound")):
        if names:
            runs = "; ".join(f"{name} ({printed[name]})" for name in names)
            problems.append(f"table {table}: digits run together in rows {runs} {why}; "
                            f"not read")
    return problems


def _why(found: Resolution, name: str, printed: str, rules_text: str) -> str:
    if name in found.ambiguous:
        return (f"digits run together ({printed}) admit more than one split that satisfies "
                f"{rules_text}; not read")
    if name in found.too_large:
        return f"digits run together ({printed}) are too many to weigh within the search bound; not read"
    return (f"digits run together ({printed}) admit no split that satisfies {rules_text}: "
            f"the agency's own numbers do not add up; not read")
