"""A deterministic, messy case-system export for sampling tests and benchmarks.

It has title rows, a sum row, Swedish headers, personnummer and name columns, and several
decisions per household.
"""

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

from tests.core.test_personnummer import check_digit

HEADERS = ["Ärendenummer", "Personnummer", "Namn", "Handläggare", "Beslutsdatum",
           "Försörjningshinder", "Kön", "Barn i hushållet", "Belopp"]
CASEWORKERS = ["Anna Berg", "Bo Ek", "Cecilia Lind", "David Holm", "Eva Strand", "Filip Sjö",
               "Greta Ås", "Hugo Öberg", "Ingrid Nord"]
REASONS = ["Arbetslös, otillräcklig ersättning", "Sjukskriven, med läkarintyg",
           "Föräldraledig", "Arbetslös, ingen ersättning"]
FIRST = ["Ali", "Beata", "Carl", "Dalia", "Emil", "Fatima", "Gustav", "Hanna", "Ivan", "Jenny"]
LAST = ["Andersson", "Berglund", "Claesson", "Dahl", "Eriksson", "Forsberg", "Gran", "Hussein"]


def personnummer(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    head = born.strftime("%y%m%d") + f"{rng.randrange(1000):03d}"
    return f"{born.strftime('%Y%m%d')}-{head[6:]}{check_digit(head)}"


def population_rows(households: int, seed: int = 7) -> list[list[str]]:
    """Data rows (no header); one to five decisions per household."""
    rng = random.Random(seed)
    rows = []
    for n in range(households):
        reference = f"EB-2022-{n + 1:05d}"
        pnr = personnummer(rng)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        worker = CASEWORKERS[n % len(CASEWORKERS)] if n < 50 else rng.choice(CASEWORKERS)
        gender = rng.choice(["K", "M"])
        children = rng.choice(["Ja", "Nej"])
        for _ in range(rng.randint(1, 5)):
            when = date(2022, 1, 1) + timedelta(days=rng.randrange(365))
            rows.append([reference, pnr, name, worker, when.isoformat(), rng.choice(REASONS),
                         gender, children, str(rng.randrange(500, 15000))])
    return rows


def write_population_csv(path: Path, rows: list[list[str]], encoding: str = "cp1252",
                         delimiter: str = ";") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([["Utsökning: beslut om ekonomiskt bistånd"],
                      ["Skapad 2022-10-03 av Procapita"], [], HEADERS, *rows,
                      ["Summa", "", "", "", "", "", "", "", str(len(rows))]])
    path.write_text(buffer.getvalue(), encoding=encoding, newline="")
    return path


def write_population_xlsx(path: Path, rows: list[list[str]]) -> Path:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Beslut")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, "Utsökning: beslut om ekonomiskt bistånd")
    sheet.write_row(2, 0, HEADERS)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if c == 4:
                sheet.write_datetime(r, c, date.fromisoformat(value), date_format)
            elif c == 8:
                sheet.write_number(r, c, int(value))
            else:
                sheet.write_string(r, c, value)
    sheet.write_row(len(rows) + 3, 0, ["Summa", "", "", "", "", "", "", "", len(rows)])
    workbook.close()
    return path
