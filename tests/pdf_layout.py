"""Where a PDF draws its text, read back from the file, to check that nothing is cut off.

A report printed too wide for its paper still carries all its text: the columns past the edge
are drawn, off the page, where no viewer or printer shows them. Text extraction finds them,
so a test of "the header is in the PDF" passes on a PDF that loses half its table. These
helpers find out where each run of text is drawn instead.

How: each page's content stream is interpreted operator by operator, as a viewer would. The
current transformation matrix, the text matrix and the font state give the point where each
string starts; the advance widths of its glyphs, read from the font embedded in the PDF (the
``/W`` or ``/Widths`` array, the same numbers a viewer lays the text out with), give where it
ends; the font's ascent and descent give its height. The clipping rectangles in force (``re W
n``, a form's ``/BBox``, as an SVG chart's frame is drawn) are tracked alongside, so a chart
label that starts left of its chart counts as cut off even though it lies on the page.
Exact positions, not an estimate from the number of characters: a run that ends one point
past the edge is found, and a narrow run at the margin is not mistaken for one.
"""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Rounding in the PDF's own numbers; far below anything a reader could see.
TOLERANCE = 0.5  # points


@dataclass(frozen=True)
class TextRun:
    """One string of a text-showing operator, and the box it covers on its page (points)."""

    page: int  # counted from 1
    text: str
    left: float
    bottom: float
    right: float
    top: float
    visible: tuple[float, float, float, float]  # the page, narrowed by the clips in force

    def cut_off(self):
        """Whether any part of the run lies outside the area it can be seen in."""
        left, bottom, right, top = self.visible
        return (
            self.left < left - TOLERANCE
            or self.right > right + TOLERANCE
            or self.bottom < bottom - TOLERANCE
            or self.top > top + TOLERANCE
        )

    def __str__(self):
        left, bottom, right, top = self.visible
        return (
            f"page {self.page}: {self.text!r} drawn at x {self.left:.0f}–{self.right:.0f}, "
            f"y {self.bottom:.0f}–{self.top:.0f}; visible x {left:.0f}–{right:.0f}, "
            f"y {bottom:.0f}–{top:.0f}"
        )


def text_runs(pdf):
    """Every run of text in the PDF (bytes), in drawing order, with where it is drawn."""
    reader = PdfReader(io.BytesIO(pdf))
    runs = []
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        area = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        painter = _Painter(reader, number, area)
        painter.paint(page.get_contents(), page["/Resources"], IDENTITY, area)
        runs.extend(painter.runs)
    return runs


def runs_cut_off(pdf):
    """The runs of text that are drawn, wholly or partly, off the page or outside their clip,
    as sentences for an assertion message; empty when everything can be seen."""
    return [str(run) for run in text_runs(pdf) if run.text.strip() and run.cut_off()]


def page_text(pdf):
    """All the PDF's text without white space: a table cell wraps wherever it must, so a
    header is looked for with its spaces and line breaks taken out."""
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def missing_headers(pdf, headers):
    """The headers (column headers, titles) that the PDF's text does not contain."""
    text = page_text(pdf)
    return [header for header in headers if "".join(str(header).split()) not in text]


def _multiply(first, second):
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return (
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + m,
    )


def _apply(matrix, x, y):
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _bounds(points):
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _intersect(first, second):
    return (
        max(first[0], second[0]),
        max(first[1], second[1]),
        min(first[2], second[2]),
        min(first[3], second[3]),
    )


class _Font:
    """What the layout needs of a PDF font: code length, glyph widths, text, height."""

    def __init__(self, font):
        font = font.get_object()
        self.composite = font.get("/Subtype") == "/Type0"
        self.widths = {}
        self.default_width = 1000 if self.composite else 0
        if self.composite:
            descendant = font["/DescendantFonts"][0].get_object()
            self.default_width = float(descendant.get("/DW", 1000))
            self._read_cid_widths(descendant.get("/W", []))
            descriptor = descendant.get("/FontDescriptor")
        else:
            first = int(font.get("/FirstChar", 0))
            for offset, width in enumerate(font.get("/Widths", [])):
                self.widths[first + offset] = float(width)
            descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        self.ascent = float(descriptor.get("/Ascent", 800)) / 1000
        self.descent = float(descriptor.get("/Descent", -200)) / 1000
        self.unicode = _to_unicode(font.get("/ToUnicode"))

    def _read_cid_widths(self, entries):
        entries = [entry.get_object() for entry in entries]
        index = 0
        while index < len(entries):
            first = int(entries[index])
            following = entries[index + 1]
            if isinstance(following, list):
                for offset, width in enumerate(following):
                    self.widths[first + offset] = float(width)
                index += 2
            else:
                for code in range(first, int(following) + 1):
                    self.widths[code] = float(entries[index + 2])
                index += 3

    def codes(self, data):
        if self.composite:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def width(self, code):
        return self.widths.get(code, self.default_width) / 1000

    def text(self, codes):
        return "".join(self.unicode.get(code, chr(code)) for code in codes)


_HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def _to_unicode(stream):
    """The code-to-text map of a ToUnicode CMap (its bfchar and bfrange entries)."""
    if stream is None:
        return {}
    data = stream.get_object().get_data()
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        values = _HEX.findall(block)
        for code, text in zip(values[::2], values[1::2], strict=True):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            values = _HEX.findall(line)
            if len(values) == 3:
                first, last, start = (int(value, 16) for value in values)
                for offset in range(last - first + 1):
                    mapping[first + offset] = chr(start + offset)
    return mapping


@dataclass
class _TextState:
    font: _Font | None = None
    size: float = 0.0
    character_spacing: float = 0.0
    word_spacing: float = 0.0
    horizontal_scaling: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render_mode: int = 0


class _Painter:
    """Walks a content stream keeping the graphics state a viewer would, noting text runs."""

    def __init__(self, reader, page, area):
        self.reader = reader
        self.page = page
        self.area = area
        self.runs = []

    def paint(self, contents, resources, matrix, clip):
        resources = resources.get_object() if resources is not None else {}
        fonts = resources.get("/Font", {})
        fonts = fonts.get_object() if fonts is not None else {}
        xobjects = resources.get("/XObject", {})
        xobjects = xobjects.get_object() if xobjects is not None else {}
        loaded_fonts = {}
        stack = []
        text = _TextState()
        text_matrix = line_matrix = IDENTITY
        path = []
        clip_pending = False
        for operands, operator in ContentStream(contents, self.reader).operations:
            if operator == b"q":
                stack.append((matrix, clip, text))
                text = _TextState(**vars(text))
            elif operator == b"Q":
                matrix, clip, text = stack.pop()
            elif operator == b"cm":
                matrix = _multiply(tuple(map(float, operands)), matrix)
            elif operator == b"re":
                x, y, width, height = map(float, operands)
                corners = [(x, y), (x + width, y), (x, y + height), (x + width, y + height)]
                path.extend(_apply(matrix, *corner) for corner in corners)
            elif operator in (b"m", b"l"):
                path.append(_apply(matrix, *map(float, operands)))
            elif operator in (b"c", b"v", b"y"):
                values = list(map(float, operands))
                path.extend(_apply(matrix, *values[i : i + 2]) for i in range(0, len(values), 2))
            elif operator in (b"W", b"W*"):
                clip_pending = True
            elif operator in (b"n", b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*"):
                if clip_pending and path:
                    clip = _intersect(clip, _bounds(path))
                path, clip_pending = [], False
            elif operator == b"BT":
                text_matrix = line_matrix = IDENTITY
            elif operator == b"Tf":
                name, size = operands
                if name not in loaded_fonts:
                    loaded_fonts[name] = _Font(fonts[name])
                text.font, text.size = loaded_fonts[name], float(size)
            elif operator == b"Tc":
                text.character_spacing = float(operands[0])
            elif operator == b"Tw":
                text.word_spacing = float(operands[0])
            elif operator == b"Tz":
                text.horizontal_scaling = float(operands[0]) / 100
            elif operator == b"TL":
                text.leading = float(operands[0])
            elif operator == b"Ts":
                text.rise = float(operands[0])
            elif operator == b"Tr":
                text.render_mode = int(operands[0])
            elif operator == b"Tm":
                text_matrix = line_matrix = tuple(map(float, operands))
            elif operator in (b"Td", b"TD"):
                x, y = map(float, operands)
                if operator == b"TD":
                    text.leading = -y
                text_matrix = line_matrix = _multiply((1, 0, 0, 1, x, y), line_matrix)
            elif operator == b"T*":
                text_matrix = line_matrix = _multiply((1, 0, 0, 1, 0, -text.leading), line_matrix)
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                if operator == b'"':
                    text.word_spacing, text.character_spacing = map(float, operands[:2])
                if operator in (b"'", b'"'):
                    text_matrix = line_matrix = _multiply(
                        (1, 0, 0, 1, 0, -text.leading), line_matrix
                    )
                pieces = operands[0] if operator == b"TJ" else [operands[-1]]
                text_matrix = self._show(pieces, text, text_matrix, matrix, clip)
            elif operator == b"Do":
                xobject = xobjects[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    form_matrix = tuple(map(float, xobject.get("/Matrix", IDENTITY)))
                    inner = _multiply(form_matrix, matrix)
                    x0, y0, x1, y1 = map(float, xobject["/BBox"])
                    corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
                    form_clip = _intersect(
                        clip, _bounds([_apply(inner, *corner) for corner in corners])
                    )
                    self.paint(xobject, xobject.get("/Resources", resources), inner, form_clip)

    def _show(self, pieces, text, text_matrix, matrix, clip):
        """Note the run that ``pieces`` (strings and TJ adjustments) draw; return the text
        matrix after it."""
        font = text.font
        start = text_matrix
        advance = 0.0
        characters = []
        for piece in pieces:
            if isinstance(piece, (int, float)):
                advance -= float(piece) / 1000 * text.size * text.horizontal_scaling
                continue
            codes = font.codes(bytes(piece.original_bytes))
            for code in codes:
                spacing = text.character_spacing
                if code == 32 and not font.composite:
                    spacing += text.word_spacing
                advance += (font.width(code) * text.size + spacing) * text.horizontal_scaling
            characters.append(font.text(codes))
        if text.render_mode not in (3, 7):  # invisible text, or text used as a clip only
            low = font.descent * text.size + text.rise
            high = font.ascent * text.size + text.rise
            device = _multiply(start, matrix)
            corners = [(0, low), (advance, low), (0, high), (advance, high)]
            left, bottom, right, top = _bounds([_apply(device, *corner) for corner in corners])
            self.runs.append(
                TextRun(
                    page=self.page,
                    text="".join(characters),
                    left=left,
                    bottom=bottom,
                    right=right,
                    top=top,
                    visible=_intersect(self.area, clip),
                )
            )
        return _multiply((1, 0, 0, 1, advance, 0), start)
