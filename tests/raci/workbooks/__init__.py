"""Workbooks as people keep them, made for the tests: messy, and hostile."""

import io
import zipfile

from openpyxl import Workbook


def xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def messy_sheet(workbook):
    """Title rows, a merged super-header, phases merged down, mixed-case combined letters, a legend sheet, notes."""
    ws = workbook.active
    ws.title = "RACI"
    ws["A1"] = "Northwind – Amazon Connect migration RACI"
    ws["A2"] = "Owner: PMO · v3 · draft"
    ws.append([])
    ws.append(["Phase", "Activity", "Business", None, "IT", None])
    ws.merge_cells("C4:D4")
    ws.merge_cells("E4:F4")
    ws.append([None, None, "CCO", "Product Owner", "ADM", "tel"])
    ws.append(["Plan", "Agree success criteria", " a ", "r", None, "c"])
    ws.append([None, "Stakeholder map", "A/R", None, "I", None])
    ws.append(["Implement", "Load users into production", "a", None, "R, s", "i"])
    ws.merge_cells("A6:A7")
    ws.append([])
    ws.append(["Notes: S means Supportive. Reviewed at the steering committee."])
    legend = workbook.create_sheet("Legend")
    legend.append(["R", "Responsible"])


def simple(rows, roles=("CCO", "ADM"), header=("Phase", "Activity")):
    def build(workbook):
        ws = workbook.active
        ws.title = "Sheet1"
        ws.append([*header, *roles])
        for row in rows:
            ws.append(list(row))

    return xlsx(build)


def zip_bomb() -> bytes:
    """A valid-looking xlsx whose sheet unpacks to 1 GB of zeros (a few MB compressed? no: ~1 MB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(chunk)
    return out.getvalue()


def with_macro(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def large_matrix(n_rows: int, n_roles: int, *, seed: int = 0) -> bytes:
    """A valid matrix sheet: every row has one A, one R and about half the roles consulted or informed."""
    from openpyxl import Workbook as _Workbook

    workbook = _Workbook(write_only=True)
    ws = workbook.create_sheet("Matrix")
    ws.append([f"Generated matrix {n_rows} × {n_roles}"])
    ws.append(["Phase", "Activity", "Description", *[f"R{j:02d}" for j in range(n_roles)]])
    for i in range(n_rows):
        cells = [""] * n_roles
        cells[(i + seed) % n_roles] = "A"
        cells[(i + seed + 1) % n_roles] = "R"
        for j in range(2, n_roles, 2):
            cells[(i + seed + j) % n_roles] = "C" if j % 2 else "I"
        ws.append([f"Phase {i // 50}", f"Activity {i:05d}", "", *cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Hand-made packages: the parts a tool would write, with exactly the sheet XML a test needs ----------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(sheets: dict[str, str], *, folder: str = "worksheets", extra: dict[str, bytes] | None = None) -> bytes:
    """An xlsx whose sheets hold the given <sheetData> XML (or a whole worksheet if it starts with "<?xml")."""
    entries = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1))
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" Target="{folder}/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/{folder}/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            f'sheet.main+xml"/>{overrides}</Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships">{relations}</Relationships>',
        )
        for n, body in enumerate(sheets.values(), 1):
            xml = body if body.startswith("<?xml") else f'<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData>'
            xml += "" if body.startswith("<?xml") else "</worksheet>"
            archive.writestr(f"xl/{folder}/sheet{n}.xml", xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def undimensioned_sheet_reaching_far() -> bytes:
    """~280 KB: no <dimension>, rows numbered up to 1,048,576 and a value in column XFD on each. A reader
    that trusts nothing but pads every row to the last column builds a sheet of billions of cells."""
    import random

    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{rng.random():.6f}</v></c><c r="XFD{n}"><v>{rng.random():.6f}</v></c></row>'
        for n in sorted(rng.sample(range(1, 1_048_577), 16_000))
    )
    return package({"RACI": rows})


def many_sheets(count: int, *, rows: int, columns: int, folder: str = "worksheets") -> bytes:
    """`count` sheets of mostly-the-same numbers in cells without addresses: each part compresses about
    100-150:1, under the per-part ratio check that a single-part zip bomb trips."""
    import random

    rng = random.Random(count)  # noqa: S311 - test data, not secrets

    def cell():
        return f"<c><v>{rng.randrange(1000) if rng.random() < 0.01 else 1}</v></c>"

    sheets = {}
    for s in range(count):
        sheets[f"Sheet {s + 1}"] = "".join("<row>" + "".join(cell() for _ in range(columns)) + "</row>"
                                           for _ in range(rows))  # fmt: skip
    return package(sheets, folder=folder)


def with_extra_part(data: bytes, name: str, content: bytes = b"<x/>") -> bytes:
    """The workbook with one more zip entry, named as given (e.g. one climbing out of the archive)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr(zipfile.ZipInfo(name), content)
    return out.getvalue()
