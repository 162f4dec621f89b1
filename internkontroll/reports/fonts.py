"""One embedded TrueType family for every document, charts included."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

FAMILY = "IK"
BOLD = "IK-Bold"


@cache
def register_fonts() -> str:
    """Register the Vera TTFs that ship with reportlab under one family; returns its name."""
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    faces = {FAMILY: "Vera.ttf", BOLD: "VeraBd.ttf", f"{FAMILY}-Italic": "VeraIt.ttf",
             f"{FAMILY}-BoldItalic": "VeraBI.ttf"}
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, f"{FAMILY}-Italic")
    addMapping(FAMILY, 1, 1, f"{FAMILY}-BoldItalic")
    return FAMILY


# Characters the family lacks that users type, in words of its own
_INSTEAD = {"→": "->", "←": "<-", "⇒": "=>", "✓": "ja", "✔": "ja", "✗": "nej", "✘": "nej"}


@cache
def _glyphs() -> frozenset[int]:
    """The characters every face of the family can draw."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    faces = [FAMILY, BOLD, f"{FAMILY}-Italic", f"{FAMILY}-BoldItalic"]
    return frozenset.intersection(*(frozenset(pdfmetrics.getFont(f).face.charToGlyph)
                                    for f in faces))


def drawable(text: str) -> str:
    """``text`` as the embedded font can draw it: a character it lacks becomes its plain form
    ("ﬁ" → "fi", "→" → "->") or is left out (an emoji, a zero-width space), since a missing
    glyph breaks PDF/A and PDF/UA and shows as a box."""
    glyphs = _glyphs()
    if all(ord(c) in glyphs or c == "\n" for c in text):
        return text
    found = []
    for c in text:
        if ord(c) in glyphs or c == "\n":
            found.append(c)
        elif c in _INSTEAD:
            found.append(_INSTEAD[c])
        else:
            found.append("".join(d for d in unicodedata.normalize("NFKD", c)
                                 if ord(d) in glyphs))
    return "".join(found)
