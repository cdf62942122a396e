"""RACI workbooks laid out the way other people lay out theirs (not our export), made in code, each with the reading
a person would give it. Classes from issue 14: the table found by content, headers in other languages or blank,
another sheet first, ids beside names, phases as rows, merged and stacked headers, local letters, other shapes,
and the files that must be refused (with their real cause)."""

import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import Workbook


@dataclass
class Case:
    name: str
    layout: str  # the class of layout, in words (the report's table)
    build: object  # workbook → None
    kind: str = "RACI"
    sheet: str = ""
    roles: list[str] = field(default_factory=list)
    # (group, activity, letters per role in order: "A R . C" with "." for blank)
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # exact messages, in order
    notices: list[str] = field(default_factory=list)  # substrings, each in one notice
    ignored: list[str] = field(default_factory=list)  # substrings, each in one ignored line
    refused: str = ""  # the whole file is refused with this (substring)
    reading: dict | None = None  # the user's corrections, when the case is about them

    def data(self) -> bytes:
        workbook = Workbook()
        self.build(workbook)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def rows_of(ws, rows):
    for row in rows:
        ws.append(list(row))


CASES: list[Case] = []


def case(**kwargs):
    def register(build):
        CASES.append(Case(name=build.__name__, build=build, **kwargs))
        return build

    return register


# The header is found by content --------------------------------------------------------------------------


@case(layout="title rows, blank top-left header cell", sheet="Sheet", roles=["PM", "Sponsor", "IT"],
      rows=[("", "Kick-off", "R A I"), ("", "Budget", "R A C"), ("", "Go-live", "A I R")])  # fmt: skip
def blank_top_left(wb):
    ws = wb.active
    rows_of(ws, [["Contoso CRM rollout"], ["RACI chart, version 2"], [], [None, "PM", "Sponsor", "IT"],
                 ["Kick-off", "R", "A", "I"], ["Budget", "R", "A", "C"], ["Go-live", "A", "I", "R"]])  # fmt: skip


@case(layout='header "Project Tasks" (not a known keyword at the start)', sheet="Sheet",
      roles=["Project Manager", "Business Analyst", "Developer"],
      rows=[("", "Gather requirements", "A R C"), ("", "Design", "A C R"), ("", "Build", "I C AR")])  # fmt: skip
def project_tasks_header(wb):
    ws = wb.active
    rows_of(ws, [["Project Tasks", "Project Manager", "Business Analyst", "Developer"],
                 ["Gather requirements", "A", "R", "C"], ["Design", "A", "C", "R"],
                 ["Build", "I", "C", "A/R"]])  # fmt: skip


@case(layout='German headers ("Aufgabe / Prozess")', sheet="Tabelle1", roles=["Projektleiter", "Fachbereich", "IT"],
      rows=[("", "Anforderungen erheben", "A R C"), ("", "Tests durchführen", "A C R"),
            ("", "Schulung", "A R I")])  # fmt: skip
def german_headers(wb):
    ws = wb.active
    ws.title = "Tabelle1"
    rows_of(ws, [["Aufgabe / Prozess", "Projektleiter", "Fachbereich", "IT"],
                 ["Anforderungen erheben", "A", "R", "C"], ["Tests durchführen", "A", "C", "R"],
                 ["Schulung", "A", "R", "I"]])  # fmt: skip


@case(layout="Cyrillic headers", sheet="Лист1", roles=["Руководитель", "Аналитик", "Разработчик"],
      rows=[("", "Сбор требований", "A R C"), ("", "Разработка", "A C R")])  # fmt: skip
def cyrillic_headers(wb):
    ws = wb.active
    ws.title = "Лист1"
    rows_of(ws, [["Задача", "Руководитель", "Аналитик", "Разработчик"], ["Сбор требований", "A", "R", "C"],
                 ["Разработка", "A", "C", "R"]])  # fmt: skip


@case(layout="letters typed in Cyrillic (С, А) and Greek (Α)", sheet="Лист1", roles=["PM", "BA", "Dev"],
      rows=[("", "Plan", "A R C"), ("", "Build", "A C R")],
      notices=["Лист1!B2 and 2 other cells (D2, C3): letters of another alphabet"])  # fmt: skip
def lookalike_letters(wb):
    ws = wb.active
    ws.title = "Лист1"
    rows_of(ws, [["Tasks", "PM", "BA", "Dev"], ["Plan", "А", "R", "С"], ["Build", "A", "С", "R"]])


@case(layout="a stakeholder register on a sheet before the matrix", sheet="RACI", roles=["Sponsor", "PMO", "Vendor"],
      rows=[("", "Approve scope", "A R C"), ("", "Sign contract", "A C R"), ("", "Run pilot", "I A R")])  # fmt: skip
def register_first(wb):
    ws = wb.active
    ws.title = "Stakeholders"
    rows_of(ws, [["Stakeholder register"], ["Name", "Organisation", "Role", "Influence", "Interest", "Notes"],
                 ["Dana Ortiz", "Board", "Decision-makers", "H", "H", "Approves budget"],
                 ["Lee Park", "PMO", "Activity owner", "M", "H", "Weekly report"],
                 ["Sam Roy", "Vendor", "Supplier", "L", "M", "Contract"]])  # fmt: skip
    matrix = wb.create_sheet("RACI")
    rows_of(matrix, [["Deliverable", "Sponsor", "PMO", "Vendor"], ["Approve scope", "A", "R", "C"],
                     ["Sign contract", "A", "C", "R"], ["Run pilot", "I", "A", "R"]])  # fmt: skip


@case(layout='English keywords inside the data ("Decision-makers", "Deliverable document names")', sheet="Plan",
      roles=["Owner", "Reviewer", "Approver"],
      rows=[("", "Charter", "R C A"), ("", "Risk log", "R C A"),
            ("", "Deliverable document names", "R I A")])  # fmt: skip
def keywords_in_data(wb):
    ws = wb.active
    ws.title = "Plan"
    rows_of(ws, [["Decision-makers: see the steering committee page"], [],
                 ["Teams", "Owner", "Reviewer", "Approver"], ["Charter", "R", "C", "A"], ["Risk log", "R", "C", "A"],
                 ["Deliverable document names", "R", "I", "A"]])  # fmt: skip


@case(layout="Spanish headers, letters in lower case with spaces", sheet="Hoja1", roles=["Gerente", "Analista"],
      rows=[("", "Definir alcance", "A R"), ("", "Pruebas", "C AR")])  # fmt: skip
def spanish_lowercase(wb):
    ws = wb.active
    ws.title = "Hoja1"
    rows_of(ws, [["Actividad", "Gerente", "Analista"], ["Definir alcance", " a ", "r"], ["Pruebas", "c", "a, r"]])


@case(layout="the table far down, after instructions", sheet="Sheet", roles=["Lead", "Team"],
      rows=[("", "Prepare", "A R"), ("", "Deliver", "A R")])  # fmt: skip
def far_down(wb):
    ws = wb.active
    rows_of(ws, [[f"Instruction {n}: fill in one letter per cell, see the guide."] for n in range(1, 36)])
    rows_of(ws, [[], ["Work", "Lead", "Team"], ["Prepare", "A", "R"], ["Deliver", "A", "R"]])


# Columns: ids, phases, descriptions, comments ----------------------------------------------------------------


@case(layout='an id column beside the name column ("Step Id" | "Name")', sheet="Sheet", roles=["PM", "QA", "Ops"],
      rows=[("", "Install", "A C R"), ("", "Verify", "A R I"), ("", "Hand over", "A I R")],
      notices=['Column A ("Step Id") holds row numbers or ids: not imported.'])  # fmt: skip
def id_beside_name(wb):
    ws = wb.active
    rows_of(ws, [["Step Id", "Name", "PM", "QA", "Ops"], ["1.1", "Install", "A", "C", "R"],
                 ["1.2", "Verify", "A", "R", "I"], ["2.1", "Hand over", "A", "I", "R"]])  # fmt: skip


@case(
    layout="numeric ids and a phase column merged down",
    sheet="Sheet",
    roles=["CCO", "ADM"],
    rows=[("Plan", "Agree criteria", "A R"), ("Plan", "Map stakeholders", "R A"), ("Build", "Configure", "A R")],
)
def ids_and_merged_phase(wb):
    ws = wb.active
    rows_of(ws, [["No", "Phase", "Activity", "CCO", "ADM"], [1, "Plan", "Agree criteria", "A", "R"],
                 [2, None, "Map stakeholders", "R", "A"], [3, "Build", "Configure", "A", "R"]])  # fmt: skip
    ws.merge_cells("B2:B3")


@case(layout="phase rows inside the activity column; the same name under two phases", sheet="Sheet",
      roles=["PM", "Architect", "Tester"],
      rows=[("Initiation", "Review", "A R C"), ("Initiation", "Approve charter", "A C I"),
            ("Delivery", "Build", "A R C"), ("Delivery", "Review", "A C R")])  # fmt: skip
def phase_rows(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "PM", "Architect", "Tester"], ["Initiation"], ["Review", "A", "R", "C"],
                 ["Approve charter", "A", "C", "I"], ["Delivery", None, None, None], ["Build", "A", "R", "C"],
                 ["Review", "A", "C", "R"]])  # fmt: skip


@case(layout="blank rows between phases", sheet="Sheet", roles=["Lead", "Agent"],
      rows=[("Prepare", "Train", "A R"), ("Run", "Answer calls", "A R"), ("Run", "Escalate", "A R")])  # fmt: skip
def blank_rows_between_phases(wb):
    ws = wb.active
    rows_of(ws, [["Task", "Lead", "Agent"], ["Prepare"], ["Train", "A", "R"], [], ["Run"],
                 ["Answer calls", "A", "R"], ["Escalate", "A", "R"], [], [],
                 ["Legend: R responsible, A accountable"]])  # fmt: skip


@case(layout="a description column of prose between the names and the roles", sheet="Sheet", roles=["PO", "Dev"],
      rows=[("", "Refine backlog", "A R"), ("", "Ship", "A R")])  # fmt: skip
def prose_description(wb):
    ws = wb.active
    rows_of(ws, [["Item", "What it means", "PO", "Dev"],
                 ["Refine backlog", "Split the epics into stories small enough for one sprint, with criteria.", "A",
                  "R"],
                 ["Ship", "Release to production behind a flag, then switch it on for everyone after a day.", "A",
                  "R"]])  # fmt: skip


@case(layout="a comments column right of the roles: listed, not dropped", sheet="Sheet", roles=["PM", "Dev"],
      rows=[("", "Design", "A R"), ("", "Test", "A R")],
      ignored=['Sheet!D2 and 1 other cells (D3): column D ("Comments") holds text, not letters'])  # fmt: skip
def comments_right(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "PM", "Dev", "Comments"], ["Design", "A", "R", "needs a second reviewer"],
                 ["Test", "A", "R", "run twice"]])  # fmt: skip


# Headers: merged, stacked, super-headers -------------------------------------------------------------------


@case(layout="a team name merged across its people's columns; letters under the merged part kept", sheet="Sheet",
      roles=["Anna", "Ben", "Chloé", "Sponsor"],
      rows=[("", "Plan sprint", "A R C I"), ("", "Demo", "R C A I")])  # fmt: skip
def team_merged_over_people(wb):
    ws = wb.active
    rows_of(ws, [[None, "Project team", None, None, "Sponsor"], ["Activity", "Anna", "Ben", "Chloé", None],
                 ["Plan sprint", "A", "R", "C", "I"], ["Demo", "R", "C", "A", "I"]])  # fmt: skip
    ws.merge_cells("B1:D1")
    ws.merge_cells("E1:E2")


@case(layout="team names combined with people when chosen (names: combined)", sheet="Sheet",
      roles=["Project team – Anna", "Project team – Ben", "Sponsor"],
      rows=[("", "Plan sprint", "A R I")], reading={"names": "combined"})  # fmt: skip
def team_names_combined(wb):
    ws = wb.active
    rows_of(ws, [[None, "Project team", None, "Sponsor"], ["Activity", "Anna", "Ben", None],
                 ["Plan sprint", "A", "R", "I"]])  # fmt: skip
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:D2")


@case(layout="a row of role names above a row of person names (not merged)", sheet="Sheet",
      roles=["Anna", "Bob", "Chen"], rows=[("", "Scope", "A R C"), ("", "Budget", "A C R")])  # fmt: skip
def stacked_role_person(wb):
    ws = wb.active
    rows_of(ws, [["", "Project manager", "Sponsor", "Architect"], ["Deliverable", "Anna", "Bob", "Chen"],
                 ["Scope", "A", "R", "C"], ["Budget", "A", "C", "R"]])  # fmt: skip


@case(layout="department super-headers over repeated role names: told apart by the department", sheet="Sheet",
      roles=["IT – Lead", "IT – Analyst", "Business – Lead", "Business – Analyst"],
      rows=[("", "Specify", "C I A R"), ("", "Build", "A R I C")])  # fmt: skip
def department_super_headers(wb):
    ws = wb.active
    rows_of(ws, [[None, "IT", None, "Business", None], ["Process", "Lead", "Analyst", "Lead", "Analyst"],
                 ["Specify", "C", "I", "A", "R"], ["Build", "A", "R", "I", "C"]])  # fmt: skip
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")


@case(layout="a role column nobody is assigned to yet", sheet="Sheet", roles=["PM", "Dev", "Auditor"],
      rows=[("", "Plan", "A R ."), ("", "Build", "A R .")])  # fmt: skip
def empty_role_column(wb):
    ws = wb.active
    rows_of(ws, [["Task", "PM", "Dev", "Auditor"], ["Plan", "A", "R"], ["Build", "A", "R"]])


# Local vocabulary ------------------------------------------------------------------------------------------


@case(layout='"N" for not involved in every empty cell: one notice, not one error per cell', sheet="Sheet",
      roles=["PM", "Dev", "QA", "Ops"],
      rows=[("", f"Step {n}", "A R . .") for n in range(1, 21)],
      notices=['Sheet!D2 and 39 other cells (E2, D3, E3, D4, E4…): "N" read as not involved'])  # fmt: skip
def n_for_not_involved(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "PM", "Dev", "QA", "Ops"], *[[f"Step {n}", "A", "R", "N", "N"] for n in range(1, 21)]])


@case(layout='"-", "x" and "n/a" for not involved', sheet="Sheet", roles=["PM", "Dev", "QA"],
      rows=[("", "Plan", "A R ."), ("", "Build", "A R ."), ("", "Test", "A . R")],
      notices=['Sheet!D2: "-" read as not involved', 'Sheet!D3: "X" read as not involved',
               'Sheet!C4: "N/A" read as not involved'])  # fmt: skip
def dashes_and_crosses(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "PM", "Dev", "QA"], ["Plan", "A", "R", "-"], ["Build", "A", "R", "x"],
                 ["Test", "A", "n/a", "R"]])  # fmt: skip


@case(layout='parentheses and separators: "(R)", "R (A)", "R/A", "RA", "A, R"', sheet="Sheet",
      roles=["One", "Two", "Three"],
      rows=[("", "First", "R AR C"), ("", "Second", "AR AR I"), ("", "Third", "AR . R")])  # fmt: skip
def parentheses(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "One", "Two", "Three"], ["First", "(R)", "R (A)", "(C)"], ["Second", "R/A", "RA", "I"],
                 ["Third", "A, R", None, "R"]])  # fmt: skip


@case(layout="a letter the legend defines (D = Driver): refused until the user says what it means", sheet="RACI",
      roles=["Lead", "Team"], rows=[("", "Plan", "A ."), ("", "Do", "A .")],
      errors=['RACI!C2 and 1 other cells (C3): "D" is not a RACI letter; the legend (Legend!A2) says it means '
              '"Driver": choose what it stands for under "How the sheet was read".'])  # fmt: skip
def legend_letter(wb):
    ws = wb.active
    ws.title = "RACI"
    rows_of(ws, [["Activity", "Lead", "Team"], ["Plan", "A", "D"], ["Do", "A", "D"]])
    legend = wb.create_sheet("Legend")
    rows_of(legend, [["Letter", "Meaning"], ["D", "Driver"], ["A", "Approver"]])


@case(layout="a legend letter mapped by the user (D → R)", sheet="RACI", roles=["Lead", "Team"],
      rows=[("", "Plan", "A R"), ("", "Do", "A R")], reading={"letters": {"D": "R"}},
      notices=['RACI!C2 and 1 other cells (C3): "D" read as R'])  # fmt: skip
def legend_letter_mapped(wb):
    legend_letter(wb)


@case(layout="a legend letter left out by the user: listed as not imported", sheet="RACI", roles=["Lead", "Team"],
      rows=[("", "Plan", "A ."), ("", "Do", "A .")], reading={"letters": {"D": ""}},
      ignored=['RACI!C2 and 1 other cells (C3): "D" is left out'])  # fmt: skip
def legend_letter_left_out(wb):
    legend_letter(wb)


@case(layout="German VDMI letters defined in a legend on the same sheet", sheet="Matrix",
      roles=["Projektleiter", "Team"], rows=[("", "Planen", ". I"), ("", "Umsetzen", ". .")],
      errors=['Matrix!B2 and 1 other cells (B3): "V" is not a RACI letter; the legend (Matrix!A6) says it means '
              '"Verantwortlich": choose what it stands for under "How the sheet was read".',
              'Matrix!C3: "D" is not a RACI letter; the legend (Matrix!A7) says it means "Durchführung": choose '
              'what it stands for under "How the sheet was read".'])  # fmt: skip
def german_vdmi(wb):
    ws = wb.active
    ws.title = "Matrix"
    rows_of(ws, [["Aufgabe", "Projektleiter", "Team"], ["Planen", "V", "I"], ["Umsetzen", "V", "D"], [], [],
                 ["V = Verantwortlich"], ["D = Durchführung"], ["I = Information"]])  # fmt: skip


def _key_beside_the_table(wb, key):
    ws = wb.active
    ws.title = "Sheet1"
    rows_of(ws, [["Responsibility Matrix"], [None, "Team"], ["Aspect:", "Ann", "Bob", "Cy", None, "Key"],
                 ["Requirements", "A", "A", "L", None, *key[0]], ["Schema", None, "L", None, None, *key[1]],
                 ["Front end", "L", "A"]])  # fmt: skip


@case(layout='a key beside the table giving a RACI letter another meaning ("Auxiliary | A", word first) and '
      'defining another ("Lead | L"): both refused, with the legend\'s meaning offered', sheet="Sheet1",
      roles=["Ann", "Bob", "Cy"],
      rows=[("", "Requirements", ". . ."), ("", "Schema", ". . ."), ("", "Front end", ". . .")],
      errors=['Sheet1!B4 and 2 other cells (C4, C6): "A" is not read as Accountable: the legend (Sheet1!G5) says it '
              'means "Auxiliary". Choose what it stands for under "How the sheet was read".',
              'Sheet1!D4 and 2 other cells (C5, B6): "L" is not a RACI letter; the legend (Sheet1!G4) says it means '
              '"Lead": choose what it stands for under "How the sheet was read".'],
      ignored=["Sheet1!F4 and 3 other cells (G4, F5, G5): a legend"])  # fmt: skip
def key_redefines_a_letter(wb):
    _key_beside_the_table(wb, [["Lead", "L"], ["Auxiliary", "A"]])


@case(layout="a key giving a RACI letter another meaning, read as the user chose (A → C, L → R), the legend named",
      sheet="Sheet1", roles=["Ann", "Bob", "Cy"], reading={"letters": {"A": "C", "L": "R"}},
      rows=[("", "Requirements", "C C R"), ("", "Schema", ". R ."), ("", "Front end", "R C .")],
      notices=['Sheet1!B4 and 2 other cells (C4, C6): "A" ("Auxiliary" in the legend, Sheet1!G5) read as C',
               '"L" read as R'],
      ignored=["Sheet1!F4 and 3 other cells (G4, F5, G5): a legend"])  # fmt: skip
def key_redefines_a_letter_chosen(wb):
    _key_beside_the_table(wb, [["Lead", "L"], ["Auxiliary", "A"]])


@case(layout='a key beside the table with the usual meanings ("Accountable | A", word first): read silently',
      sheet="Sheet1", roles=["Ann", "Bob", "Cy"], reading={"letters": {"L": "R"}},
      rows=[("", "Requirements", "A A R"), ("", "Schema", ". R ."), ("", "Front end", "R A .")],
      ignored=["Sheet1!F4 and 3 other cells (G4, F5, G5): a legend"])  # fmt: skip
def key_with_usual_meanings(wb):
    _key_beside_the_table(wb, [["Leads", "L"], ["Approver", "A"]])


@case(layout='a legend sheet renaming R ("R: Reviewer") beside usual ones ("A = Approver"): R refused, A read',
      sheet="RACI", roles=["PM", "QA"], rows=[("", "Plan", "A ."), ("", "Test", "A .")],
      errors=['RACI!C2 and 1 other cells (C3): "R" is not read as Responsible: the legend (Legend!A2) says it means '
              '"Reviewer". Choose what it stands for under "How the sheet was read".'])  # fmt: skip
def legend_sheet_renames_r(wb):
    ws = wb.active
    ws.title = "RACI"
    rows_of(ws, [["Task", "PM", "QA"], ["Plan", "A", "R"], ["Test", "A", "R"]])
    rows_of(wb.create_sheet("Legend"), [["A = Approver"], ["R: Reviewer"], ["C = Consulted"], ["I = Informed"]])


@case(layout="letters as column headers, one of them renamed by the legend sheet: the column refused until chosen",
      sheet="Sheet", roles=["Dev", "QA", "Sponsor", "PM"], rows=[("", "Build", "R C I ."), ("", "Release", "C . I R")],
      errors=['Sheet!C1: "A" is not read as Accountable: the legend (Legend!A1) says it means "Assists". Choose what '
              'it stands for under "How the sheet was read".'])  # fmt: skip
def letters_as_headers_renamed(wb):
    letters_as_headers(wb)
    rows_of(wb.create_sheet("Legend"), [["A: Assists"]])


# Other shapes ---------------------------------------------------------------------------------------------


@case(layout='letters as column headers, roles named in the cells ("Activity | R | A | C | I")', sheet="Sheet",
      roles=["Dev", "PM", "QA", "Sponsor"],
      rows=[("", "Build", "R A C I"), ("", "Release", "C AR . I")])  # fmt: skip
def letters_as_headers(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "R", "A", "C", "I"], ["Build", "Dev", "PM", "QA", "Sponsor"],
                 ["Release", "PM", "PM", "Dev", "Sponsor"]])  # fmt: skip


@case(layout="transposed: roles as rows, activities as columns", sheet="Sheet", roles=["PM", "Dev", "QA"],
      rows=[("", "Design the flows", "A R C"), ("", "Load test", "A C R"), ("", "Cut over", "AR I C")],
      notices=["has its roles as rows"])  # fmt: skip
def transposed(wb):
    ws = wb.active
    rows_of(ws, [["Role", "Design the flows", "Load test", "Cut over"], ["PM", "A", "A", "A/R"],
                 ["Dev", "R", "C", "I"], ["QA", "C", "R", "C"]])  # fmt: skip


@case(layout="transposed with a row of step numbers above the activities and a notes row: each named as a row",
      sheet="Sheet", roles=["PM", "Dev", "QA"],
      rows=[("", "Design the flows", "A R C"), ("", "Load test", "A C R"), ("", "Cut over", "AR I C")],
      notices=["has its roles as rows", 'Row 1 ("No.") holds column numbers or ids: not imported.'],
      ignored=['row 6 ("Notes") holds text, not letters'])  # fmt: skip
def transposed_with_ids_and_notes(wb):
    ws = wb.active
    rows_of(ws, [["No.", 1, 2, 3], ["Role", "Design the flows", "Load test", "Cut over"], ["PM", "A", "A", "A/R"],
                 ["Dev", "R", "C", "I"], ["QA", "C", "R", "C"],
                 ["Notes", "Needs the vendor on site", "Two rounds at peak volume", "Weekend window"]])  # fmt: skip


@case(layout="a row numbering the role columns (1, 2, 3) under the header, labelled in the activity column",
      sheet="Sheet", roles=["PM", "Dev", "QA"], rows=[("", "Design", "A R C"), ("", "Build", "A R I")],
      notices=["Sheet!A2 and 3 other cells (B2, C2, D2): a row numbering the role columns, under the header: read "
               "as part of the header, not as letters."])  # fmt: skip
def numbered_role_columns(wb):
    rows_of(wb.active, [["Activity", "PM", "Dev", "QA"], ["Step", 1, 2, 3], ["Design", "A", "R", "C"],
                        ["Build", "A", "R", "I"]])  # fmt: skip


@case(layout="transposed, blank corner: role codes down the side, steps worded across the top", sheet="Sheet",
      roles=["EXS", "PGL", "CCO", "ADM"],
      rows=[("", "Design flows", "A R C I"), ("", "Load test", "A C R I"), ("", "Cut over", "A R C I"),
            ("", "Train agents", "I A R C")],
      notices=["has its roles as rows"])  # fmt: skip
def transposed_codes_blank_corner(wb):
    rows_of(wb.active, [["Wave 1 RACI"], [None, "Design flows", "Load test", "Cut over", "Train agents"],
                        ["EXS", "A", "A", "A", "I"], ["PGL", "R", "C", "R", "A"], ["CCO", "C", "R", "C", "R"],
                        ["ADM", "I", "I", "I", "C"]])  # fmt: skip


@case(layout="step codes down the side (UAT, CAB), job titles across the top: not turned", sheet="Sheet",
      roles=["Test Manager", "Change Board", "Service Owner"],
      rows=[("", "UAT", "A C R"), ("", "SIT", "A I R"), ("", "CAB", "C A R")])  # fmt: skip
def step_codes_with_job_titles(wb):
    rows_of(wb.active, [[None, "Test Manager", "Change Board", "Service Owner"], ["UAT", "A", "C", "R"],
                        ["SIT", "A", "I", "R"], ["CAB", "C", "A", "R"]])  # fmt: skip


# Problems, each named by cell and cause ---------------------------------------------------------------------


@case(layout="an unknown letter in many cells: one grouped message", sheet="Sheet", roles=["PM", "Dev"],
      rows=[("", f"Task {n}", "A .") for n in range(1, 13)],
      errors=['Sheet!C2 and 11 other cells (C3, C4, C5, C6, C7…): "Q" is not a RACI letter. Choose what it stands '
              'for under "How the sheet was read", or correct the sheet.'])  # fmt: skip
def many_identical_errors(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "PM", "Dev"], *[[f"Task {n}", "A", "Q"] for n in range(1, 13)]])


COMBINED_OFFER = ('only A/R may stand together. Choose under "How the sheet was read" to keep the first letter '
                  "written or the stronger one, or correct the sheet.")  # fmt: skip


@case(layout="combined letters other than A/R", sheet="Sheet", roles=["PM", "Dev"], rows=[("", "Plan", "A .")],
      errors=[f'Sheet!C2: "R/C" combines letters; {COMBINED_OFFER}'])  # fmt: skip
def bad_combination(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "PM", "Dev"], ["Plan", "A", "R/C"]])


def _two_letter_cells(wb):
    ws = wb.active
    rows_of(ws, [["Aufgabe", "Ana", "Bo", "Cem", "Dee"], ["Plan", "A", "I/C", "N", "R"],
                 ["Design", "R/C", "A", "C /I", "N"], ["Build", "I", "A", "R", "I / R"],
                 ["Test", "N", "A", "R", "C"]])  # fmt: skip


@case(layout="two letters in a cell (I/C, R/C) in many spellings: refused with one message and the offer",
      sheet="Sheet", roles=["Ana", "Bo", "Cem", "Dee"],
      rows=[("", "Plan", "A . . R"), ("", "Design", ". A . ."), ("", "Build", "I A R ."), ("", "Test", ". A R C")],
      errors=[f'Sheet!C2 and 3 other cells (B3, D3, E4): these cells combine letters ("I/C", "R/C", "C /I", "I / R"); '
              f"{COMBINED_OFFER}"],
      notices=['"N" read as not involved'])  # fmt: skip
def two_letter_cells(wb):
    _two_letter_cells(wb)


@case(layout="two letters in a cell, the stronger kept as chosen; each cell named", sheet="Sheet",
      roles=["Ana", "Bo", "Cem", "Dee"], reading={"combined": "strongest"},
      rows=[("", "Plan", "A C . R"), ("", "Design", "R A C ."), ("", "Build", "I A R R"), ("", "Test", ". A R C")],
      notices=['Sheet!C2: "I/C" read as C (the stronger letter), as chosen',
               'Sheet!E4: "I / R" read as R (the stronger letter)', 'Sheet!B3: "R/C" read as R'])  # fmt: skip
def two_letter_cells_stronger(wb):
    _two_letter_cells(wb)


@case(layout="two letters in a cell, the first written kept as chosen", sheet="Sheet",
      roles=["Ana", "Bo", "Cem", "Dee"], reading={"combined": "first"},
      rows=[("", "Plan", "A I . R"), ("", "Design", "R A C ."), ("", "Build", "I A R I"), ("", "Test", ". A R C")],
      notices=['Sheet!D3: "C /I" read as C (the first letter written)'])  # fmt: skip
def two_letter_cells_first(wb):
    _two_letter_cells(wb)


def _letter_lists(wb):
    ws = wb.active
    rows_of(ws, [[], [], [None, None, "Vođa", "Tim", "Sponzor"], [None, "Projekat ABC"],
                 [None, "1. Priprema", "R,A,C,Q", "R,I,Q", "C"], [None, "2. Izvedba", "R,A,C,Q", "R,I,Q", "C,Q"],
                 [None, "3. Kraj", "A,Q", "R", "/"]])  # fmt: skip
    for column in "CDE":
        ws.merge_cells(f"{column}3:{column}4")


@case(layout="letter lists with a local letter (R,A,C,Q) under headers merged down two rows: refused, both "
             "causes named", sheet="Sheet", roles=["Vođa", "Tim", "Sponzor"],
      rows=[("", "1. Priprema", ". . C"), ("", "2. Izvedba", ". . ."), ("", "3. Kraj", ". R .")],
      errors=['Sheet!C5 and 5 other cells (D5, C6, D6, E6, C7): "Q" is not a RACI letter (it stands with other '
              'letters in these cells). Choose what it stands for under "How the sheet was read", or correct the '
              "sheet.",
              f'Sheet!C5 and 3 other cells (D5, C6, D6): these cells combine letters ("R,A,C,Q", "R,I,Q"); '
              f"{COMBINED_OFFER}"])  # fmt: skip
def letter_lists(wb):
    _letter_lists(wb)


@case(layout="letter lists read as chosen: Q left out, the stronger letter kept", sheet="Sheet",
      roles=["Vođa", "Tim", "Sponzor"], reading={"letters": {"Q": ""}, "combined": "strongest"},
      rows=[("", "1. Priprema", "AR R C"), ("", "2. Izvedba", "AR R C"), ("", "3. Kraj", "A R .")],
      notices=['"R,A,C,Q" read as A/R (the stronger letter)'],
      ignored=['Sheet!C5 and 5 other cells (D5, C6, D6, E6, C7): "Q" is left out of these cells'])  # fmt: skip
def letter_lists_chosen(wb):
    _letter_lists(wb)


@case(layout="each role merged over two columns, and each letter too", sheet="Sheet",
      roles=["Project manager", "Team lead", "Analyst"],
      rows=[("", "Kick-off", "R I I"), ("", "Collect data", "I A R"), ("", "Report", "A . R")])  # fmt: skip
def roles_two_columns_wide(wb):
    ws = wb.active
    rows_of(ws, [["Plan of work"], ["ATTIVITÀ", None, "Project manager", None, "Team lead", None, "Analyst"],
                 ["Kick-off", None, "R", None, "I", None, "I"], ["Collect data", None, "I", None, "A", None, "R"],
                 ["Report", None, "A", None, None, None, "R"]])  # fmt: skip
    for r in range(2, 6):
        ws.merge_cells(f"A{r}:B{r}")
        for left, right in (("C", "D"), ("E", "F"), ("G", "H")):
            ws.merge_cells(f"{left}{r}:{right}{r}")


@case(layout="milestone and group rows merged across the whole row, nested", sheet="Sheet",
      roles=["Sponsor", "Lead", "Users"],
      rows=[("Milestone 1 › Finance", "Deploy", "A R I"), ("Milestone 1 › Finance", "Train", "A . R"),
            ("Milestone 1 › Suppliers", "Deploy", "A R C"), ("Milestone 2 › Finance", "Deploy", "A R .")],
      ignored=["a legend (a letter and what it means)"])  # fmt: skip
def merged_milestone_rows(wb):
    ws = wb.active
    rows_of(ws, [[None, "Sponsor", "Lead", "Users"], ["Milestone 1"], ["Finance"],
                 ["Deploy", "I", "R", "I", None, "R", "Realiser", "Does the work"],
                 ["Train", "A", None, "R", None, "A", "Approver"], ["Suppliers"], ["Deploy", "A", "R", "C"],
                 ["Milestone 2"], ["Finance"], ["Deploy", "A", "R"]])  # fmt: skip
    ws["B4"] = "A"
    for r in (2, 3, 6, 8, 9):
        ws.merge_cells(f"A{r}:D{r}")


@case(layout="a legend under the table in the role columns, notes beside it", sheet="Sheet",
      roles=["Gil", "Rui", "Kim"],
      rows=[("", "1. Plan", "AR C C"), ("", "2. Build", "AR R I"), ("", "3. Ship", "A R R")],
      ignored=["Sheet!E2 and 1 other cells (E3): column E holds text",
               "Sheet!B6 and 7 other cells (C6, B7, C7, B8, C8…): a legend (a letter and what it means)"])  # fmt: skip
def legend_under_table(wb):
    ws = wb.active
    rows_of(ws, [["Task", "Gil", "Rui", "Kim"], ["1. Plan", "A, R", "C", "C", "Gil leads"],
                 ["2. Build", "A, R", "R", "I", "Rui helps"], ["3. Ship", "A", "R", "R"], [],
                 [None, "R", "Responsible"], [None, "A", "Accountable"], [None, "C", "Consulted"],
                 [None, "I", "Informed"], [], [], ["Data sources"],
                 ["A long description of the data set used"]])  # fmt: skip


@case(layout="filler rows of N under the table; the same name twice kept as chosen", sheet="Sheet",
      roles=["Ann", "Ben"], reading={"duplicates": "keep"},
      rows=[("", "Forecast", "A R"), ("", "Review", "R A"), ("", "Forecast (row 4)", "A N".replace("N", "."))],
      notices=['Sheet!A4: "Forecast" is named twice (also row 2): this one is imported as "Forecast (row 4)"'],
      ignored=["Sheet!A5 and 1 other cells (A6): a row holding only not-involved marks"])  # fmt: skip
def filler_rows_and_duplicate_kept(wb):
    ws = wb.active
    rows_of(ws, [["Task", "Ann", "Ben"], ["Forecast", "A", "R"], ["Review", "R", "A"], ["Forecast", "A", "N"],
                 ["N", "N", "N"], ["N", "N", "N"]])  # fmt: skip


@case(layout="one role's letters in a column headed Role, beside an area column and the steps", sheet="TPM",
      roles=["Role"], reading={"combined": "first"},
      rows=[("Planning", "Refine requirements", "A"), ("Planning", "Write spec", "AR"),
            ("Planning", "Plan sprint", "R"), ("Risks", "Analyse risks", "A"), ("Risks", "Monitor risks", "AR")],
      notices=['TPM!C4: "R/C" read as R (the first letter written)'])  # fmt: skip
def one_role_column(wb):
    ws = wb.active
    ws.title = "TPM"
    rows_of(ws, [["Key area", "Step", "Role"], ["Planning", "Refine requirements", "A"], [None, "Write spec", "A/R"],
                 [None, "Plan sprint", "R/C"], ["Risks", "Analyse risks", "A"],
                 [None, "Monitor risks", "R/A"]])  # fmt: skip


@case(layout="a blank template with placeholders: refused, saying so", sheet="RACI",
      roles=["[Name of person]", "[Name of person]"],
      rows=[("", "[Enter task]", "R A"), ("", "[Enter task]", "A R")],
      errors=['RACI!B3: this is a blank template: the role columns read "[Name of person]" and the activities read '
              "\"[Enter task]\". Write your roles' names over the placeholders in the header and your activities in "
              "their column, then import the file again."])  # fmt: skip
def blank_template(wb):
    ws = wb.active
    ws.title = "RACI"
    rows_of(ws, [["RACI"], [], ["Task", "[Name of person]", "[Name of person]"], ["[Enter task]", "R", "A"],
                 ["[Enter task]", "A", "R"]])  # fmt: skip


@case(layout="S in a RACI matrix", sheet="Sheet", roles=["PM", "Dev"], rows=[("", "Plan", "A .")],
      errors=['Sheet!C2: "S" (Supportive) is not used in a RACI matrix.'])  # fmt: skip
def supportive_in_raci(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "PM", "Dev"], ["Plan", "A", "S"]])


@case(layout="the same activity twice in one phase", sheet="Sheet", roles=["PM", "Dev"],
      rows=[("Plan", "Review", "A R"), ("Plan", "Review", "A R")],
      errors=['Sheet!B3: activity "Review" appears twice in Plan (also row 2). Rename one in the sheet, or choose to '
              'keep both under "How the sheet was read".'])  # fmt: skip
def duplicate_in_phase(wb):
    ws = wb.active
    rows_of(ws, [["Phase", "Activity", "PM", "Dev"], ["Plan", "Review", "A", "R"], ["Plan", "Review", "A", "R"]])


@case(layout="a stakeholder register only (no matrix anywhere)", refused="No RACI table found")
def register_only(wb):
    ws = wb.active
    rows_of(ws, [["Name", "Organisation", "Influence", "Interest"], ["Dana", "Board", "H", "H"],
                 ["Lee", "PMO", "M", "H"], ["Sam", "Vendor", "L", "M"]])  # fmt: skip


# Classes met on real workbooks checked from outside (issue 14's goal) ---------------------------------------


@case(layout="a blank row, then a phase and its sub-phase before the letters come back (WBS numbering)",
      sheet="Sheet", roles=["PM", "Dev"],
      rows=[("1.0 Initiation › 1.1 Launch", "1.1.1 Define goals", "R ."),
            ("2.0 Planning › 2.1 Plan", "2.1.1 Work breakdown", "A R"),
            ("3.0 Closing › 3.1 Rollout", "3.1.1 Launch", "I R")])  # fmt: skip
def subphases_after_blank_rows(wb):
    ws = wb.active
    rows_of(ws, [["Steps", "PM", "Dev"], ["1.0 Initiation"], ["1.1 Launch"], ["1.1.1 Define goals", "R"], [],
                 ["2.0 Planning"], ["2.1 Plan"], ["2.1.1 Work breakdown", "A", "R"], [], ["3.0 Closing"],
                 ["3.1 Rollout"], ["3.1.1 Launch", "I", "R"]])  # fmt: skip


@case(layout='"Task ID" (letters A, B, C…) beside "Task": the ids are not the activities', sheet="Sheet",
      roles=["Gabe", "Alex"],
      rows=[("", "Set up repository", "R A"), ("", "Define data models", "A R"), ("", "Build forms", "I R")],
      notices=['Column A ("Task ID") holds row numbers or ids'])  # fmt: skip
def task_id_beside_task(wb):
    ws = wb.active
    rows_of(ws, [["Task ID", "Task", "Gabe", "Alex"], ["A", "Set up repository", "R", "A"],
                 ["B", "Define data models", "A", "R"], ["C", "Build forms", "I", "R"]])  # fmt: skip


@case(layout='a corner cell split diagonally ("Roles … Milestones/Tasks"): not read turned', sheet="RACI",
      roles=["Sponsor", "PM", "Dev"],
      rows=[("Design", "UI design", "I A R"), ("Design", "Architecture", "I A R"),
            ("Testing", "Test plan", "C A R")])  # fmt: skip
def diagonal_corner(wb):
    ws = wb.active
    ws.title = "RACI"
    rows_of(ws, [["Roles                    Milestones/Tasks", "Sponsor", "PM", "Dev"], ["Design"],
                 ["UI design", "I", "A", "R"], ["Architecture", "I", "A", "R"], ["Testing"],
                 ["Test plan", "C", "A", "R"]])  # fmt: skip


@case(layout="the header written again at the top of each section, the section named in its first cell",
      sheet="Hoja1", roles=["Jefe", "Analista", "Programador"],
      rows=[("ANÁLISIS", "Entrevista", "R C ."), ("ANÁLISIS", "Requerimientos", "A R I"),
            ("DISEÑO", "Modelo de datos", "A . R"), ("DISEÑO", "Revisión", "A C R"),
            ("DESARROLLO", "Codificar", "A . R"), ("DESARROLLO", "Revisión", "A C R")])  # fmt: skip
def header_repeated_per_section(wb):
    ws = wb.active
    ws.title = "Hoja1"
    header = ["Jefe", "Analista", "Programador"]
    rows_of(ws, [["ANÁLISIS", *header], ["Entrevista", "R", "C"], ["Requerimientos", "A", "R", "I"],
                 ["DISEÑO", *header], ["Modelo de datos", "A", None, "R"], ["Revisión", "A", "C", "R"],
                 ["DESARROLLO", *header], ["Codificar", "A", None, "R"], ["Revisión", "A", "C", "R"]])  # fmt: skip


@case(layout="letters as column headers with phase rows (a named row naming nobody, over rows that do)",
      sheet="Sheet", roles=["Ann", "Bob", "Cy", "Dee"],
      rows=[("Backend", "API", "R A C I"), ("Backend", "Docs", "A R . I"), ("Frontend", "Docs", "A C R .")],
      notices=["has the letters as column headers"])  # fmt: skip
def letters_as_headers_with_phases(wb):
    ws = wb.active
    rows_of(ws, [["#", "Task", "R", "A", "C", "I"], [1, "Backend"], [1.1, "API", "Ann", "Bob", "Cy", "Dee"],
                 [1.2, "Docs", "Bob", "Ann", None, "Dee"], [2, "Frontend"],
                 [2.1, "Docs", "Cy", "Ann", "Bob"]])  # fmt: skip


def _letters_row_names_a_phase(wb):
    ws = wb.active
    rows_of(ws, [["Planning"], [], ["No.", "Title", "Responsible", "Approver", "Consulted", "Informed"],
                 [1, "Backend", "R", "A", "C", "I"], [1.1, "API", "Ann", "Bob", "Team", "Team"],
                 [1.2, "Docs", "Bob", "Ann", None, "Team"], [2, "Frontend"],
                 [2.1, "Login", "Cy", "Ann", "Team", "Team"]])  # fmt: skip


@case(layout="letters as column headers, the first phase named on the letters row, a role named under both C and "
      "I: refused with the choice", sheet="Sheet", roles=["Ann", "Bob", "Team", "Cy"],
      rows=[("Backend", "API", "R A . ."), ("Backend", "Docs", "A R I ."), ("Frontend", "Login", "A . . R")],
      errors=['Sheet!F5 and 1 other cells (F8): a role named under several letters ("Team" under C and I); only A/R '
              'may stand together. Choose under "How the sheet was read" to keep the first letter written or the '
              "stronger one, or correct the sheet."])  # fmt: skip
def letters_row_names_a_phase(wb):
    _letters_row_names_a_phase(wb)


@case(layout="letters as column headers, a role named under both C and I, read as C as chosen", sheet="Sheet",
      roles=["Ann", "Bob", "Team", "Cy"], reading={"combined": "strongest"},
      rows=[("Backend", "API", "R A C ."), ("Backend", "Docs", "A R I ."), ("Frontend", "Login", "A . C R")],
      notices=['Sheet!F5 and 1 other cells (F8): "Team" under C and I read as C (the stronger letter)'])  # fmt: skip
def letters_row_names_a_phase_stronger(wb):
    _letters_row_names_a_phase(wb)


def _primary_support(wb):
    ws = wb.active
    rows_of(ws, [["Responsibility Matrix", None, None, "P: Primary   S: Support"], [], ["Task", "Ann", "Bob"],
                 ["Write spec", "P", "S"], ["Review", "S", "P"]])  # fmt: skip


@case(layout='a legend of two letters in one cell ("P: Primary   S: Support"): P refused with its meaning',
      kind="RASCI", sheet="Sheet", roles=["Ann", "Bob"],
      rows=[("", "Write spec", ". S"), ("", "Review", "S .")],
      errors=['Sheet!B4 and 1 other cells (C5): "P" is not a RACI letter; the legend (Sheet!D1) says it means '
              '"Primary": choose what it stands for under "How the sheet was read".'])  # fmt: skip
def legend_two_letters_in_a_cell(wb):
    _primary_support(wb)


@case(layout="a legend of two letters in one cell, P read as R as chosen", kind="RASCI", sheet="Sheet",
      roles=["Ann", "Bob"], rows=[("", "Write spec", "R S"), ("", "Review", "S R")], reading={"letters": {"P": "R"}},
      notices=['"P" read as R'])  # fmt: skip
def legend_two_letters_in_a_cell_mapped(wb):
    _primary_support(wb)


@case(layout="an outline indented with spaces: a row without letters between rows of its own depth is a "
      "milestone, not a phase", sheet="Sheet", roles=["Ann", "Bob"],
      rows=[("", "Party", "R AR"), ("", "Research", "AR ."), ("", "Research venue", ". AR"),
            ("", "Research games", "AR ."), ("", "Research complete", ". ."), ("", "Plan", "R AR"),
            ("", "Book venue", ". AR"), ("", "Plan complete", ". .")])  # fmt: skip
def outline_with_milestones(wb):
    ws = wb.active
    rows_of(ws, [["Task Name", "Ann", "Bob"], ["Party", "R", "A/R"], ["   Research", "A/R"],
                 ["      Research venue", None, "A/R"], ["      Research games", "A/R"], ["   Research complete"],
                 ["   Plan", "R", "A/R"], ["      Book venue", None, "A/R"], ["   Plan complete"]])  # fmt: skip


@case(layout='two letters joined by the word for "and" ("R et A", "R y A")', sheet="Feuil1",
      roles=["Chef de projet", "Développeur"],
      rows=[("", "Cadrage", "AR C"), ("", "Code", "A R"), ("", "Tests", "AR I")])  # fmt: skip
def letters_joined_by_and(wb):
    ws = wb.active
    ws.title = "Feuil1"
    rows_of(ws, [["Tâche", "Chef de projet", "Développeur"], ["Cadrage", "R et A", "C"], ["Code", "A", "R"],
                 ["Tests", "R y A", "I"]])  # fmt: skip


@case(layout="letters far below the table's end, past blank rows and notes: listed, not dropped silently",
      sheet="Sheet", roles=["PM", "Dev"], rows=[("", "Plan", "A R"), ("", "Build", "A R")],
      ignored=["Sheet!B9 and 1 other cells (C9): a letter below the end of the table (row 3)"])  # fmt: skip
def letters_below_the_end(wb):
    ws = wb.active
    rows_of(ws, [["Task", "PM", "Dev"], ["Plan", "A", "R"], ["Build", "A", "R"], [], [], ["Prepared by", "Ann"],
                 ["Reviewed by", "Bob"], [], ["Extra task", "A", "R"]])  # fmt: skip


@case(layout="a row's name typed one column to the right of the activity column: the message says where it is",
      sheet="Sheet", roles=["Jefe", "Dev"], rows=[("", "Codificar", "A R"), ("", "Entregar", "R I")],
      errors=['Sheet!A3: this row has letters but no activity name in its column; "Revisar" is in B3: move it to '
              "the activity column."],
      ignored=['Sheet!B4: column B ("Nota") holds text, not letters'])  # fmt: skip
def name_in_the_next_column(wb):
    ws = wb.active
    rows_of(ws, [["Actividad", "Nota", "Jefe", "Dev"], ["Codificar", None, "A", "R"], [None, "Revisar", "A", "C"],
                 ["Entregar", "ok", "R", "I"]])  # fmt: skip


@case(layout="a row's name typed one column to the right, under the activity header merged over both columns: "
      "read as its name, with a notice", sheet="Hoja1", roles=["Jefe", "Dev"],
      rows=[("", "Codificar", "A R"), ("", "Revisar", "A C"), ("", "Entregar", "R I")],
      notices=['Hoja1!B3: the activity\'s name stands right of column A ("Actividad"), under its header merged over '
               "A1:B1: read as the activity's name."])  # fmt: skip
def name_under_the_merged_header(wb):
    ws = wb.active
    ws.title = "Hoja1"
    rows_of(ws, [["Actividad", None, "Jefe", "Dev"], ["Codificar", None, "A", "R"], [None, "Revisar", "A", "C"],
                 ["Entregar", None, "R", "I"]])  # fmt: skip
    for row in (1, 2, 4):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)


def _local_letter(wb):
    ws = wb.active
    rows_of(ws, [["Responsibility matrix", "Step", "Ann", "Bob", "Cy", "Done?"], [1, "Plan", "A", "P", None, "Y"],
                 [2, "Build", "A", "C", "P", "Y"], [3, "Test", "I", "P", "P", "Y"],
                 [4, "Ship", "A", "P", "I"]])  # fmt: skip


@case(layout='a letter of the sheet\'s own that no legend defines ("P"), in most cells of several role columns: '
      "they are roles, P refused with the choice; a status column of Y beside them is no role", sheet="Sheet",
      roles=["Ann", "Bob", "Cy"], rows=[("", "Plan", "A . ."), ("", "Build", "A C ."), ("", "Test", "I . ."),
                                        ("", "Ship", "A . I")],
      errors=['Sheet!D2 and 4 other cells (E3, D4, E4, D5): "P" is not a RACI letter. Choose what it stands for under '
              '"How the sheet was read", or correct the sheet.'],
      notices=["holds row numbers or ids"],
      ignored=['Sheet!F2 and 2 other cells (F3, F4): "Y" lies right of the table'])  # fmt: skip
def local_letter_without_legend(wb):
    _local_letter(wb)


@case(layout="a letter of the sheet's own read as the user chose (P → R)", sheet="Sheet", roles=["Ann", "Bob", "Cy"],
      reading={"letters": {"P": "R"}},
      rows=[("", "Plan", "A R ."), ("", "Build", "A C R"), ("", "Test", "I R R"), ("", "Ship", "A R I")],
      notices=['"P" read as R'], ignored=['"Y" lies right of the table'])  # fmt: skip
def local_letter_chosen(wb):
    _local_letter(wb)


@case(layout="a legend under the table with its letters in the group column (\"R\" | \"Responsible – …\"): not "
      "activities", sheet="Sheet", roles=["Ann", "Bob"],
      rows=[("Admin", "Agenda", "R I"), ("Admin", "Minutes", "R C"), ("Design", "Floor map", "C R")],
      ignored=["Sheet!A6 and 3 other cells (B6, A7, B7): a legend"])  # fmt: skip
def legend_in_the_group_column(wb):
    ws = wb.active
    rows_of(ws, [["Area", "Task", "Ann", "Bob"], ["Admin", "Agenda", "R", "I"], [None, "Minutes", "R", "C"],
                 ["Design", "Floor map", "C", "R"], ["Legend"], ["R", "Responsible – does the work"],
                 ["C", "Consulted – asked before"]])  # fmt: skip


@case(layout='"Task Category" beside "Task Name": the category is the phase, the name the activity', sheet="Matrix",
      roles=["Manager", "Engineer"],
      rows=[("Ingestion", "Build pipelines", "AR R"), ("Ingestion", "Run pipelines", "AR R"),
            ("Reporting", "Build reports", "A R")])  # fmt: skip
def task_category_beside_task_name(wb):
    ws = wb.active
    ws.title = "Matrix"
    rows_of(ws, [["Task Category", "Task Name", "Manager", "Engineer"], ["Ingestion", "Build pipelines", "R, A", "R"],
                 ["Ingestion", "Run pipelines", "R, A", "R"], ["Reporting", "Build reports", "A", "R"]])  # fmt: skip


@case(layout='the letters spelled out as column headers ("Responsável (Responsible)", "Aprovar"), people in the '
      "cells", sheet="Matriz", roles=["Felipe", "Alef", "Vera"],
      rows=[("", "Planejamento", "R A I"), ("", "Design", "A R I"), ("", "Testes", "R A C")],
      notices=["has the letters as column headers"],
      ignored=['Matriz!C2 and 2 other cells (C3, C4): column C ("Member(s)") holds text'])  # fmt: skip
def letters_spelled_out_as_headers(wb):
    ws = wb.active
    ws.title = "Matriz"
    rows_of(ws, [["Cód.", "Atividade", "Member(s)", "Responsável (Responsible)", "Aprovar (Accountable)", "Consultado",
                  "Informado"], ["1.1", "Planejamento", "Felipe", "Felipe", "Alef", None, "Vera"],
                 ["1.2", "Design", "Alef", "Alef", "Felipe", "-", "Vera"],
                 ["1.3", "Testes", "Felipe", "Felipe", "Alef", "Vera"]])  # fmt: skip


@case(layout="letters as column headers, then a table of letters under it past blank rows: its letters listed, "
      "not dropped", sheet="Sheet", roles=["Dev", "PM", "QA"], rows=[("", "Build", "R A C"), ("", "Release", ". AR .")],
      notices=["has the letters as column headers"],
      ignored=["Sheet!B7 and 3 other cells (C7, B8, D8): a letter below the end of the table (row 3)"])  # fmt: skip
def letters_as_headers_then_a_table_below(wb):
    ws = wb.active
    rows_of(ws, [["Task", "R", "A", "C"], ["Build", "Dev", "PM", "QA"], ["Release", "PM", "PM", None], [], [],
                 ["Task", "Ann", "Bob", "Cy"], ["Plan", "R", "C"], ["Test", "A", None, "R"]])  # fmt: skip


@case(layout="a second table beside the first, past a blank column, with the same roles: the first is read, the "
      "second listed as not imported (never its letters on the first one's rows)", sheet="Sheet", roles=["Ann", "Bob"],
      rows=[("", "Plan", "A R"), ("", "Review", "A C")],
      ignored=['Sheet!E2: "Code" lies right of the table', 'Sheet!F2 and 2 other cells (F3, F4): "A" lies right',
               'Sheet!E4: "Release" lies right of the table'])  # fmt: skip
def two_tables_side_by_side(wb):
    ws = wb.active
    rows_of(ws, [["Activity", "Ann", "Bob", None, "Activity", "Ann", "Bob"], ["Plan", "A", "R", None, "Code", "A", "R"],
                 ["Review", "A", "C", None, "Test", "A", "R"],
                 [None, None, None, None, "Release", "A", "R"]])  # fmt: skip


# Bugs found in review of the reader ------------------------------------------------------------------------

_SECTIONS_WITH_A_DUPLICATE = [["ANÁLISIS", "Jefe", "Analista", "Programador"], ["Entrevista", "R", "C"],
                              ["Entrevista", "A", "R", "I"], ["DISEÑO", "Jefe", "Analista", "Programador"],
                              ["Prototipo", "A", "R"]]  # fmt: skip


@case(layout="the header repeated over each section, a name twice in the first section: refused by cell with the "
      "choice (not an unexpected error)", sheet="Sheet", roles=["Jefe", "Analista", "Programador"],
      rows=[("ANÁLISIS", "Entrevista", "R C ."), ("ANÁLISIS", "Entrevista", "A R I"), ("DISEÑO", "Prototipo", "A R .")],
      errors=['Sheet!A3: activity "Entrevista" appears twice (also row 2). Rename one in the sheet, or choose to keep '
              'both under "How the sheet was read".'])  # fmt: skip
def repeated_header_sections_with_a_duplicate(wb):
    rows_of(wb.active, _SECTIONS_WITH_A_DUPLICATE)


@case(layout="the header repeated over each section, a name twice in the first section, both kept as chosen",
      sheet="Sheet", roles=["Jefe", "Analista", "Programador"], reading={"duplicates": "keep"},
      rows=[("ANÁLISIS", "Entrevista", "R C ."), ("ANÁLISIS", "Entrevista (row 3)", "A R I"),
            ("DISEÑO", "Prototipo", "A R .")],
      notices=['Sheet!A3: "Entrevista" is named twice (also row 2): this one is imported as '
               '"Entrevista (row 3)"'])  # fmt: skip
def repeated_header_sections_with_a_duplicate_kept(wb):
    rows_of(wb.active, _SECTIONS_WITH_A_DUPLICATE)


@case(layout='the header row repeated for printing ("Activity | PM | Dev | QA" again): skipped, no phase "Activity"',
      sheet="Sheet", roles=["PM", "Dev", "QA"],
      rows=[("", "Plan", "A R C"), ("", "Build", "A R I"), ("", "Test", "A C R"), ("", "Ship", "A R I")],
      notices=["Sheet Sheet repeats its header row (rows 4, 6), as for printing: its header cells are "
               "skipped, not read as a phase"])  # fmt: skip
def header_repeated_for_printing(wb):
    rows_of(wb.active, [["Activity", "PM", "Dev", "QA"], ["Plan", "A", "R", "C"], ["Build", "A", "R", "I"],
                        ["Activity", "PM", "Dev", "QA"], ["Test", "A", "C", "R"], ["activity", "PM", "Dev", "QA"],
                        ["Ship", "A", "R", "I"]])  # fmt: skip


@case(layout="the header row repeated for printing, with a phase column whose blank cells mean the phase above: the "
      "rows after it stay in their phase", sheet="Sheet", roles=["PM", "Dev", "QA"],
      rows=[("Plan", "Scope", "A R C"), ("Plan", "Budget", "A R I"), ("Plan", "Schedule", "A C R"),
            ("Build", "Code", "A R I")],
      notices=["Sheet Sheet repeats its header row (row 4), as for printing: its header cells are "
               "skipped"])  # fmt: skip
def header_repeated_for_printing_with_a_phase_column(wb):
    rows_of(wb.active, [["Phase", "Activity", "PM", "Dev", "QA"], ["Plan", "Scope", "A", "R", "C"],
                        [None, "Budget", "A", "R", "I"], ["Phase", "Activity", "PM", "Dev", "QA"],
                        [None, "Schedule", "A", "C", "R"], ["Build", "Code", "A", "R", "I"]])  # fmt: skip


@case(layout="the header row repeated with a phase column, the next phase named in it (\"Build | Activity | PM…\"): "
      "the rows below are in that phase", sheet="Sheet", roles=["PM", "Dev", "QA"],
      rows=[("Plan", "Scope", "A R C"), ("Plan", "Budget", "A R I"), ("Build", "Code", "A C R"),
            ("Build", "Test", "A R I")],
      notices=["Sheet Sheet repeats its header row (row 4), as for printing"])  # fmt: skip
def header_repeated_with_the_next_phase_in_its_phase_column(wb):
    rows_of(wb.active, [["Phase", "Activity", "PM", "Dev", "QA"], ["Plan", "Scope", "A", "R", "C"],
                        [None, "Budget", "A", "R", "I"], ["Build", "Activity", "PM", "Dev", "QA"],
                        [None, "Code", "A", "C", "R"], [None, "Test", "A", "R", "I"]])  # fmt: skip


@case(layout="an outline indented with spaces: a milestone followed by an unindented row is a milestone, not a phase",
      sheet="Sheet", roles=["Ann", "Bob"],
      rows=[("", "Party", "R AR"), ("", "Research", "AR ."), ("", "Research venue", ". AR"),
            ("", "Research complete", ". ."), ("", "Wrap up", "R AR"), ("", "Clean up", "AR .")])  # fmt: skip
def outline_milestone_before_an_unindented_row(wb):
    rows_of(wb.active, [["Task Name", "Ann", "Bob"], ["Party", "R", "A/R"], ["   Research", "A/R"],
                        ["      Research venue", None, "A/R"], ["   Research complete"], ["Wrap up", "R", "A/R"],
                        ["Clean up", "A/R"]])  # fmt: skip


@case(layout="a phase typed with a leading space in a sheet without an outline (\" Semester 2\"): still a phase",
      sheet="Sheet", roles=["Ann", "Bob"],
      rows=[("Semester 1", "Specs", "A R"), ("Semester 1", "Design", "R A"), ("Semester 2", "Routes", "A R"),
            ("Semester 2", "Tables", "R A")])  # fmt: skip
def phase_with_a_stray_leading_space(wb):
    rows_of(wb.active, [["Task", "Ann", "Bob"], ["Semester 1"], ["Specs", "A", "R"], ["Design", "R", "A"],
                        [" Semester 2"], ["Routes", "A", "R"], ["Tables", "R", "A"]])  # fmt: skip


@case(layout="three phase rows (a phase, its stage, its step) after a blank row: the table goes on", sheet="Sheet",
      roles=["PM", "Dev"],
      rows=[("", "Kick-off", "A R"), ("Delivery › Stage 2.1 › Step 2.1.1", "Build", "A R"),
            ("Delivery › Stage 2.1 › Step 2.1.1", "Test", "R A")])  # fmt: skip
def three_phase_rows_after_a_blank_row(wb):
    rows_of(wb.active, [["Activity", "PM", "Dev"], ["Kick-off", "A", "R"], [], ["Delivery"], ["Stage 2.1"],
                        ["Step 2.1.1"], ["Build", "A", "R"], ["Test", "R", "A"]])  # fmt: skip


@case(layout="four phase rows after a blank row: past the limit, the table ended; the letters below are listed",
      sheet="Sheet", roles=["PM", "Dev"], rows=[("", "Kick-off", "A R")],
      ignored=["Sheet!B8 and 3 other cells (C8, B9, C9): a letter below the end of the table (row 2)"])  # fmt: skip
def four_phase_rows_after_a_blank_row(wb):
    rows_of(wb.active, [["Activity", "PM", "Dev"], ["Kick-off", "A", "R"], [], ["Delivery"], ["Stage 2.1"],
                        ["Step 2.1.1"], ["Task 2.1.1.1"], ["Build", "A", "R"], ["Test", "R", "A"]])  # fmt: skip


@case(layout='a not-involved mark and a letter joined by "and" ("N y A", "N and A"): refused as written, never "N/A"',
      sheet="Sheet", roles=["PM", "Dev", "QA"],
      rows=[("", "Plan", "A R ."), ("", "Build", "A R ."), ("", "Test", "A R C")],
      errors=['Sheet!D2: "N y A" joins a not-involved mark ("N") and a letter: write the letter alone, or leave the '
              "cell empty.",
              'Sheet!D3: "N and A" joins a not-involved mark ("N") and a letter: write the letter alone, or leave the '
              "cell empty."])  # fmt: skip
def not_involved_mark_and_a_letter(wb):
    rows_of(wb.active, [["Activity", "PM", "Dev", "QA"], ["Plan", "A", "R", "N y A"], ["Build", "A", "R", "N and A"],
                        ["Test", "A", "R", "C"]])  # fmt: skip


STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def strict_open_xml() -> bytes:
    """A workbook as Excel saves it under "Strict Open XML Spreadsheet": another namespace throughout."""
    plain = CASES[0].data()
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".xml"):
                data = data.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", STRICT)
            archive.writestr(item, data)
    return out.getvalue()
