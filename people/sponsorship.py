"""The sponsor coalition and the sponsor worksheet (DOMAIN §6.2, §9.3 rule 10): pure, no ORM.

The sponsor diagram is a tree: the primary sponsor at the root, every manager on the formal line below, and at the
bottom the leader each impacted group sees as in charge. A coalition gap is an impacted group whose chain up to the
primary sponsor holds a resistant leader or a missing one: no leader named for the group, a post left vacant, or
a line that stops before it reaches the primary sponsor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .choices import SupportLevel

RESISTANT = frozenset({SupportLevel.RESISTANT, SupportLevel.STRONG_RESISTANCE})

# The open sponsor worksheet: ten criteria, each 0 / 5 / 7 / 10; select sponsors scoring 75 or more.
CRITERIA: tuple[tuple[str, str], ...] = (
    ("power_access", "Power and access to top management"),
    ("expertise", "Useful expertise"),
    ("relationships", "Relationships"),
    ("understands_change", "Understands the change and its impact"),
    ("demonstrated_commitment", "Demonstrated commitment"),
    ("uses_influence", "Willing to use influence"),
    ("advocacy", "Timely, consistent advocacy"),
    ("resources", "Knows and will obtain the resources"),
    ("public_status", "Will use their status publicly"),
    ("communicates", "Communicates at all levels"),
)
RATINGS = (0, 5, 7, 10)
SELECT_AT = 75  # below: flag risk PCR-02 (rule 10)
SPONSORSHIP_RISK = "PCR-02"


def worksheet_total(scores: Mapping[str, int]) -> int:
    """The worksheet total out of 100; every criterion must be rated 0, 5, 7 or 10."""
    missing = [name for name, _ in CRITERIA if name not in scores]
    if missing:
        raise ValueError(f"Not rated: {', '.join(missing)}")
    wrong = [name for name, _ in CRITERIA if scores[name] not in RATINGS]
    if wrong:
        raise ValueError(f"Rated outside 0/5/7/10: {', '.join(wrong)}")
    return sum(scores[name] for name, _ in CRITERIA)


def below_threshold(total: int) -> bool:
    return total < SELECT_AT


@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    name: str  # blank: the post is vacant
    support: str
    group_id: int | None = None  # the impacted group that sees this node as in charge


@dataclass(frozen=True)
class Gap:
    group_id: int
    reason: str  # "no_leader", "vacant", "resistant", "broken_line"
    node_id: int | None = None  # the node at fault, when there is one
    detail: str = ""


def primary_sponsor(nodes: Iterable[Node]) -> Node | None:
    """The root of the tree (the first one, by id, if several were left without a parent)."""
    roots = sorted((n for n in nodes if n.parent_id is None), key=lambda n: n.id)
    return roots[0] if roots else None


def chain(node: Node, by_id: Mapping[int, Node]) -> list[Node]:
    """The node and every node above it, bottom up (stops at a missing parent or a loop)."""
    seen: set[int] = set()
    line = []
    current: Node | None = node
    while current is not None and current.id not in seen:
        seen.add(current.id)
        line.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return line


def coalition_gaps(nodes: Iterable[Node], groups: Iterable[int]) -> list[Gap]:
    """One gap per impacted group whose coalition is broken, the first fault met from the bottom up; a group seen
    by several leaders gets a gap for each broken line. Groups in `groups` order."""
    nodes = list(nodes)
    by_id = {n.id: n for n in nodes}
    root = primary_sponsor(nodes)
    leaders: dict[int, list[Node]] = {}
    for n in sorted(nodes, key=lambda n: n.id):
        if n.group_id is not None:
            leaders.setdefault(n.group_id, []).append(n)
    gaps = []
    for group_id in groups:
        if not leaders.get(group_id):
            gaps.append(Gap(group_id, "no_leader", detail="nobody is named as the leader this group sees in charge"))
            continue
        for leader in leaders[group_id]:
            fault = _first_fault(chain(leader, by_id), root)
            if fault is not None:
                gaps.append(Gap(group_id, *fault))
    return gaps


def _first_fault(line: list[Node], root: Node | None) -> tuple[str, int | None, str] | None:
    for n in line:
        if not n.name.strip():
            return "vacant", n.id, "a post on the line is vacant"
        if n.support in RESISTANT:
            return "resistant", n.id, f"{n.name} is {SupportLevel(n.support).label.lower()}"
    top = line[-1]
    if root is None or top.id != root.id:
        return "broken_line", top.id, f"the line stops at {top.name} before the primary sponsor"
    return None


def groups_with_gaps(gaps: Iterable[Gap]) -> set[int]:
    return {g.group_id for g in gaps}
