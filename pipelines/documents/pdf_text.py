"""Telling a usable text layer from garbage.

A font embedded without a ``ToUnicode`` map gives characters pdfium cannot
name: private-use code points, replacement marks, control characters, or
glyph numbers that happen to be valid but random CJK characters. Such text
must never be read as a report (its digits may be other glyphs), so it is
marked here and the document is sent to OCR when much of it is garbage.
"""

from __future__ import annotations

import re

UNMAPPED = "\ufffd"
_MAX_UNMAPPED_SHARE = 0.05
_MIN_COMMON_SHARE = 0.2
_MIN_CJK_TO_JUDGE = 200
_STRAY = re.compile("[\x80-\u02ff]")
_CJK = re.compile("[\u3400-\u9fff]")
# The most frequent characters of Chinese prose and of these reports in particular:
# real text has most of its characters among them, glyph numbers read as code points do not.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小物现实加量都两体制机当使"
    "点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
    "看原又么利比或但质气第向道命此变条只没结解问意建月公无系很情者最立代想已通并提直题党程展五果料象"
    "员位入常文总次品式活设及管特件长求头基资边流路级少图统接知较将组见计别手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶思术极交受"
    "联认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报完类八离华"
    "名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复"
    "容须际商非验连断深难近千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率"
    "族维划选标写存候亲快效院查型按格养易置派层片始却专状育厂京识适属包火住调满县局照参细引听该价严"
    "申请息告诉讼复审政府依规范")


def mark_unmapped(code: int) -> str:
    """The character for a code pdfium returned, or ``UNMAPPED`` for one it could not name."""
    if code < 0x20 or 0xE000 <= code <= 0xF8FF or code in (0xFFFD, 0xFFFF) or code > 0x10FFFF \
            or 0xD800 <= code <= 0xDFFF:
        return UNMAPPED
    return chr(code)


def is_garbled_text(text: str) -> str | None:
    """Why ``text`` (a document's printed characters, no spaces) is not usable text, or None."""
    if not text:
        return None
    unmapped = text.count(UNMAPPED)
    if unmapped / len(text) > _MAX_UNMAPPED_SHARE:
        return (f"{unmapped} of its {len(text)} characters have no Unicode mapping "
                f"(fonts embedded without a ToUnicode map)")
    stray = len(_STRAY.findall(text))
    if stray / len(text) > _MAX_UNMAPPED_SHARE:
        return (f"{stray} of its {len(text)} characters are stray Latin letters and symbols "
                f"(character codes of a subset font read without its ToUnicode map)")
    cjk = _CJK.findall(text)
    if len(cjk) >= _MIN_CJK_TO_JUDGE:
        common = sum(map(_COMMON.__contains__, cjk)) / len(cjk)
        if common < _MIN_COMMON_SHARE:
            return (f"its Chinese characters are not Chinese text (only {common:.0%} are common "
                    f"characters): glyph numbers read as characters, fonts without a ToUnicode map")
    return None
