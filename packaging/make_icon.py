"""Draw the program's icon from its SVG: packaging/internkontroll.png (256 px, for the Linux
desktop entry) and packaging/internkontroll.ico (16–256 px, for Windows). Run it after changing
internkontroll/ui/resources/internkontroll.svg: uv run python packaging/make_icon.py"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).parent
SVG = HERE.parent / "internkontroll" / "ui" / "resources" / "internkontroll.svg"


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    png = HERE / "internkontroll.png"
    image.save(str(png))
    with Image.open(png) as drawn:
        drawn.save(HERE / "internkontroll.ico",
                   sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
