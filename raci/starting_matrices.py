"""Matrices a program can start from (DOMAIN.md §10.B and §7.1), kept as the CSV people would keep."""

import csv
from dataclasses import dataclass
from pathlib import Path

from .choices import MatrixKind, MatrixPhase
from .letters import parse_cell

HERE = Path(__file__).parent / "starting"


@dataclass(frozen=True)
class StartingMatrix:
    key: str
    name: str
    kind: str
    phase: str
    description: str
    file: str

    def load(self) -> tuple[list[str], list[tuple[str, str, dict[str, str]]]]:
        """Role codes, and rows of (group, activity, {role code: letters})."""
        with (HERE / self.file).open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            codes = header[3:]
            rows = [
                (group, name, {code: parse_cell(v) for code, v in zip(codes, values, strict=True) if v.strip()})
                for _, group, name, *values in reader
            ]
        return codes, rows


STARTING_MATRICES = {
    m.key: m
    for m in (
        StartingMatrix(
            "connect_migration",
            "Amazon Connect migration RASCI",
            MatrixKind.RASCI,
            "",
            "The 25 people, change and service-introduction activities of a migration, across ten roles.",
            "connect_migration.csv",
        ),
        StartingMatrix(
            "cc_support_processes",
            "Contact-center technology support processes",
            MatrixKind.RASCI,
            MatrixPhase.SUPPORT,
            "Who plans, implements and supports the platform once it is live: agent moves, prompts, routing, "
            "incidents… (24 processes, plan / implement / support).",
            "cc_support_processes.csv",
        ),
    )
}
