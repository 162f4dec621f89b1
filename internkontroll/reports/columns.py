"""Column widths from what the cells hold, and the page a wide table goes on.

Every column is at least as wide as its longest piece that must not break: a number cell
('41 av 43 (95 %)') whole, a part of a counts cell ('15/20 helt'), a word of a header or a label
('Samordningsärenden'). Number columns then grow so their headers need fewer lines, and the
label column takes the rest. When even the narrowest widths do not fit the portrait page, the
font shrinks a little, then the table goes on a landscape page, and last its columns are split
into several tables that each repeat the label column. The PDF and the Word document make the
same decision from the same measures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from internkontroll.reports import outline as o
from internkontroll.reports.fonts import BOLD, FAMILY
from internkontroll.reports.layout import LANDSCAPE_WIDTH, TEXT_WIDTH

PORTRAIT_WIDTH = TEXT_WIDTH
SIZES = (8.5, 8.0, 7.5)  # the cells' font size, tried largest first; never smaller
PAD = 4.0  # a cell's padding left and right
INDENT = 10.0  # a sub-row's label is indented this much more
NBSP = "\u00a0"
NUMBERS = (o.NUMBER, o.PERCENT)
FIRST_LABEL = 45 * mm  # label and text columns get this much before numbers grow
HEADER_ROOM = 30 * mm  # a number column grows for its header up to this
NUMBER_ROOM = 55 * mm  # a counts cell ('15/20 helt 3/20 delvis') on one line up to this
LONGEST = 60 * mm  # a longer piece (a link in a comment) may break anywhere
CONTINUED = "(forts.)"

# A counts cell ('15/20 helt 3/20 delvis 2/20 saknas') may break between its parts, never
# inside one, and a list of shares ('Helt 80 %, Delvis 16 %') after a comma; any other number
# cell ('41 av 43 (95 %)') never breaks.
_COUNTS_PART = re.compile(r" (?=\d+/\d+ )|(?<=,) ")
_SPACES = re.compile(r"[ \t\n]+")


@dataclass(frozen=True)
class Grid:
    """A table's cells as they are laid out: header rows first, then the body."""

    rows: tuple[tuple[str, ...], ...]
    roles: tuple[str, ...]
    header: int  # how many of ``rows`` are header rows
    bold: frozenset[int]  # rows in bold: the header, totals, the comparison's item rows
    indented: frozenset[int]  # sub-rows, whose label is indented

    def is_number(self, row: int, column: int) -> bool:
        return row >= self.header and self.roles[column] in NUMBERS


@dataclass(frozen=True)
class Fit:
    size: float  # the cells' font size
    landscape: bool
    parts: tuple[tuple[int, ...], ...]  # the columns of each table; every one has column 0
    widths: tuple[tuple[float, ...], ...]  # in points, one per column of each part

    @property
    def frame(self) -> float:
        return LANDSCAPE_WIDTH if self.landscape else PORTRAIT_WIDTH


def grid(block: o.Table) -> Grid:
    header = len(block.header_rows)
    bold = {*range(header), *(header + n for n in range(len(block.rows))
                              if n in block.totals or (block.sub_rows and
                                                       n not in block.sub_rows))}
    return Grid(tuple(tuple(r) for r in (*block.header_rows, *block.rows)), block.roles, header,
                frozenset(bold), frozenset(header + n for n in block.sub_rows))


def pieces(text: str, number: bool) -> list[str]:
    """The parts of a cell that never break: words, or the parts of a number cell."""
    if number:
        return [p for line in text.split("\n") for p in _COUNTS_PART.split(line) if p]
    return [w for w in _SPACES.split(text) if w]


def unbreakable(text: str) -> str:
    """A number cell with no-break spaces inside its parts, so no renderer breaks them."""
    return "\n".join(" ".join(p.replace(" ", NBSP) for p in _COUNTS_PART.split(line))
                     for line in text.split("\n"))


@dataclass(frozen=True)
class _Measure:
    """One column's widths at a font size of 1 pt, padding and indent apart."""

    piece: float  # the longest piece that must not break
    body: float  # the widest body cell on one line
    head: float  # the widest header cell on one line
    extra: float  # indent, for a label column with sub-rows


def _measures(table: Grid) -> list[_Measure]:
    found = []
    for c in range(len(table.roles)):
        piece = body = head = extra = 0.0
        for r, row in enumerate(table.rows):
            text = row[c] if c < len(row) else ""
            font = BOLD if r in table.bold else FAMILY
            width = max((stringWidth(line, font, 1) for line in text.split("\n")), default=0)
            longest = max((stringWidth(p, font, 1)
                           for p in pieces(text, table.is_number(r, c))), default=0)
            indent = INDENT if c == 0 and r in table.indented else 0.0
            if indent and longest:
                extra = max(extra, indent)
            piece = max(piece, longest)
            if r < table.header:
                head = max(head, width)
            else:
                body = max(body, width)
        found.append(_Measure(piece, body, head, extra))
    return found


def _grow(widths: list[float], columns: Sequence[int], to: Sequence[float],
          room: float) -> None:
    """Widen ``columns`` toward ``to``, sharing ``room`` by how much each still wants."""
    wanted = {c: max(0.0, to[c] - widths[c]) for c in columns}
    need = sum(wanted.values())
    if need <= 0 or room <= 0:
        return
    share = min(1.0, room / need)
    for c, more in wanted.items():
        widths[c] += more * share


def allocate(table: Grid, columns: Sequence[int], size: float, frame: float,
             measures: list[_Measure] | None = None) -> tuple[float, ...] | None:
    """Widths for ``columns`` at ``size`` that fill ``frame``; None when they cannot fit."""
    found = measures or _measures(table)
    m = [found[c] for c in columns]
    pad = 2 * PAD + 0.5  # half a point spare: rounding never pushes a word to the next line
    low = [min(x.piece * size, LONGEST) + x.extra + pad for x in m]
    if sum(low) > frame:
        return None
    natural = [max(x.body, x.head) * size + x.extra + pad for x in m]
    numbers = [i for i, c in enumerate(columns) if table.roles[c] in NUMBERS]
    texts = [i for i, c in enumerate(columns) if table.roles[c] not in NUMBERS]
    want = list(low)
    for i in numbers:
        want[i] = max(low[i], min(m[i].body * size + pad, NUMBER_ROOM),
                      min(m[i].head * size + pad, HEADER_ROOM))
    first = [max(low[i], min(natural[i], FIRST_LABEL)) for i in range(len(m))]
    widths = list(low)
    _grow(widths, texts, first, frame - sum(widths))
    _grow(widths, numbers, want, frame - sum(widths))
    _grow(widths, texts, natural, frame - sum(widths))
    rest = frame - sum(widths)
    widths[texts[0] if texts else 0] += rest  # the label column takes what is left
    return tuple(widths)


def _split(table: Grid, measures: list[_Measure], size: float, frame: float) -> Fit:
    """The columns in as few tables as fit, as even as they can be, each with column 0."""
    others = list(range(1, len(table.roles)))
    parts: list[list[int]] = [[]]
    for c in others:
        if parts[-1] and allocate(table, [0, *parts[-1], c], size, frame, measures) is None:
            parts.append([])
        parts[-1].append(c)
    count = len(parts)
    even = [others[n * len(others) // count:(n + 1) * len(others) // count]
            for n in range(count)]
    if all(allocate(table, [0, *p], size, frame, measures) for p in even):
        parts = even
    columns = tuple(tuple([0, *p]) for p in parts)
    widths = tuple(allocate(table, p, size, frame, measures) or _squeezed(table, p, frame)
                   for p in columns)
    return Fit(size, True, columns, widths)


def _squeezed(table: Grid, columns: Sequence[int], frame: float) -> tuple[float, ...]:
    """Even a label and one column do not fit (a word as wide as the page): equal widths,
    and the renderer breaks what it must."""
    return tuple(frame / len(columns) for _ in columns)


def fit(table: Grid) -> Fit:
    """Portrait if the table fits at some size, else landscape, else split across tables."""
    measures = _measures(table)
    everything = tuple(range(len(table.roles)))
    for wide, frame in ((False, PORTRAIT_WIDTH), (True, LANDSCAPE_WIDTH)):
        for size in SIZES:
            widths = allocate(table, everything, size, frame, measures)
            if widths is not None:
                return Fit(size, wide, (everything,), (widths,))
    if len(everything) < 2:
        return Fit(SIZES[-1], True, (everything,), (_squeezed(table, everything,
                                                              LANDSCAPE_WIDTH),))
    return _split(table, measures, SIZES[0], LANDSCAPE_WIDTH)


def continued(title: str) -> str:
    """The caption of a table's second and later parts: 'Resultat efter kön (forts.)'."""
    return f"{title} {CONTINUED}" if title else CONTINUED.capitalize()


_BETWEEN = (o.Heading, o.Note, o.Table)


def landscape_blocks(blocks: Sequence[o.Block], wide: set[int]) -> set[int]:
    """The blocks on landscape pages: each wide table with the headings right above it and the
    notes right after it. Wide tables with only headings, notes and tables between them share
    their pages, so the document does not turn back and forth."""
    found: set[int] = set()
    runs: list[list[int]] = []
    for n in sorted(wide):
        if runs and all(isinstance(b, _BETWEEN) for b in blocks[runs[-1][-1] + 1:n]):
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in runs:
        start, end = run[0], run[-1]
        while start > 0:
            above = blocks[start - 1]
            if not isinstance(above, o.Heading) or above.level < 2:
                break
            start -= 1
        while end + 1 < len(blocks) and isinstance(blocks[end + 1], o.Note):
            end += 1
        found.update(range(start, end + 1))
    return found
