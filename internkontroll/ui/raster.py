"""Rasterising chart SVGs with QtSvg, for documents that cannot hold vectors (DOCX).

The PDF embeds the same charts as vectors; the GUI shows the same SVG.
"""

from __future__ import annotations

import os
from importlib import resources

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QFontDatabase, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

_app: QApplication | None = None


def ensure_fonts() -> None:
    """Make the documents' font (Vera, shipped with reportlab) known to Qt.

    From the command line there is no application yet: a QApplication (not a QGuiApplication,
    so that widgets can still be made later in the same process) is started offscreen.
    """
    global _app
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a command line has no screen
        _app = QApplication([])
    folder = resources.files("reportlab") / "fonts"
    for name in ("Vera.ttf", "VeraBd.ttf"):
        QFontDatabase.addApplicationFont(str(folder / name))


def svg_to_png(svg: bytes, scale: float = 2.5) -> bytes:
    """PNG bytes of an SVG at ``scale`` times its size, on white."""
    ensure_fonts()
    renderer = QSvgRenderer(QByteArray(svg))
    size = renderer.defaultSize() * scale
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(buffer.data().data())
