"""The sampling dialog's "Hur säkert blir resultatet?": the margin of error the chosen size
gives out of the frame, and the size a chosen margin needs. The arithmetic is
``core.precision``; this only shows it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core import precision
from internkontroll.core.formatting import NBSP


class PrecisionBox(QGroupBox):
    """Shows ``precision_sentence`` for (size, frame, expected share), and what size a margin
    needs; **Använd** hands that size to the form."""

    size_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Hur säkert blir resultatet?", parent)
        self.chosen: int | None = 20  # None: census
        self.frame: int | None = None  # known once the urvalsram is shown
        self.expected = QSpinBox()
        self.expected.setRange(1, 99)
        self.expected.setValue(80)
        self.expected.setSuffix(f"{NBSP}%")
        self.expected.setAccessibleName("Förväntad andel")
        self.expected.setToolTip("Ungefär vilken andel du väntar dig, t.ex. andelen helt förra "
                                 "gången. 50 % ger den största felmarginalen; välj 50 om du "
                                 "inte vet.")
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleName("Felmarginal för urvalet")
        self.margin = QSpinBox()
        self.margin.setRange(1, 50)
        self.margin.setValue(10)
        self.margin.setPrefix("±")
        self.margin.setSuffix(f"{NBSP}procentenheter")
        self.margin.setAccessibleName("Önskad felmarginal")
        self.needed = QLabel()
        self.needed.setWordWrap(True)
        self.needed.setAccessibleName("Antal som behövs")
        self.use = QPushButton("A&nvänd")
        self.use.setAutoDefault(False)
        self.use.setToolTip("Sätt antalet ärenden i urvalet till det som behövs.")
        self.use.clicked.connect(lambda: self.size_chosen.emit(self._needed()))
        share = QHBoxLayout()
        share.addWidget(QLabel("Väntad andel"))
        share.addWidget(self.expected)
        share.addStretch()
        wanted = QHBoxLayout()
        wanted.addWidget(QLabel("Önskad felmarginal"))
        wanted.addWidget(self.margin)
        wanted.addStretch()
        needed = QHBoxLayout()
        needed.addWidget(self.needed, 1)
        needed.addWidget(self.use)
        layout = QVBoxLayout(self)
        layout.addLayout(share)
        layout.addWidget(self.sentence)
        layout.addLayout(wanted)
        layout.addLayout(needed)
        self.expected.valueChanged.connect(lambda _: self.refresh())
        self.margin.valueChanged.connect(lambda _: self.refresh())
        self.refresh()

    def follow(self, size: QSpinBox, census: QCheckBox) -> None:
        """Keep to the form's Antal and Samtliga; **Använd** sets them."""
        def chosen() -> None:
            self.set_size(None if census.isChecked() else size.value())

        def use(needed: int) -> None:
            census.setChecked(False)
            size.setValue(needed)

        size.valueChanged.connect(lambda _: chosen())
        census.toggled.connect(lambda _: chosen())
        self.size_chosen.connect(use)
        chosen()

    def set_size(self, size: int | None) -> None:
        """The size chosen in the form; ``None`` for Samtliga (totalundersökning)."""
        self.chosen = size
        self.refresh()

    def set_frame(self, frame: int | None) -> None:
        self.frame = frame or None  # an empty frame (every row filtered away): not yet known
        self.refresh()

    def _needed(self) -> int:
        return precision.sample_size(self.frame, self.expected.value(), self.margin.value())

    def refresh(self) -> None:
        expected, frame = self.expected.value(), self.frame
        if self.chosen is None:
            self.sentence.setText(
                "Samtliga ärenden i urvalsramen granskas (totalundersökning): resultatet har "
                "ingen osäkerhet från urvalet." if frame is None else
                precision.precision_sentence(frame, frame, expected))
        elif frame is not None and self.chosen > frame:
            self.sentence.setText(f"Urvalet är större än urvalsramen "
                                  f"({precision.number(frame)} ärenden).")
        else:
            text = precision.precision_sentence(self.chosen, frame, expected)
            if frame is None:
                text += " Visa urvalsramen för att räkna med dess storlek."
            self.sentence.setText(text)
        needed = self._needed()
        out_of = f" ur {precision.number(frame)}" if frame is not None else ""
        if frame is not None and needed >= frame:
            self.needed.setText(f"Den felmarginalen kräver samtliga {precision.number(frame)} "
                                "ärenden (totalundersökning).")
        else:
            self.needed.setText(f"Den felmarginalen kräver {precision.number(needed)} "
                                f"ärenden{out_of}.")
        self.use.setText(f"A&nvänd {needed}")
