"""The views of the main window. The names of a kontrolltillfälle's tabs are here, so the
window's menus can name them without importing the views (and the database layer)."""

SCORING, RESULTS, TEXTS, PREVIEW = "Bedömning", "Resultat", "Texter till nämnden", \
    "Förhandsgranska"
