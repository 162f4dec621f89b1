"""An earlier period entered as counts: a table of items × options for the whole
kontrolltillfälle and, if wanted, one per group of the control's breakdowns, each with its
number of cases. Checked by ``core.period_counts``, as the counts file is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import MAX_COUNT, shown
from internkontroll.core.period_counts import (
    CountTable,
    GroupCounts,
    PeriodCounts,
    period_counts,
)
from internkontroll.core.templates import Template
from internkontroll.ui import messages
from internkontroll.ui.dialogs import ok_cancel

WHOLE_NAME = "Hela kontrolltillfället"
FILLED = " (ifylld)"
Group = tuple[str, str] | None  # (attribute, value); None: the whole kontrolltillfälle


class CountsDialog(QDialog):
    """An earlier period: a table of items × options to type counts into, for the whole
    kontrolltillfälle or for each group of a breakdown."""

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.setWindowTitle("Tidigare period – antal")
        self.options = list(template.main.options)
        self.groups: list[Group] = [None] + [
            (attribute, value.key) for attribute in template.breakdowns
            for value in template.attribute(attribute).values]
        self.tables: dict[Group, QTableWidget] = {}
        self.cases: dict[Group, QLineEdit] = {}
        self.group = QComboBox()
        self.group.setAccessibleName("Grupp")
        self.stack = QStackedWidget()
        for group in self.groups:
            self.group.addItem(self._name(group))
            self.stack.addWidget(self._page(group))
        self.group.currentIndexChanged.connect(self.stack.setCurrentIndex)
        help_text = QLabel(
            "Skriv antalet bedömningar per kontrollmoment och alternativ." + (
                " Vill du redovisa per grupp, välj gruppen och skriv in dess antal. Lämnar du "
                "hela kontrolltillfället tomt blir det summan av grupperna."
                if len(self.groups) > 1 else ""))
        help_text.setWordWrap(True)
        choice = QFormLayout()
        choice.addRow("&Grupp", self.group)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        if len(self.groups) > 1:
            layout.addLayout(choice)
        else:
            self.group.hide()
        layout.addWidget(self.stack)
        self.buttons = ok_cancel(self, "Spara", self._check)
        layout.addWidget(self.buttons)
        self.resize(900, 480)

    # layout ------------------------------------------------------------------------------
    def _name(self, group: Group) -> str:
        if group is None:
            return WHOLE_NAME
        definition = self.template.attribute(group[0])
        return f"{definition.label}: {definition.label_of(group[1])}"

    def _page(self, group: Group) -> QWidget:
        page = QWidget()
        cases = QLineEdit()
        cases.setPlaceholderText("okänt")
        cases.setMaximumWidth(120)
        cases.setAccessibleName(f"Antal ärenden, {self._name(group).lower()}")
        cases.setToolTip("Hur många ärenden som granskades" + (
            "" if group is None else " i gruppen") + ". Lämna tomt om det inte är känt.")
        cases.textChanged.connect(lambda _text, g=group: self._mark(g))
        table = QTableWidget(len(self.template.items), len(self.options))
        table.setHorizontalHeaderLabels([o.label for o in self.options])
        table.setVerticalHeaderLabels([i.text for i in self.template.items])
        table.setAccessibleName(f"Antal per kontrollmoment och bedömning, "
                                f"{self._name(group).lower()}")
        for r, item in enumerate(self.template.items):
            allowed = {o.key for o in self.template.scale_of(item).options}
            for c, option in enumerate(self.options):
                cell = QTableWidgetItem("0" if option.key in allowed else "")
                if option.key not in allowed:
                    cell.setFlags(Qt.ItemFlag.NoItemFlags)
                table.setItem(r, c, cell)
        table.horizontalHeader().setMinimumSectionSize(80)
        table.resizeColumnsToContents()
        table.cellChanged.connect(lambda _r, _c, g=group: self._mark(g))
        self.tables[group], self.cases[group] = table, cases
        form = QFormLayout()
        form.addRow("Antal &ärenden", cases)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(table)
        return page

    def _mark(self, group: Group) -> None:
        """The group list says which groups have something typed in."""
        index = self.groups.index(group)
        filled = any(self._text(group, r, c) not in ("", "0")
                     for r in range(len(self.template.items)) for c in range(len(self.options)))
        filled = filled or bool(self.cases[group].text().strip())
        self.group.setItemText(index, self._name(group) + (FILLED if filled else ""))

    @property
    def table(self) -> QTableWidget:
        """The table of the group shown."""
        return self.tables[self.groups[self.group.currentIndex()]]

    def show_group(self, group: Group) -> None:
        self.group.setCurrentIndex(self.groups.index(group))

    # values ------------------------------------------------------------------------------
    def _text(self, group: Group, row: int, column: int) -> str:
        cell = self.tables[group].item(row, column)
        return cell.text().strip() if cell is not None else ""

    def _number(self, text: str, where: str) -> int:
        if not (text.isascii() and text.isdigit() and int(text) <= MAX_COUNT):
            highest = f"{MAX_COUNT:,}".replace(",", "\u00a0")
            raise InvalidInput(f"'{shown(text)}' är inte ett antal (heltal från 0 till "
                               f"{highest}): {where}.")
        return int(text)

    def _table(self, group: Group) -> tuple[CountTable, int | None]:
        name = self._name(group).lower() if group else WHOLE_NAME.lower()
        found: CountTable = {}
        for r, item in enumerate(self.template.items):
            allowed = {o.key for o in self.template.scale_of(item).options}
            for c, option in enumerate(self.options):
                text = self._text(group, r, c)
                if option.key not in allowed or not text:
                    continue
                count = self._number(text, f"{name}, ”{shown(item.text)}”, {option.label}")
                if count:
                    found.setdefault(item.key, {})[option.key] = count
        typed = self.cases[group].text().strip()
        cases = self._number(typed, f"antal ärenden, {name}") if typed else None
        return found, cases

    def values(self) -> PeriodCounts:
        """What was typed, checked as a whole; raises ``InvalidInput``."""
        whole, cases = self._table(None)
        groups = []
        for group in self.groups[1:]:
            assert group is not None
            counts, group_cases = self._table(group)
            groups.append(GroupCounts(group[0], group[1], counts, group_cases))
        return period_counts(self.template, whole, cases, groups)

    def _check(self) -> None:
        try:
            self.values()
        except InvalidInput as error:
            messages.show_error(self, str(error))
            return
        self.accept()

