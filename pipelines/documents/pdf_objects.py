"""What a PDF page draws besides its text: the boxes of its paths (a table's rules), and
whether all its text is set upright.

One walk over the page's objects, by raw pdfium calls: a ruled table draws a path
per cell wall, and pypdfium2's object wrappers took most of the time of reading them.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_PATH, _TEXT, _FORM = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_TEXT,
                       pdfium_c.FPDF_PAGEOBJ_FORM)
_RULE_DEPTH = 2  # paths are looked for in forms inside forms inside forms on the page
_TEXT_DEPTH = 16  # text in forms nested deeper is not looked at: the page is not upright


def untyped(function):
    """A pdfium function returning an int, called through a prototype without argument
    types: ctypes then converts no argument afresh, half of what a call costs (~190 ns
    against ~410), which counts in calls made once per character or page object. Its
    arguments must be C values already: pdfium handles, ``byref`` pointers, ints."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.cast(function, ctypes.c_void_p).value)
    prototype.argtypes = None
    return prototype


_GET_TYPE = untyped(pdfium_c.FPDFPageObj_GetType)
_GET_BOUNDS = untyped(pdfium_c.FPDFPageObj_GetBounds)
_GET_MATRIX = untyped(pdfium_c.FPDFPageObj_GetMatrix)


@dataclass
class PageObjects:
    paths: list[tuple[float, float, float, float]]  # (left, bottom, right, top) of each path
    # Every text object, and every form holding one, is set with an unturned, unmirrored
    # matrix: all its characters read at angle 0, and need not be asked one by one.
    upright_text: bool


def page_objects(page: pdfium.PdfPage) -> PageObjects:
    """The page's paths (three levels of forms deep) and whether its text is all upright
    (false when in doubt: forms nested deeper than the walk goes)."""
    bounds = [ctypes.c_float() for _ in range(4)]
    pointers = [ctypes.byref(value) for value in bounds]
    matrix = pdfium_c.FS_MATRIX()
    matrix_pointer = ctypes.byref(matrix)
    get_type, get_bounds, get_matrix = _GET_TYPE, _GET_BOUNDS, _GET_MATRIX
    found = PageObjects([], True)

    def unturned(obj) -> bool:
        return bool(get_matrix(obj, matrix_pointer)) and matrix.b == 0 and matrix.c == 0 \
            and matrix.a > 0 and matrix.d > 0

    def walk(parent, count, get, level: int) -> None:
        for index in range(count(parent)):
            obj = get(parent, index)
            kind = get_type(obj)
            if kind == _PATH:
                if level <= _RULE_DEPTH and get_bounds(obj, *pointers):
                    found.paths.append(tuple(value.value for value in bounds))
            elif kind == _TEXT:
                if found.upright_text and not unturned(obj):
                    found.upright_text = False
            elif kind == _FORM:
                if found.upright_text and not unturned(obj):
                    found.upright_text = False
                if level == _TEXT_DEPTH:
                    found.upright_text = False
                elif level < _RULE_DEPTH or found.upright_text:
                    walk(obj, pdfium_c.FPDFFormObj_CountObjects,
                         pdfium_c.FPDFFormObj_GetObject, level + 1)

    walk(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, 0)
    return found
