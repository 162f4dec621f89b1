"""One embedded TrueType family for every document, charts included."""

from __future__ import annotations

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
