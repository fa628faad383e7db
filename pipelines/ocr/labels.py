"""A label the OCR misread in a character or two, put back to the template's own words.

Tesseract reads ``6.属于四类过程性信息`` as ``6.属于四类这钴过程性`` now and then; the
reader, which looks for the template's phrases, would then not find the row. A cell
that holds none of the template's phrases but is much closer to one label than to any
other is given that label. Only a clear winner is taken: a label put on the wrong row
could move numbers, and the arithmetic does not see a move between two outcome rows.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache

from models import template as T
from pipelines.reading.text import normalize

_MIN_SIMILARITY = 0.75
_MIN_LEAD = 0.15  # over the second closest label
_MIN_LENGTH = 4  # characters: shorter cells are matched as they are


@cache
def _labels() -> tuple[tuple[str, str], ...]:
    """(normalised, printed) of every label the form prints in a table cell."""
    labels = (*T.REQUEST_ROWS_ANY, *T.PROACTIVE_ROWS, *T.PROCEEDINGS, *T.PROCEEDING_RESULTS,
              *T.APPLICANTS, *T.REQUEST_GROUPS, *T.REQUEST_HEADINGS, *T.PROACTIVE_COLUMNS)
    return tuple((normalize(label.label), label.label) for label in labels)


@cache
def _phrases() -> tuple[str, ...]:
    labels = (*T.REQUEST_ROWS_ANY, *T.PROACTIVE_ROWS, *T.PROCEEDINGS, *T.PROCEEDING_RESULTS,
              *T.APPLICANTS, *T.REQUEST_GROUPS, *T.REQUEST_HEADINGS, *T.PROACTIVE_COLUMNS)
    return tuple(normalize(p) for label in labels for p in label.all_phrases)


def restored(text: str) -> str:
    """``text``, or the template label it is a clear misreading of."""
    seen = normalize(text)
    if len(seen) < _MIN_LENGTH or any(phrase in seen for phrase in _phrases()):
        return text
    scores = sorted(((SequenceMatcher(None, seen, label).ratio(), printed)
                     for label, printed in _labels()), reverse=True)
    (best, printed), (second, _) = scores[0], scores[1]
    if best >= _MIN_SIMILARITY and best - second >= _MIN_LEAD:
        return printed
    return text
