"""Builders for assessment files used by the command-line tests."""

from pathlib import Path

EB_ITEMS = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
            "barnperspektiv", "beslut"]
WORD = {"h": "helt", "d": "delvis", "s": "saknas", "e": "ej_aktuellt", ".": ""}


def worked_example_rows() -> list[list[str]]:
    """SPEC § 5's worked example: 10 cases, 4 with children (answers per item, case by case)."""
    columns = {"ansokan": "hhhhhhhhhd", "sjalvforsorjning": "hhhhhhddds",
               "aktanteckningar": "hhhhhhhhdd", "berakningar": "hhhhhhhhhh",
               "bedomning": "hhhhhhhddd", "barnperspektiv": "hdss......",
               "beslut": "hhhhhhhhhh"}
    rows = [["lopnummer", "kon", "barn_i_hushallet", *EB_ITEMS]]
    for case in range(10):
        rows.append([str(case + 1), "Kvinna" if case % 2 else "M", "ja" if case < 4 else "nej",
                     *(WORD[columns[item][case]] for item in EB_ITEMS)])
    return rows


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Bedömningar")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.isdigit():
                sheet.write_number(r, c, float(value))  # Excel stores 1 as 1.0
            else:
                sheet.write_string(r, c, value)
    workbook.close()
    return path
