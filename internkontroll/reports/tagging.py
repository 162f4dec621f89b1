"""Tagged PDF (PDF/UA-1) on reportlab, in the one pass that draws the pages.

``tag_story`` wraps each flowable of a story so that what it draws is marked content
(``/P <</MCID n>> BDC … EMC``) belonging to a structure element: H1–H3 and P by paragraph
style, L/LI/LBody for bullets, Table/TR/TH/TD through reportlab's ``Table(renderCB=…)`` hook,
Figure with its alt text. A paragraph or table that breaks across pages stays one element;
header rows repeated on a later page, grid lines and cell backgrounds are artifacts, as are
the page's footer and marking (``artifact``). Headings of level 1 and 2 become bookmarks.

``Structure.finish`` writes the StructTreeRoot, the ParentTree and /MarkInfo at save.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)
from reportlab.platypus import (
    ActionFlowable,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import CondPageBreak, UseUpSpace

# Paragraph styles (``layout.styles``) to structure types; others are P.
HEADING_STYLES = {"rubrik1": 1, "rubrik2": 2, "rubrik2tabell": 2, "rubrik3": 3}
BULLET_STYLE = "punkt"
BOOKMARKED = 2  # headings down to this level are in the outline
_DRAWS_NOTHING = Spacer | CondPageBreak | ActionFlowable | UseUpSpace


@dataclass(eq=False)
class Element:
    role: str
    parent: Element | None
    kids: list[Element | tuple[int, int]] = field(default_factory=list)  # (page, MCID)
    alt: str = ""
    scope: str = ""  # TH: Column or Row


class Structure:
    """The structure tree as it is drawn: elements in reading order, and each page's marked
    content by MCID."""

    def __init__(self) -> None:
        self.root = Element("Document", None)
        self.marked: dict[int, list[Element]] = {}  # page index → element of each MCID
        self._keys = itertools.count(1)

    def element(self, role: str, parent: Element | None = None, **kw: Any) -> Element:
        found = Element(role, parent or self.root, **kw)
        found.parent.kids.append(found)  # type: ignore[union-attr]
        return found

    def begin(self, canvas: Any, element: Element) -> None:
        """Start marked content belonging to ``element`` on the canvas's page."""
        page = canvas.getPageNumber() - 1
        marked = self.marked.setdefault(page, [])
        element.kids.append((page, len(marked)))
        canvas._code.append(f"/{element.role} <</MCID {len(marked)}>> BDC")
        marked.append(element)

    def bookmark(self, canvas: Any, text: str, level: int, y: float) -> None:
        key = f"h{next(self._keys)}"
        destination = canvas.bookmarkPage(key, fit="XYZ", left=0, top=y)
        # the canvas lays its pages out before it adds them, so name the page itself
        destination.setPage(PDFObjectReference(f"Page{canvas.getPageNumber()}"))
        canvas.addOutlineEntry(text, key, level=level - 1, closed=False)

    def finish(self, canvas: Any) -> None:
        """Write the tree into the catalog (just before the canvas saves)."""
        document = canvas._doc
        refs: dict[int, Any] = {}
        dicts: list[tuple[Element, PDFDictionary]] = []
        for element in self._walk(self.root):
            entries = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.role)})
            refs[id(element)] = document.Reference(entries)
            dicts.append((element, entries))
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = document.Reference(root)
        for element, entries in dicts:
            parent = element.parent
            entries["P"] = refs[id(parent)] if parent is not None else root_ref
            entries["K"] = PDFArray([
                refs[id(k)] if isinstance(k, Element) else PDFDictionary(
                    {"Type": PDFName("MCR"), "Pg": PDFObjectReference(f"Page{k[0] + 1}"),
                     "MCID": k[1]}) for k in element.kids])
            if (page := _first_page(element)) is not None:
                entries["Pg"] = PDFObjectReference(f"Page{page + 1}")
            if element.alt:
                entries["Alt"] = PDFString(element.alt)
            if element.scope:
                entries["A"] = PDFDictionary({"O": PDFName("Table"),
                                              "Scope": PDFName(element.scope)})
        root["K"] = PDFArray([refs[id(self.root)]])
        pages = len(document.Pages.pages)
        nums: list[Any] = []
        for page in range(pages):
            nums += [page, PDFArray([refs[id(e)] for e in self.marked.get(page, [])])]
        root["ParentTree"] = PDFDictionary({"Nums": PDFArray(nums)})
        root["ParentTreeNextKey"] = pages
        catalog = document.Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        if next(self._keys) > 1:  # there are bookmarks: the viewer opens with them shown
            canvas.showOutline()

    def _walk(self, element: Element) -> Iterator[Element]:
        yield element
        for kid in element.kids:
            if isinstance(kid, Element):
                yield from self._walk(kid)


def _first_page(element: Element) -> int | None:
    for kid in element.kids:
        found = _first_page(kid) if isinstance(kid, Element) else kid[0]
        if found is not None:
            return found
    return None


def space_line_ends(flowable: Any) -> None:
    """End each wrapped line of a laid-out paragraph with the space it was broken at.

    reportlab draws a paragraph line by line and drops the space at each soft line break, so
    the text as read (a screen reader, copying, ``pdfinfo -struct-text``) runs the last word
    of one line into the first of the next. The space is drawn after the line's last glyph,
    where it moves nothing that is seen."""
    laid = getattr(flowable, "blPara", None)
    if laid is None or getattr(laid, "_spaced", False):
        return
    laid._spaced = True
    if laid.kind == 0:  # one style: each line is (extra space, words)
        source = str(getattr(flowable, "text", ""))

        def broken_at_space(line: Any, after: Any) -> bool:  # not a long word split (SHA-256)
            if not line[1] or not after[1]:
                return True
            last, first = str(line[1][-1]), str(after[1][0])
            return f"{last} {first}" in source or f"{last}{first}" not in source

        laid.lines = [(line[0], [*line[1], ""]) if broken_at_space(line, after) else line
                      for line, after in itertools.pairwise(laid.lines)] + laid.lines[-1:]
        return
    for line in laid.lines[:-1]:  # fragments of text in several styles
        texts = [w for w in line.words if isinstance(getattr(w, "text", None), str)
                 and not hasattr(w, "cbDefn") and not getattr(w, "lineBreak", False)]
        if texts and not texts[-1].text.endswith(" "):
            texts[-1].text += " "


class SpacedParagraph(Paragraph):
    """Keeps its line-end spaces however often it is wrapped (tables wrap cells again)."""

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        found = super().wrap(width, height)
        space_line_ends(self)
        return found


def structure_of(canvas: Any) -> Structure | None:
    found = getattr(canvas, "structure", None)
    return found if isinstance(found, Structure) else None


def end(canvas: Any) -> None:
    canvas._code.append("EMC")


def artifact(canvas: Any, kind: str = "") -> None:
    """Start content that is no part of the document (end it with ``end``)."""
    canvas._code.append(f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC" if kind
                        else "/Artifact BMC")


class Slot:
    """The structure element a flowable draws into, made when it is first drawn, so that the
    tree is in reading order; the parts of a split flowable share it."""

    def __init__(self, role: str, parent: Slot | None = None, alt: str = "", text: str = "",
                 level: int = 0) -> None:
        self.role, self.parent, self.alt, self.text, self.level = role, parent, alt, text, level
        self._made: Element | None = None

    def element(self, structure: Structure) -> Element:
        if self._made is None:
            parent = self.parent.element(structure) if self.parent else None
            self._made = structure.element(self.role, parent, alt=self.alt)
        return self._made


_SHARED = frozenset({"canv", "_frame"})


class Tagged(Flowable):  # type: ignore[misc]
    """A flowable whose drawing is marked content of its slot's element."""

    def __init__(self, inner: Any, slot: Slot, first: bool = True) -> None:
        super().__init__()
        self.inner, self.slot, self.first = inner, slot, first

    def __getattr__(self, name: str) -> Any:
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name in _SHARED:  # the frame tells the flowable where it is drawn
            setattr(self.inner, name, value)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def wrapOn(self, canvas: Any, aw: float, ah: float) -> tuple[float, float]:  # noqa: N802
        self.width, self.height = self.inner.wrapOn(canvas, aw, ah)
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Any]:
        return self._parts(self.inner.split(aw, ah))

    def splitOn(self, canvas: Any, aw: float, ah: float) -> list[Any]:  # noqa: N802
        return self._parts(self.inner.splitOn(canvas, aw, ah))

    def _parts(self, parts: list[Any]) -> list[Any]:
        return [Tagged(p, self.slot, self.first and n == 0) for n, p in enumerate(parts)]

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's names)
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def getKeepWithNext(self) -> bool:  # noqa: N802
        if "keepWithNext" in self.__dict__:  # the document template has kept it with the next
            return bool(self.__dict__["keepWithNext"])
        return bool(self.inner.getKeepWithNext())

    def identity(self, maxLen: int | None = None) -> str:  # noqa: N803
        return str(self.inner.identity(maxLen))

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        structure = structure_of(canvas)
        if structure is None:
            self.inner.drawOn(canvas, x, y, _sW)
            return
        if self.first and self.slot.level and self.slot.level <= BOOKMARKED:
            structure.bookmark(canvas, self.slot.text, self.slot.level, y + self.height)
        structure.begin(canvas, self.slot.element(structure))
        space_line_ends(self.inner)
        self.inner.drawOn(canvas, x, y, _sW)
        end(canvas)


@dataclass
class _Part:
    """Which rows of the whole table a drawn part of it holds."""

    slot: Slot
    header: int  # the whole table's header rows
    repeated: int  # leading rows that are header rows repeated from an earlier page
    offset: int  # the whole table's index of the first row after those
    row_headers: bool  # a table without header rows: its first column heads each row
    rows: dict[int, Element] = field(default_factory=dict)


def _table_events(table: Any, event: str, *args: Any) -> None:
    """reportlab's ``Table(renderCB=…)``: cells are TH/TD, the rest artifacts."""
    part: _Part | None = getattr(table, "_tagging", None)
    canvas = table.canv
    structure = structure_of(canvas)
    if part is None or structure is None:
        return
    if event in ("startBG", "startLines"):
        artifact(canvas)
    elif event in ("endBG", "endLines", "endCell"):
        end(canvas)
    elif event == "startCell":
        row, column = args[0], args[1]
        if row < part.repeated:
            artifact(canvas)
            return
        whole = part.offset + row - part.repeated
        if row not in part.rows:
            part.rows[row] = structure.element("TR", part.slot.element(structure))
        if whole < part.header:
            cell = structure.element("TH", part.rows[row], scope="Column")
        elif part.row_headers and column == 0:
            cell = structure.element("TH", part.rows[row], scope="Row")
        else:
            cell = structure.element("TD", part.rows[row])
        structure.begin(canvas, cell)
        for content in args[2] if isinstance(args[2], list | tuple) else [args[2]]:
            space_line_ends(content)


def _header_rows(table: Any) -> int:
    repeat = table.repeatRows
    return repeat if isinstance(repeat, int) else max(repeat, default=-1) + 1


class TaggedTable(Tagged):
    def __init__(self, inner: Any, slot: Slot, part: _Part | None = None) -> None:
        super().__init__(inner, slot)
        header = _header_rows(inner)
        self.part = part or _Part(slot, header, 0, 0, row_headers=not header)
        inner._renderCB = _table_events
        inner._tagging = self.part

    def _parts(self, parts: list[Any]) -> list[Any]:
        if not parts:
            return []
        first, *rest = parts
        found: list[Any] = [TaggedTable(first, self.slot, self.part)]
        offset = self.part.offset + len(first._cellvalues) - self.part.repeated
        for later in rest:
            repeated = self.part.header if later.repeatRows else 0
            part = _Part(self.slot, self.part.header, repeated, offset, self.part.row_headers)
            found.append(TaggedTable(later, self.slot, part))
            offset += len(later._cellvalues) - repeated
        return found

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        self.inner.drawOn(canvas, x, y, _sW)  # the cells mark themselves


def figure(flowable: Any, alt: str) -> Tagged:
    """A chart or picture: a Figure whose alt text tells what it shows."""
    return Tagged(flowable, Slot("Figure", alt=alt))


def table(flowable: Table) -> TaggedTable:
    """A table: its header rows TH for their columns, the rest TD; in a table without header
    rows, the first column's cells are TH for their rows."""
    return TaggedTable(flowable, Slot("Table"))


class _Artifact(Tagged):
    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        if structure_of(canvas) is None:
            self.inner.drawOn(canvas, x, y, _sW)
            return
        artifact(canvas)
        self.inner.drawOn(canvas, x, y, _sW)
        end(canvas)


def tag_story(story: list[Any]) -> list[Any]:
    """Every flowable of a story tagged; heading levels never skip one (H1 then H3 is read as
    H1 then H2), and consecutive bullets form one list."""
    found: list[Any] = []
    state = {"level": 0}
    bullets: list[Slot | None] = [None]
    for flowable in story:
        found.append(_tag(flowable, state, bullets))
    return found


def _tag(flowable: Any, state: dict[str, int], bullets: list[Slot | None]) -> Any:
    is_bullet = (isinstance(flowable, Paragraph)
                 and flowable.style.name.startswith(BULLET_STYLE))
    if not is_bullet and not isinstance(flowable, _DRAWS_NOTHING):
        bullets[0] = None
    if isinstance(flowable, Tagged | _DRAWS_NOTHING):
        return flowable
    if isinstance(flowable, KeepTogether):
        flowable._content = [_tag(f, state, bullets) for f in flowable._content]
        return flowable
    if isinstance(flowable, Paragraph):
        name = flowable.style.name
        if name in HEADING_STYLES:
            level = min(HEADING_STYLES[name], state["level"] + 1)
            state["level"] = level
            return Tagged(flowable, Slot(f"H{level}", text=flowable.getPlainText(),
                                         level=level))
        if is_bullet:
            if bullets[0] is None:
                bullets[0] = Slot("L")
            return Tagged(flowable, Slot("LBody", Slot("LI", bullets[0])))
        return Tagged(flowable, Slot("P"))
    if isinstance(flowable, Table):
        return table(flowable)
    if isinstance(flowable, Image):
        return _Artifact(flowable, Slot("Artifact"))  # a picture nobody described
    return Tagged(flowable, Slot("P"))
