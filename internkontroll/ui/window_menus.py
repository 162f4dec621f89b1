"""The main window's menus and toolbar: one QAction per command, with its shortcut and tip."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from internkontroll.ui.views import PREVIEW, RESULTS, SCORING, TEXTS

if TYPE_CHECKING:
    from internkontroll.ui.main_window import MainWindow
    from internkontroll.ui.window_actions import WindowActions


def build_menus(window: MainWindow, actions: WindowActions) -> None:
    """Make the actions (as ``window.<name>_action``), the menus and the toolbar."""
    def action(name: str, text: str, shortcut: str | QKeySequence.StandardKey,
               slot: Callable[[], Any], tip: str) -> QAction:
        made = QAction(text, window)
        made.setShortcut(QKeySequence(shortcut))
        made.setStatusTip(tip)
        made.triggered.connect(lambda _=False: slot())
        setattr(window, f"{name}_action", made)
        return made

    new = action("new", "&Nytt kontrolltillfälle …", "Ctrl+N", actions.new_review,
                 "Lägg upp ett kontrolltillfälle och dra eller ange ärenden")
    again = action("again", "Ny kontroll som &förra gången …", "Ctrl+Shift+N",
                   actions.new_review_like_last,
                   "Samma urvalsinställningar som det valda kontrolltillfället, att justera; "
                   "förra periodens texter erbjuds bredvid fälten")
    score = action("open", "&Bedöm", "Ctrl+B", window.open_selected,
                   "Bedöm ärendena i det valda kontrolltillfället")
    report = action("report", "Skapa &rapport …", "Ctrl+P", actions.create_report,
                    "Spara redovisningen till nämnden som PDF eller Word")
    export = action("export", "&Exportera tabeller …", "Ctrl+E", actions.export_tables,
                    "Spara tabellerna för nämnden som Excel-fil")
    protocol = action("protocol", "&Urvalsprotokoll …", "", actions.save_sampling_record,
                      "Spara hur urvalet drogs, för akten (internt, som PDF)")
    deviations = action("deviations", "&Avvikelselista …", "", actions.save_deviations,
                        "Spara ärendena med brister per handläggare, för återkoppling "
                        "(internt, som PDF)")
    blank = action("blank", "&Tom bedömningsfil …", "", actions.save_blank_assessment,
                   "En Excel-fil med ärendena och kontrollmomenten, att fylla i och "
                   "importera")
    worklist = action("worklist", "Arbetslista &igen …", "", actions.worklist_again,
                      "Skapa arbetslistan igen ur samma fil som urvalet drogs ur "
                      "(innehåller sekretessuppgifter)")
    read_back = action("read_back", "&Läs in ifylld bedömningsfil …", "",
                       actions.import_assessments,
                       "Läs in svaren ur en ifylld bedömningsfil (Excel eller CSV)")
    home = action("home", "&Startsida", "Ctrl+Home", window.show_start,
                  "Tillbaka till startsidan")
    database = action("db", "Öppna &databas …", "Ctrl+O", actions.choose_database,
                      "Öppna en annan databasfil")
    server = action("server", "Anslut till &server …", "", actions.connect_server,
                    "Öppna förvaltningens gemensamma databas på en PostgreSQL-server")
    demo = action("demo", "Öppna &exempeldata", "", actions.open_demo,
                  "En separat databas med påhittade kontrolltillfällen att prova på")
    backup = action("backup", "&Säkerhetskopiera …", "", actions.backup,
                    "Spara en kopia av databasen där du väljer")
    restore = action("restore", "Å&terställ säkerhetskopia …", "", actions.restore_backup,
                     "Ersätt databasen med en säkerhetskopia; den nuvarande sparas först")
    settings = action("settings", "&Inställningar …", "", actions.edit_settings,
                      "Kommun, nämnd, logotyp, små antal och mapp för säkerhetskopior")
    quit_action = action("quit", "&Avsluta", QKeySequence.StandardKey.Quit, window.close,
                         "Stäng programmet")
    lock = action("lock", "Markera som re&dovisad i nämnd …", "", actions.lock_review,
                  "Spara redovisningen som nämnden fick och lås kontrolltillfället")
    unlock = action("unlock", "Lås &upp …", "", actions.unlock_review,
                    "Lås upp ett redovisat kontrolltillfälle, med motivering")
    pdf = action("pdf", "Spara redovisad &PDF …", "", actions.save_stored_pdf,
                 "Spara den PDF som nämnden fick, byte för byte")
    log = action("log", "Visa ändrings&logg", "Ctrl+L", actions.show_log,
                 "Vem ändrade vad och när")
    purge = action("purge", "&Gallra …", "", actions.purge_review,
                   "Ta bort ärendena i ett redovisat kontrolltillfälle; resultaten finns kvar "
                   "som antal")
    delete = action("delete", "&Ta bort …", "", actions.delete_review,
                    "Ta bort ett kontrolltillfälle som inte har redovisats")
    new_template = action("new_template", "Ny &kontroll …", "",
                          lambda: actions.edit_template(None), "Lägg upp en egen kontroll")
    copy_template = action("copy_template", "K&opiera kontroll …", "",
                           lambda: actions.edit_template(True),
                           "En ny kontroll som utgår från den valda")
    edit_template = action("edit_template", "&Redigera kontroll …", "",
                           lambda: actions.edit_template(False),
                           "Ändra den valda kontrollen; används den blir det en ny version")

    def show_tab(name: str) -> Callable[[], None]:
        return lambda: window.show_review_tab(name)

    tabs = {name: action(f"tab{n}", name, f"Ctrl+{n}", show_tab(name),
                         f"Visa {name.lower()} för det valda kontrolltillfället")
            for n, name in enumerate((SCORING, RESULTS, TEXTS, PREVIEW), 1)}
    window.tab_actions = tabs

    bar = window.menuBar()
    archive = bar.addMenu("&Arkiv")
    archive.addActions([database, server, demo])
    archive.addSeparator()
    archive.addActions([backup, restore, settings])
    archive.addSeparator()
    archive.addAction(quit_action)
    review = bar.addMenu("&Kontrolltillfälle")
    review.addActions([new, again, score])
    review.addSeparator()
    review.addActions([lock, unlock, log])
    review.addSeparator()
    review.addActions([purge, delete])
    documents = bar.addMenu("&Dokument")
    documents.addActions([report, export, pdf])
    documents.addSeparator()
    documents.addActions([protocol, deviations, worklist, blank, read_back])
    controls = bar.addMenu("K&ontroll")
    controls.addActions([new_template, copy_template, edit_template])
    view = bar.addMenu("&Visa")
    view.addAction(home)
    view.addActions(list(tabs.values()))
    toolbar = window.addToolBar("Verktyg")
    toolbar.setObjectName("verktyg")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([home, new, score, tabs[RESULTS], tabs[PREVIEW], report, export])
    for made in toolbar.actions():
        button = toolbar.widgetForAction(made)
        button.setAccessibleName(made.text().replace("&", "").rstrip(" …"))
        button.setAccessibleDescription(made.statusTip())
    window.database_actions = [new, again, score, report, export, backup, settings, lock,
                               unlock, pdf, log, purge, delete, read_back, *tabs.values(),
                               new_template, copy_template, edit_template]
    window.sample_actions = [protocol, deviations, worklist, blank]
    window.enable(False)
