"""The demo programme's materials: the Milan kick-off's slides (public) and minutes (for its
registered participants), and the iRecovery case study (public), each a small PDF made here.

No file is downloaded from anywhere. A material already loaded keeps its file; its file is
written again only when it is missing from the storage (a fresh media folder).
"""

from django.core.files.base import ContentFile

from itp.models import Learning, Material
from workshops.models import Event

from .rows import update_or_create_quietly

MILAN_SLUG = "milan-kick-off-workshop-2019"
IRECOVERY_SLUG = "irecovery-waste-heat-ori-martin"

MILAN_SLIDES = (
    "Industry Transition Platform: kick-off workshop, Milan, 9-11 April 2019",
    "Ten state and regional governments, seven countries.",
    "Over 100 million people; 1,273 Mt CO2e a year, 36 % of it from industry.",
    "Five key areas of interest, agreed in the breakouts.",
)
MILAN_MINUTES = (
    "Minutes of the kick-off workshop, Milan, April 2019",
    "Participants agreed the programme's five key areas of interest.",
    "Innovation teams to form on energy efficiency and on hydrogen.",
    "Next workshop: Katowice. Secretariat to circulate dates.",
)
IRECOVERY_CASE_STUDY = (
    "Case study: iRecovery at the ORI Martin steelworks, Brescia",
    "Waste heat from an electric arc furnace, recovered by Tenova's system,",
    "heats 2,000 families through A2A's district heating in winter",
    "and makes electricity for 700 families in summer (Turboden ORC turbine).",
)


def load_demo_materials():
    """Create or update the demo's three materials; a second run changes nothing."""
    milan = Event.objects.get(slug=MILAN_SLUG)
    irecovery = Learning.objects.get(slug=IRECOVERY_SLUG)
    _load(
        {"event": milan, "title": "Kick-off slides: the programme and its ambition"},
        kind=Material.Kind.SLIDES,
        visibility=Material.Visibility.PUBLIC,
        position=1,
        file_name="ITP kick-off slides, Milan 2019.pdf",
        lines=MILAN_SLIDES,
    )
    _load(
        {"event": milan, "title": "Minutes of the kick-off workshop"},
        kind=Material.Kind.MINUTES,
        visibility=Material.Visibility.PARTICIPANTS,
        position=2,
        file_name="ITP kick-off minutes, Milan 2019.pdf",
        lines=MILAN_MINUTES,
    )
    _load(
        {"learning": irecovery, "title": "Case study: iRecovery waste heat recovery"},
        kind=Material.Kind.DOCUMENT,
        visibility=Material.Visibility.PUBLIC,
        position=1,
        file_name="iRecovery case study.pdf",
        lines=IRECOVERY_CASE_STUDY,
    )


def _load(lookup, *, kind, visibility, position, file_name, lines):
    material = Material.objects.filter(**lookup).first()
    if material is not None and material.file and material.file.storage.exists(material.file.name):
        return update_or_create_quietly(
            Material,
            {"pk": material.pk},
            {"kind": kind, "visibility": visibility, "position": position},
        )
    material = material or Material(**lookup)
    material.kind = kind
    material.visibility = visibility
    material.position = position
    material.file = ContentFile(simple_pdf(lines), name=file_name)
    # The same checks as an upload in the admin; they also record the name, size and type.
    material.full_clean()
    material.save()
    return material


def simple_pdf(lines):
    """A one-page A4 PDF with ``lines`` of text (ASCII) in Helvetica, the first as a title."""
    text = ["BT", "/F1 20 Tf", "56 770 Td", f"({_escaped(lines[0])}) Tj", "/F1 12 Tf"]
    for line in lines[1:]:
        text += ["0 -28 Td", f"({_escaped(line)}) Tj"]
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def _escaped(line):
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
