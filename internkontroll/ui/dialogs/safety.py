"""Dialogs for data safety: redovisad i nämnd, the change log, and the settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from internkontroll.ui import messages
from internkontroll.ui.dialogs import ok_cancel

if TYPE_CHECKING:
    from internkontroll.ops.safety import LogRow


class LockDialog(QDialog):
    """Who reported to the nämnd, and the protocol paragraph."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Redovisad i nämnd")
        self.reported_by = QLineEdit()
        self.reported_by.setAccessibleName("Redovisad av")
        self.reported_by.setPlaceholderText("Namn på den som redovisade")
        self.paragraph = QLineEdit()
        self.paragraph.setAccessibleName("Protokollsparagraf")
        self.paragraph.setPlaceholderText("t.ex. SN 2022-11-17 § 156")
        text = QLabel(f"Markera {label} som redovisat i nämnd. Redovisningen sparas i databasen "
                      "precis som den ser ut nu, och kontrolltillfället kan sedan inte ändras.")
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Redovisad &av", self.reported_by)
        form.addRow("&Paragraf", self.paragraph)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Markera som redovisad"))
        self.resize(520, 180)

    def accept(self) -> None:
        if not self.reported_by.text().strip():
            messages.show_error(self, "Ange vem som redovisade för nämnden.")
            return
        super().accept()


class LogDialog(QDialog):
    """The change log of one review (or of the whole database), read by ``ops.safety.log``."""

    COLUMNS = ("Tid", "Användare", "Åtgärd", "Vad", "Före", "Efter")

    def __init__(self, found: list[LogRow], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Ändringslogg – {title}")
        self.table = QTableWidget(len(found), len(self.COLUMNS))
        self.table.setAccessibleName("Ändringslogg")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, entry in enumerate(found):
            values = (entry.at, entry.user, entry.action, entry.target, entry.old or "",
                      entry.new or "")
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        for column in range(len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.scrollToBottom()
        note = QLabel("Loggen kan inte ändras. Tider visas i svensk tid.")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(close)
        self.resize(1000, 600)


class SettingsDialog(QDialog):
    """Organisation, logo, small counts and the second backup folder."""

    def __init__(self, current: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inställningar")
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in (("kommun", "&Kommun"), ("namnd", "&Nämnd"),
                           ("forvaltning", "&Förvaltning")):
            edit = QLineEdit(current.get(key, ""))
            edit.setAccessibleName(label.replace("&", ""))
            self.fields[key] = edit
            form.addRow(label, edit)
        self.logo = QLineEdit(current.get("logo", ""))
        self.logo.setAccessibleName("Logotyp")
        self.logo.setPlaceholderText("ingen; en PNG- eller JPEG-fil visas i rapportens sidhuvud")
        choose_logo = QPushButton("Välj &bild …")
        choose_logo.setAccessibleName("Välj logotyp")
        choose_logo.clicked.connect(self._choose_logo)
        logo = QHBoxLayout()
        logo.addWidget(self.logo)
        logo.addWidget(choose_logo)
        form.addRow("&Logotyp", logo)
        threshold = current.get("small_counts", "")
        self.hide_small = QCheckBox("&Dölj små antal i uppdelningar till nämnden")
        self.hide_small.setChecked(threshold.isdigit())
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 10)
        self.threshold.setValue(int(threshold) if threshold.isdigit() else 5)
        self.threshold.setPrefix("färre än ")
        self.threshold.setAccessibleName("Gräns för små antal")
        self.threshold.setEnabled(self.hide_small.isChecked())
        self.hide_small.toggled.connect(self.threshold.setEnabled)
        small = QHBoxLayout()
        small.addWidget(self.hide_small)
        small.addWidget(self.threshold)
        form.addRow("Små antal", small)
        hint = QLabel("Av som standard, eftersom publicerade redovisningar brukar visa dem. "
                      "Påslaget visas antal under gränsen som \"<5\", och ytterligare ett "
                      "antal döljs där en summa annars skulle avslöja det.")
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.uncertainty = QCheckBox("Visa &osäkerheten i resultaten i redovisningen")
        self.uncertainty.setChecked(current.get("osakerhet", "") == "ja")
        form.addRow("Osäkerhet", self.uncertainty)
        told = QLabel("Osäkerhetsintervall, en mening om varje statistiskt säkerställd "
                      "förändring och en bilaga som förklarar vad ett urval kan visa. Av som "
                      "standard; resultatvyn visar det alltid. Ett kontrolltillfälle kan välja "
                      "annorlunda under Texter till nämnden.")
        told.setWordWrap(True)
        form.addRow("", told)
        self.backup_folder = QLineEdit(current.get("backup_folder", ""))
        self.backup_folder.setAccessibleName("Andra mapp för säkerhetskopior")
        self.backup_folder.setPlaceholderText("t.ex. förvaltningens skyddade nätverksenhet")
        browse = QPushButton("&Välj …")
        browse.clicked.connect(self._choose_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.backup_folder)
        folder.addWidget(browse)
        form.addRow("Säkerhetskopior även i", folder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Spara"))
        self.resize(640, 360)

    def _choose_logo(self) -> None:
        start = self.logo.text() or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Logotyp", start,
                                                "Bilder (*.png *.jpg *.jpeg);;Alla (*)")
        if chosen:
            self.logo.setText(chosen)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Mapp för säkerhetskopior",
                                                  self.backup_folder.text())
        if chosen:
            self.backup_folder.setText(chosen)

    def values(self) -> dict[str, str]:
        found = {key: edit.text().strip() for key, edit in self.fields.items()}
        found["small_counts"] = str(self.threshold.value()) if self.hide_small.isChecked() \
            else ""
        found["osakerhet"] = "ja" if self.uncertainty.isChecked() else ""
        found["logo"] = self.logo.text().strip()
        found["backup_folder"] = self.backup_folder.text().strip()
        return found
