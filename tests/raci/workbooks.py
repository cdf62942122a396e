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
