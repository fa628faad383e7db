"""Giving each found row label its numbers.

A row is read with certainty when one physical row holds its label followed by
exactly as many numbers as the row has columns. Rows that are not (numbers on a line
of their own, labels wrapped around them) are read from the numbers between
the certain rows around them, in order, but only when those numbers are
exactly as many as the rows need and each lies between its neighbours'
labels. Anything else is left unread and named: the reader never guesses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from weakref import WeakKeyDictionary

from .stream import BLANK, TEXT, VALUE, Stream
from .text import Number

@dataclass(frozen=True)
class Anchor:
    """A row label found in the stream: which row, where, how many numbers it takes."""

    code: str
    token: int
    width: int
    end: int = -1  # the label's last token (its first, ``token``, when not given)


@dataclass
class Assignment:
    values: dict[str, list[Number]]
    unread: list[str]
    notes: list[str]
    stray: list[Number]  # numbers in no row's line and between no rows' labels
    regular: set[str]  # rows whose numbers sit as a regular layout puts them


def assign(stream: Stream, anchors: list[Anchor], explicit_cells: bool,
           check_split=None, barriers: tuple[int, ...] = (),
           confirm_order=None, label_piece=None, gaps: frozenset[int] = frozenset(),
           never_last: bool = False) -> Assignment:
    """Numbers for each anchor.

    ``check_split`` is the rows' own arithmetic (总计 = the rest), for tables that
    have one: only then may a row be read from digits run together or from a
    line one cell short of zeros, since only then can the reading be confirmed.
    ``barriers`` are stream positions no row's numbers may be read across (the
    header of the next sub-table in table 二). ``confirm_order`` is the whole
    table's arithmetic: given every row's numbers it says how they were
    confirmed (a note), or None; only with it are rows printed apart from their
    labels read by order (see ``_detached_rows``).
    """
    by_block = stream.by_block
    block_of = [stream.tokens[a.token].block for a in anchors]
    per_block: dict[int, int] = {}
    for b in block_of:
        per_block[b] = per_block.get(b, 0) + 1
    result = Assignment({}, [], [], [], set())
    certain: list[int] = []
    consumed: set[int] = set()  # positions of the numbers some row took or was refused
    for i, anchor in enumerate(anchors):
        if per_block[block_of[i]] != 1:
            continue
        ids = by_block[block_of[i]]
        placed = block_values(stream, ids, anchor.width, explicit_cells)
        if len(placed) != anchor.width and explicit_cells and check_split is not None:
            placed = _merged_zeros_confirmed(stream, ids, anchor, check_split) or placed
        if any(position < anchor.token for position, _ in placed):
            continue  # numbers before the label on one line: a reflowed line, not a row
        if len(placed) == anchor.width:
            result.values[anchor.code] = [v for _, v in placed]
            result.regular.add(anchor.code)
            certain.append(i)
            consumed.update(position for position, _ in placed)
            positions = [position for position, _ in placed]
            if any(positions.count(p) > 1 and stream.tokens[p].span > 1 for p in positions):
                result.notes.append(f"row {anchor.code}: a cell of 0 merged across columns "
                                    f"read as 0 in each of them")
    used = {block_of[i] for i in certain}
    for run in _runs(len(anchors), certain, [a.token for a in anchors], barriers):
        consumed |= _assign_run(stream, anchors, run, block_of, used, by_block, explicit_cells,
                                result, check_split, barriers, confirm_order, label_piece,
                                gaps)
    result.stray = [t.number for k, t in enumerate(stream.tokens)
                    if t.kind == VALUE and k not in consumed]
    if never_last and not explicit_cells:
        _distrust_last_line(stream, result)
    return result


def _distrust_last_line(stream: Stream, result: Assignment) -> None:
    """A row on the document's very last line may be cut off there (a download or a
    page save that stopped mid-row), and nothing after it says the row ended: it is
    left unread."""
    if not stream.ends_document or not stream.by_block:
        return
    last = stream.blocks()[-1]
    on_last = {id(stream.tokens[k].number) for k in stream.by_block[last]
               if stream.tokens[k].kind == VALUE}
    for code, values in list(result.values.items()):
        if any(id(v) in on_last for v in values):
            del result.values[code]
            result.regular.discard(code)
            result.unread.append(code)
            result.notes.append(f"row {code}: printed on the document's last line, where the "
                                f"document may have been cut off; not read")


def _fit(values, anchor, check_split) -> tuple[list[Number] | None, str | None]:
    """A lone row's numbers, or its digits run together split one per cell when
    the row's own arithmetic (``check_split``) confirms it; rows without such a
    check (table 二) are never split. Returns the values and a note on how."""
    if len(values) == anchor.width:
        return values, None
    if values and len(values) < anchor.width and check_split is not None:
        split = split_run_together(values, anchor.width)
        if split is not None and check_split(anchor.code, split):
            return split, (f"{anchor.code}: digits printed without separators "
                           f"({' '.join(v.raw for v in values)}) read one digit per cell")
    return None, None


def _runs(count: int, certain: list[int], positions: list[int],
          barriers: tuple[int, ...]) -> list[list[int]]:
    """The uncertain rows in runs: consecutive rows with no certain row and no
    barrier between them."""
    runs: list[list[int]] = []
    marks = set(certain)
    for i in range(count):
        if i in marks:
            continue
        if runs and runs[-1][-1] == i - 1 and not any(
                positions[i - 1] < b < positions[i] for b in barriers):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _assign_run(stream, anchors, run, block_of, used, by_block, explicit, result,
                check_split, barriers, confirm_order=None, label_piece=None,
                gaps: frozenset[int] = frozenset()) -> set[int]:
    """Read a run of uncertain rows from the numbers between the certain rows
    around it; returns the positions of the numbers it weighed."""
    if explicit:
        # In an HTML table a row's numbers are in its own <tr>; one without them
        # does not take another row's.
        merged = {i: _merged_reason(stream, by_block[block_of[i]], anchors[i].width)
                  for i in run}
        for i in run:
            if merged[i]:
                _leave_unread(result, anchors, [i], merged[i])
        rest = [i for i in run if not merged[i]]
        if rest:
            _leave_unread(result, anchors, rest, "no numbers in their own table row")
        return set()
    first, last = run[0], run[-1]
    low = block_of[first - 1] if first > 0 else -1
    high = block_of[last + 1] if last + 1 < len(anchors) else 10 ** 9
    start, end = anchors[first].token, anchors[last].token
    # A sub-table heading closes the run's territory on its side.
    floor = max((b for b in barriers if b < start), default=-1)
    ceiling = min((b for b in barriers if b > end), default=10 ** 9)
    width = max(anchors[i].width for i in run)
    pool: list[tuple[int, Number]] = []
    scanned = {block for block in stream.blocks() if low < block < high and block not in used}
    for block in sorted(scanned):
        pool.extend(pair for pair in block_values(stream, by_block[block], width, explicit)
                    if floor < pair[0] < ceiling)
    need = sum(anchors[i].width for i in run)
    unsafe = _order_unsafe(stream, anchors, run, scanned, gaps, label_piece)
    if unsafe:
        _leave_unread(result, anchors, run, unsafe)
        return {position for position, _ in pool}
    if len(pool) == need and _in_place(pool, anchors, run, barriers) \
            and not _on_other_rows_lines(stream, pool, anchors, run, block_of):
        k = 0
        uniform = _uniform_layout(stream, pool, [anchors[i].width for i in run])
        for i in run:
            w = anchors[i].width
            result.values[anchors[i].code] = [v for _, v in pool[k:k + w]]
            if uniform:
                result.regular.add(anchors[i].code)
            k += w
        return {position for position, _ in pool}
    if len(pool) == need and confirm_order is not None and _read_detached(
            stream, anchors, run, pool, result, confirm_order):
        return {position for position, _ in pool}
    if check_split is not None and _rows_on_own_lines(
            stream, anchors, run, block_of, by_block, explicit, pool, result, check_split):
        return {position for position, _ in pool}
    if check_split is not None and _zero_rows_short_between_labels(stream, anchors, run, pool,
                                                                   result):
        return {position for position, _ in pool}
    if len(run) == 1 and pool and len(pool) < need:
        values, note = _fit([v for _, v in pool], anchors[first], check_split)
        if values is not None:
            result.values[anchors[first].code] = values
            result.notes.extend([note] if note else [])
            return {position for position, _ in pool}
    _leave_unread(result, anchors, run, f"{len(pool)} numbers found where {need} were expected")
    return {position for position, _ in pool}


def _leave_unread(result: Assignment, anchors, run, why: str) -> None:
    result.unread.extend(anchors[i].code for i in run)
    result.notes.append(f"rows {', '.join(anchors[i].code for i in run)}: {why}")


def _order_unsafe(stream, anchors, run, scanned, gaps, label_piece) -> str | None:
    """Why the run's rows may not take the numbers around them in order, if they may not:
    a row of the form not found beside them, or a line of numbers under a label no row
    has among theirs."""
    first, last = run[0], run[-1]
    if any(g in gaps for g in range(first - 1, last + 1)):
        return ("a row of the form not found lies next to them, and its numbers may be "
                "among theirs; not read by order")
    unknown = label_piece and _unknown_row_lines(stream, anchors, sorted(scanned), label_piece)
    if unknown:
        return ("among their numbers are lines printed under labels of no row of the form ("
                + "; ".join(_label_of(stream, block) for block in unknown)
                + "): which numbers are whose cannot be told")
    return None


def _rows_on_own_lines(stream, anchors, run, block_of, by_block, explicit, pool, result,
                       check_split) -> bool:
    """Each row of the run alone on its line with all the run's numbers: read each
    line as its row, confirmed by the row's own arithmetic where it is not whole.
    (Text only: in HTML a row without numbers in its own row is never read.)

    Conversions run a row's digits together (``2100003``) or drop an empty column
    from some rows. A line one cell short whose printed cells are all 0 is all
    zeros: every reading that keeps 总计 = the six applicant columns makes the
    missing cell 0 too.
    """
    rows = {}
    for i in run:
        block = block_of[i]
        if sum(1 for j in run if block_of[j] == block) != 1:
            return False
        placed = block_values(stream, by_block[block], anchors[i].width, explicit)
        if any(position < anchors[i].token for position, _ in placed):
            return False
        rows[i] = [v for _, v in placed]
    if sum(len(v) for v in rows.values()) != len(pool):
        return False
    read, notes, filled = {}, [], []
    for i, values in rows.items():
        width = anchors[i].width
        if _zeros_one_short(values, width):
            read[i] = [Number(Decimal(0), "0")] * width
            filled.append(anchors[i].code)
            continue
        read[i], note = _fit(values, anchors[i], check_split)
        if read[i] is None:
            return False
        notes.extend([note] if note else [])
    for i, values in read.items():
        result.values[anchors[i].code] = values
    result.notes.extend(notes)
    if filled:
        result.notes.append("rows printed one cell short with every printed cell 0, "
                            "read as all 0: " + ", ".join(filled))
    return True


def _zeros_one_short(values: list[Number], width: int) -> bool:
    """A row printed one cell short, every printed cell a clear 0: all zeros whichever cell
    is missing (总计 = the six applicant columns makes it 0 too)."""
    return 0 < len(values) == width - 1 and all(v.value == 0 and not v.unclear for v in values)


def _zero_rows_short_between_labels(stream, anchors, run, pool, result) -> bool:
    """One cell a line (a page saved cell by cell): each row's numbers are the lines
    between its label and the next row's; a row of zeros one cell short there (a merged
    or empty zero cell the saving dropped) is all zeros, as on a line of its own (see
    ``_rows_on_own_lines``). Every other row must print exactly its cells, every
    number stand on a line of numbers alone, and none before the run's first label."""
    bounds = [a.token for a in anchors[1:]] + [len(stream.tokens)]
    if any(position < anchors[run[0]].token or stream.has_text(stream.tokens[position].block)
           for position, _ in pool):
        return False
    read, filled = {}, []
    for i in run:
        values = [v for position, v in pool if anchors[i].token < position < bounds[i]]
        width = anchors[i].width
        if _zeros_one_short(values, width):
            read[anchors[i].code] = [Number(Decimal(0), "0")] * width
            filled.append(anchors[i].code)
        elif len(values) == width:
            read[anchors[i].code] = values
        else:
            return False
    if not filled or sum(len(v) for v in read.values()) != len(pool) + len(filled):
        return False
    result.values.update(read)
    result.notes.append("rows printed one cell a line, their numbers between their labels; "
                        "rows one cell short with every printed cell 0, read as all 0: "
                        + ", ".join(filled))
    return True


def _read_detached(stream, anchors, run, pool, result, confirm_order) -> bool:
    """Rows whose labels stand in one column and whose numbers follow in a block below
    (one line per row, in the form's order): read by order only when the table's
    arithmetic (``confirm_order``) confirms it. The caller has made sure the numbers
    are exactly as many as the rows need."""
    rows = _detached_rows(stream, anchors, run, pool)
    if rows is None:
        return False
    note = confirm_order({**result.values, **rows})
    if note is None:
        result.notes.append(f"rows {anchors[run[0]].code} … {anchors[run[-1]].code}: "
                            f"printed apart from their labels, and read in the form's order "
                            f"they do not satisfy the table's arithmetic; not read by order")
        return False
    result.values.update(rows)
    result.regular.update(rows)
    result.notes.append(f"rows {anchors[run[0]].code} … {anchors[run[-1]].code}: labels printed "
                        f"in one column and the numbers below them ({len(run)} lines for "
                        f"{len(run)} rows), read in the form's order; {note}")
    return True


def _detached_rows(stream, anchors, run, pool) -> dict[str, list[Number]] | None:
    """The run's rows read by order from a block of number lines after its last label:
    each line numbers only, exactly one row's worth, as many lines as rows. None
    when the numbers are laid out any other way."""
    if min(position for position, _ in pool) < anchors[run[-1]].token:
        return None
    lines: dict[int, list[tuple[int, Number]]] = {}
    for position, value in pool:
        lines.setdefault(stream.tokens[position].block, []).append((position, value))
    if len(lines) != len(run) or any(stream.has_text(block) for block in lines):
        return None
    rows = {}
    for i, line in zip(run, lines.values()):
        if len(line) != anchors[i].width or any(v.unclear for _, v in line):
            return None
        rows[anchors[i].code] = [v for _, v in line]
    return rows


def _uniform_layout(stream: Stream, pool, widths: list[int]) -> bool:
    """Every row of the run has its numbers split over lines the same way (one line
    of numbers each, or one number a line), and no line holds two rows' numbers."""
    shapes, k = set(), 0
    owner: dict[int, int] = {}
    for row, width in enumerate(widths):
        blocks = [stream.tokens[p].block for p, _ in pool[k:k + width]]
        k += width
        for block in blocks:
            if owner.setdefault(block, row) != row:
                return False
        shapes.add(tuple(blocks.count(b) for b in dict.fromkeys(blocks)))
    if len(widths) == 1:  # a row alone: regular only as one line of its own numbers
        return shapes == {(widths[0],)}
    return len(shapes) == 1


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _unknown_row_lines(stream: Stream, anchors: list[Anchor], blocks: list[int],
                       label_piece) -> list[int]:
    """The blocks that print a row of its own under a label the form does not know (a
    label variant, a typo, an extra row an agency added): before the line's numbers,
    text that is no piece of a label of the table (``label_piece``), on a line holding
    no row's label, after numbers printed since the label above. Such numbers are that
    row's: read in order with the rows around them they would land on a known row."""
    covered = set()
    for anchor in anchors:
        covered.update(range(anchor.token, max(anchor.token, anchor.end) + 1))
    starts = sorted(anchor.token for anchor in anchors)
    labelled = {stream.tokens[a.token].block for a in anchors}
    found = []
    for block in blocks:
        ids = stream.by_block[block]
        first_value = next((n for n, k in enumerate(ids) if stream.tokens[k].kind == VALUE), None)
        if block in labelled or first_value is None:
            continue
        pieces = [k for k in ids[:first_value] if stream.tokens[k].kind == TEXT and k not in covered]
        if not pieces or not _unknown_text([stream.tokens[k].text for k in pieces], label_piece):
            continue
        above = max((t for t in starts if t < pieces[0]), default=-1)
        if any(stream.tokens[j].kind == VALUE for j in range(above + 1, pieces[0])):
            found.append(block)
    return found


def _unknown_text(pieces: list[str], label_piece) -> bool:
    """A piece of two characters or more that no label holds; or, when every piece is
    shorter (a label printed letter-spaced, ``其 它 处 埋``), three characters or more
    joined that no label holds. Pieces of known labels are not, nor a vertical group
    label's character beside an inner group's number (``办 （三）``)."""
    long = [p for p in pieces if len(_CJK.findall(p)) >= 2]
    if long:
        return any(not label_piece(p) for p in long)
    joined = "".join(pieces)
    return len(_CJK.findall(joined)) >= 3 and not label_piece(joined)


def _label_of(stream: Stream, block: int) -> str:
    return " ".join(stream.tokens[k].text for k in stream.by_block[block]
                    if stream.tokens[k].kind == TEXT)


def _on_other_rows_lines(stream, pool, anchors, run, block_of) -> bool:
    """Some row of the run would take numbers printed on the line of a row above it.

    Numbers on a later row's line, before its label, are a re-wrapped row running on
    (``（一）予以公开 5 1 0`` / ``0 0 0 6 （二）部分公开 …``); numbers after an earlier
    row's label, on a line without the row's own, are that row's by every layout, or
    a converter moved them there (a row's numbers appended to the line of a row above):
    read in order they would shift onto the wrong rows, and when the rows are outcomes
    their sums cannot tell."""
    rows_on: dict[int, set[int]] = {}
    for j, block in enumerate(block_of):
        rows_on.setdefault(block, set()).add(j)
    k = 0
    for i in run:
        width = anchors[i].width
        for position, _ in pool[k:k + width]:
            rows = rows_on.get(stream.tokens[position].block, set())
            if i not in rows and any(j < i for j in rows):
                return True
        k += width
    return False


def _in_place(pool, anchors, run, barriers) -> bool:
    """Each row's numbers lie between the labels of the rows before and after it,
    with no barrier between them and the row's own label."""
    k = 0
    for i in run:
        w = anchors[i].width
        positions = [p for p, _ in pool[k:k + w]]
        k += w
        low = anchors[i - 1].token if i > 0 else -1
        high = anchors[i + 1].token if i + 1 < len(anchors) else 10 ** 9
        if positions and not (low < min(positions) and max(positions) < high):
            return False
        label = anchors[i].token
        if any(min(label, p) < b < max(label, p) for p in positions for b in barriers):
            return False
    return True


def block_values(stream: Stream, token_ids: list[int], width: int,
                 explicit: bool) -> list[tuple[int, Number]]:
    """A row's numbers; empty cells count as 0 only where they are surely cells.

    In HTML every empty cell after the row's label is a cell, except in a spacer
    column: one left empty in every row of its table (an extra column at either
    end of the numbers), trimmed only as far as the row has too many cells. In
    text conversions an empty field at either end of the numbers may be a
    spanned label's shadow, so only empty fields between numbers count, and only
    where the row needs them to be as wide as it is. A text row whose cells are
    certain (a ruled PDF row placed by its column walls) is read as HTML's when its
    cells after the label are exactly as many as the row has columns.

    A row too few cells wide whose cells are merged across columns (``colspan``,
    ``gridSpan``) and make up its width, counted once per column, is read so only when
    every cell is 0 or empty: a merged 0 prints each column's 0 or, where the columns
    add up, their sum, and counts that sum to 0 are 0 each. Beside other numbers a
    merged 0 is read only where the row's own arithmetic confirms it (``assign``); a
    merged cell printing another number is never copied into its columns.
    """
    tokens = [(i, stream.tokens[i]) for i in token_ids]
    if explicit:
        area = _html_area(stream, tokens, width)
        spread = _spread_merged(area)
        if len(area) != width and spread is not None and len(spread) == width \
                and all(_is_zero(t) for _, t in spread):
            area = spread
    else:
        area = _certain_area(stream, tokens, width) or _text_area(tokens, width)
    values = [(i, t.number if t.kind == VALUE else Number(Decimal(0), "")) for i, t in area]
    return _parted_cells(values, width)


def _html_area(stream: Stream, tokens, width: int):
    area = _explicit_area(tokens)
    lead, trail, lengths = _spacers(stream).get(stream.table_of(tokens[0][1].block),
                                                (0, 0, Counter()))
    if lengths[len(area)] < 2:  # a spacer column makes many rows this long, not one
        lead = trail = 0
    while trail and len(area) > width and area[-1][1].kind == BLANK:
        area.pop()
        trail -= 1
    while lead and len(area) > width and area[0][1].kind == BLANK:
        area.pop(0)
        lead -= 1
    return area


def _certain_area(stream: Stream, tokens, width: int):
    """A text row's cells after its label when the adapter placed them all (a ruled PDF
    row) and they are as many as the row has columns, else None."""
    if not tokens or not stream.has_explicit_cells(tokens[0][1].block):
        return None
    area = _explicit_area(tokens)
    return area if len(area) == width else None


def _text_area(tokens, width: int):
    area = [(i, t) for i, t in tokens if t.kind in (VALUE, BLANK)]
    while area and area[0][1].kind == BLANK:
        area.pop(0)
    while area and area[-1][1].kind == BLANK:
        area.pop()
    area = _drop_blanks_between_text(tokens, area)
    numbers = [(i, t) for i, t in area if t.kind == VALUE]
    if len(area) != width and len(numbers) == width:
        area = numbers  # the empty fields were a converter's spacer columns
    return area


def _spread_merged(area):
    """The cells, a merged cell of 0 or empty once per column it spans; None when a merged
    cell prints another number (whose columns hold it cannot be told)."""
    out = []
    for position, token in area:
        if token.span > 1 and not _is_zero(token):
            return None
        out.extend([(position, token)] * token.span)
    return out


def _is_zero(token) -> bool:
    return token.kind == BLANK or (token.kind == VALUE and not token.number.unclear
                                   and token.number.value == 0)


def _merged_zeros_confirmed(stream: Stream, ids: list[int], anchor: Anchor, check_split):
    """A row whose merged cells of 0 make up its width beside other numbers
    (``3 | 0 across five | 3``), read with 0 in each merged column when the row's own
    arithmetic (``check_split``) confirms it; else None."""
    area = _html_area(stream, [(k, stream.tokens[k]) for k in ids], anchor.width)
    spread = _spread_merged(area)
    if spread is None or len(spread) != anchor.width or len(spread) == len(area):
        return None
    values = [(k, t.number if t.kind == VALUE else Number(Decimal(0), "")) for k, t in spread]
    if any(v.unclear for _, v in values) or not check_split(anchor.code, [v for _, v in values]):
        return None
    return values


def _merged_reason(stream: Stream, ids: list[int], width: int) -> str | None:
    """Why a row with cells merged across columns was not read, if it has such cells."""
    area = _html_area(stream, [(k, stream.tokens[k]) for k in ids], width)
    merged = [t for _, t in area if t.span > 1]
    if not merged:
        return None
    number = next((t for t in merged if not _is_zero(t)), None)
    if number is not None:
        return (f"a cell merged across {number.span} columns prints {number.text}: which of "
                f"those columns hold it cannot be told")
    spread = _spread_merged(area)
    if len(spread) != width:
        return (f"its cells, merged ones counted once per column they span, are "
                f"{len(spread)} where {width} were expected")
    return ("a cell of 0 merged across columns beside other numbers is read as 0 in each "
            "only where the row's own arithmetic confirms it, and it does not")


def _parted_cells(values: list[tuple[int, Number]], width: int) -> list[tuple[int, Number]]:
    """Cells printing several numbers (``8 1``) are one cell each unless taking their
    numbers apart is what gives the row its width: some converters print two
    columns in one cell, and then the count says so."""
    if len(values) == width or not any(v.unclear for _, v in values):
        return values
    parted = [(i, part) for i, v in values
              for part in (v.parts() if v.unclear else [v])]
    return parted if len(parted) == width else values


def _explicit_area(tokens):
    """An HTML row's cells after its last label cell (or its numbers, if text follows them)."""
    last_text = max((k for k, (_, t) in enumerate(tokens) if t.kind == TEXT), default=-1)
    area = [(i, t) for i, t in tokens[last_text + 1:] if t.kind in (VALUE, BLANK)]
    if not any(t.kind == VALUE for _, t in area) and any(
            t.kind == VALUE for _, t in tokens[: last_text + 1]):
        area = [(i, t) for i, t in tokens if t.kind == VALUE]
    return area


_SPACERS: WeakKeyDictionary = WeakKeyDictionary()  # stream → its tables' spacers


def _spacers(stream: Stream) -> dict[int | None, tuple[int, int, dict[int, int]]]:
    """Per table: how many empty cells every numbered row has before and after its
    numbers, and how many rows have each length. Two numbered rows at least are
    needed to call a column a spacer. Computed once per stream."""
    if stream not in _SPACERS:
        areas: dict[int | None, list] = {}
        for block, ids in stream.by_block.items():
            area = _explicit_area([(i, stream.tokens[i]) for i in ids])
            if any(t.kind == VALUE for _, t in area):
                areas.setdefault(stream.table_of(block), []).append(area)
        _SPACERS[stream] = {
            table: (min(_blank_run(a) for a in rows), min(_blank_run(a[::-1]) for a in rows),
                    Counter(len(a) for a in rows))
            for table, rows in areas.items() if len(rows) >= 2
        }
    return _SPACERS[stream]



def _blank_run(area) -> int:
    count = 0
    for _, token in area:
        if token.kind != BLANK:
            break
        count += 1
    return count


def _drop_blanks_between_text(tokens, area):
    """In text, an empty field only stands for a cell between two numbers."""
    index = {i: k for k, (i, _) in enumerate(tokens)}
    kept = []
    for i, t in area:
        if t.kind == BLANK:
            k = index[i]
            before = next((tt for _, tt in reversed(tokens[:k]) if tt.kind != BLANK), None)
            after = next((tt for _, tt in tokens[k + 1:] if tt.kind != BLANK), None)
            if not (before and after and before.kind == VALUE and after.kind == VALUE):
                continue
        kept.append((i, t))
    return kept


def split_run_together(values: list[Number], width: int) -> list[Number] | None:
    """Digits run together (``0000000``) read one digit per cell, if that is the only reading.

    Only when every digit must be a cell of its own (as many digits as cells)
    is the split certain; any other count admits several splits and is left
    unread. And only when the printed pieces cannot be the row's numbers as they
    stand (one run of digits, or a piece with a leading zero): ``1 0 0 0 0 12`` is
    as likely a row that lost a number as ``1`` ``2`` run together.
    """
    if not all(v.is_plain_integer for v in values):
        return None
    if len(values) > 1 and not any(len(v.raw) > 1 and v.raw.startswith("0") for v in values):
        return None
    digits = "".join(v.raw for v in values)
    if len(digits) != width:
        return None
    return [Number(Decimal(d), d) for d in digits]
