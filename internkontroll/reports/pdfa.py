"""PDF/A-2b on reportlab, in the one pass that writes the file: XMP metadata, an sRGB output
intent, the catalog entries PDF/UA asks for, and mends for what reportlab itself writes wrong.

``archive(canvas, meta)`` is called once, just before the canvas saves. The mends are small
subclasses that reportlab's own objects are switched to as they are registered; reportlab is
not patched, so other users of it in the same process are not affected.

- A stream (images too) ends with an end-of-line before ``endstream``, outside its /Length
  (ISO 19005-2, 6.1.7.1); reportlab writes ``…endstream`` straight after the data.
- The catalog may carry /OutputIntents, and pages /StructParents and /Tabs; reportlab's
  dictionaries drop keys they do not know.
- The Info dictionary says only what the XMP says, from the same values and time stamp.
- A TrueType subset's ToUnicode map leaves out the codes it does not use, which reportlab
  maps to U+0000 (PDF/UA forbids that value).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDate,
    PDFDictionary,
    PDFDocument,
    PDFImageXObject,
    PDFInfo,
    PDFName,
    PDFPage,
    PDFStream,
    PDFString,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

LANGUAGE = "sv-SE"
SRGB = "sRGB IEC61966-2.1"


class ArchiveStream(PDFStream):
    """A stream with an end-of-line before ``endstream``, and no /Filter when it has none."""

    def format(self, document: Any) -> bytes:
        dictionary = PDFDictionary(self.dictionary.dict.copy())
        content = self.content
        if content is None:
            raise ValueError("stream content not set")
        filters = document.defaultStreamFilters if self.filters is None else self.filters
        if filters and "Filter" not in dictionary.dict:
            for f in reversed(list(filters)):
                content = f.encode(content)
            dictionary["Filter"] = PDFArray([PDFName(f.pdfname) for f in filters])
        content = document.encrypt.encode(content)
        data = pdfdoc.format(content, document)
        dictionary["Length"] = len(data)
        return pdfdoc.format(dictionary, document) + b"\nstream\n" + data + b"\nendstream\n"


class ArchiveImage(PDFImageXObject):
    """An image (the logo, its alpha mask) whose stream ends as ``ArchiveStream``'s does."""

    def format(self, document: Any) -> bytes:
        formatted = bytes(super().format(document))
        end = b"endstream\n"
        if not formatted.endswith(end):
            raise ValueError("reportlab wrote an image stream this layer does not know")
        return formatted[:-len(end)] + b"\n" + end


class ArchiveCatalog(PDFCatalog):
    __NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]
    __Refs__ = [k for k in __NoDefault__ if k not in ("ViewerPreferences", "MarkInfo", "Lang")]


class ArchivePage(PDFPage):
    __NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


class ArchiveInfo(PDFInfo):
    """The Info dictionary with only the entries the XMP repeats."""

    def format(self, document: Any) -> bytes:
        date = PDFDate(ts=document._timeStamp)
        entries: dict[str, Any] = {"Title": PDFString(self.title),
                                   "Author": PDFString(self.author),
                                   "Subject": PDFString(self.subject),
                                   "Creator": PDFString(self.creator),
                                   "Producer": PDFString(self.producer),
                                   "CreationDate": date, "ModDate": date}
        return bytes(PDFDictionary(entries).format(document))


_UNUSED_CODE = re.compile(r"^<[0-9A-F]{2}> <0000>\n", re.M)


def _without_unused_codes(cmap: str) -> str:
    kept = _UNUSED_CODE.sub("", cmap)
    count = len(re.findall(r"^<[0-9A-F]{2}> <[0-9A-F]{4}>$", kept, re.M))
    return re.sub(r"^\d+ beginbfchar$", f"{count} beginbfchar", kept, count=1, flags=re.M)


class ArchiveDocument(PDFDocument):
    """reportlab's document, switching the objects it registers to the mended classes."""

    def Reference(self, obj: Any, name: str | None = None) -> Any:  # noqa: N802 (reportlab)
        if type(obj) is PDFImageXObject:
            obj.__class__ = ArchiveImage
        if type(obj) is PDFStream:
            obj.__class__ = ArchiveStream
            if name and name.startswith("toUnicodeCMap:") and isinstance(obj.content, str):
                obj.content = _without_unused_codes(obj.content)
        return super().Reference(obj, name)

    def addPage(self, page: Any) -> None:  # noqa: N802 (reportlab's name)
        if type(page) is PDFPage:
            page.__class__ = ArchivePage
            page.StructParents = self.pageCounter - 1
            page.Tabs = PDFName("S")
        super().addPage(page)


def adopt(canvas: Canvas) -> None:
    """Make a fresh canvas write an archivable file (call before anything is drawn)."""
    document = canvas._doc
    document.__class__ = ArchiveDocument
    document.Catalog.__class__ = ArchiveCatalog
    document.info.__class__ = ArchiveInfo
    document.Catalog.Lang = PDFString(LANGUAGE)


def _date(document: Any) -> str:
    stamp = document._timeStamp
    y, mo, d, h, mi, s = stamp.YMDhms
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"


def xmp(document: Any) -> str:
    """The XMP packet: PDF/A-2b and PDF/UA-1 identification, with the Info's values."""
    info = document.info
    title, author, subject = (escape(str(v)) for v in (info.title, info.author, info.subject))
    created = _date(document)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{escape(str(info.creator))}</xmp:CreatorTool>
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{created}</xmp:ModifyDate>
<xmp:MetadataDate>{created}</xmp:MetadataDate>
<pdf:Producer>{escape(str(info.producer))}</pdf:Producer>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _srgb_profile() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def archive(canvas: Canvas) -> None:
    """Add the XMP, the output intent and the viewer's title to the catalog (at save)."""
    document = canvas._doc
    catalog = document.Catalog
    metadata = ArchiveStream(PDFDictionary({"Type": PDFName("Metadata"),
                                            "Subtype": PDFName("XML")}),
                             xmp(document).encode("utf-8"), filters=[])
    catalog.Metadata = metadata
    profile = ArchiveStream(PDFDictionary({"N": 3}), _srgb_profile())
    intent = PDFDictionary({"Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
                            "OutputConditionIdentifier": PDFString(SRGB),
                            "Info": PDFString(SRGB),
                            "DestOutputProfile": document.Reference(profile)})
    catalog.OutputIntents = PDFArray([document.Reference(intent)])
    canvas.setViewerPreference("DisplayDocTitle", "true")
