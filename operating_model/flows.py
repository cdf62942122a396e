"""Layout of a swimlane process flow, drawn as server-rendered SVG. Pure: lanes and steps in, shapes out.

Lanes are rows (one per program role), steps are boxes placed in columns: a step stands one column right of the
latest step leading to it (following the links that go forward in the step order), and never shares a column with
another step of its lane. Links run along the gaps between columns and the band under each lane's boxes, so a
line does not cross a box: forward links leave a box on its right and enter the next on its left, links back (a
loop: "not reachable, try again") leave under the box and come into the target from below. A link is labelled
with the branch ("when") of its target only when it leaves a decision; where two labels would overlap (a decision
with several branches), or a label would cover a box, it moves up or down a line to the nearest free place.
Everything is in whole pixels so the page, the print and the tests see the same numbers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

LABEL_WIDTH = 150
COLUMN_WIDTH = 170
BOX_WIDTH = 140
BOX_HEIGHT = 58
LANE_HEIGHT = 104
TOP = 8
GAP = (COLUMN_WIDTH - BOX_WIDTH) // 2  # between a box and its column's edge
CHARS_PER_LINE = 21
MAX_LINES = 3
LABEL_CHARS = 24  # a branch label is cut to this many characters
LABEL_CHAR_WIDTH = 6  # px: 10px italic text, a generous average so that the estimate is never short
LABEL_HEIGHT = 13  # px: one line, baseline to baseline with a little air
LABEL_TRIES = 8  # lines up and down a label may move to find a free place

KINDS = ("task", "decision", "handoff", "escalation")


@dataclass(frozen=True)
class LaneIn:
    id: int
    label: str  # the role's code
    title: str  # the role's name


@dataclass(frozen=True)
class StepIn:
    id: int
    lane_id: int
    number: int  # 1, 2, 3… in the step order
    kind: str
    name: str
    sla: str = ""
    when: str = ""  # the condition on the link that leads here (a decision's branch)
    next_ids: tuple[int, ...] = ()
    flagged: bool = False


@dataclass
class Lane:
    id: int
    label: str
    title: str
    y: int
    height: int
    shaded: bool


@dataclass
class Box:
    id: int
    lane_id: int
    number: int
    kind: str
    x: int
    y: int
    width: int
    height: int
    lines: list[str]
    sla: str
    flagged: bool
    column: int

    @property
    def band(self) -> int:
        """The y of the free band under the box (under its SLA), where links run along the lane."""
        return self.y + self.height + 19

    @property
    def cx(self) -> int:
        return self.x + self.width // 2

    @property
    def cy(self) -> int:
        return self.y + self.height // 2

    @property
    def text_y(self) -> int:
        """Baseline of the first line so that the lines sit centred in the box."""
        return self.cy - (len(self.lines) - 1) * 7 + 4

    @property
    def text(self) -> list[tuple[int, str]]:
        """(baseline y, line) of each line of the name."""
        return [(self.text_y + i * 14, line) for i, line in enumerate(self.lines)]

    @property
    def points(self) -> str:
        """The outline of a decision (diamond) or a handoff (an arrow-shaped tag), as SVG polygon points."""
        x, y, w, h = self.x, self.y, self.width, self.height
        if self.kind == "decision":
            return f"{x + w // 2},{y} {x + w},{y + h // 2} {x + w // 2},{y + h} {x},{y + h // 2}"
        return f"{x},{y} {x + w - 14},{y} {x + w},{y + h // 2} {x + w - 14},{y + h} {x},{y + h}"


@dataclass
class Edge:
    source: int
    target: int
    path: str
    label: str
    label_x: int
    label_y: int
    back: bool
    label_anchor: str = "start"  # "end": the label ends at label_x (it sits left of the line)

    @property
    def label_box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) the label covers, estimated from its length: 0 wide when there is none."""
        width = len(self.label) * LABEL_CHAR_WIDTH
        left = self.label_x - width if self.label_anchor == "end" else self.label_x
        return left, self.label_y - LABEL_HEIGHT + 3, left + width, self.label_y + 3


@dataclass
class Diagram:
    lanes: list[Lane]
    boxes: list[Box]
    edges: list[Edge]
    width: int
    height: int
    columns: int
    unplaced: list[int] = field(default_factory=list)  # steps whose lane is not in the flow

    @property
    def is_empty(self) -> bool:
        return not self.boxes


def wrap(name: str) -> list[str]:
    lines = textwrap.wrap(" ".join(name.split()), CHARS_PER_LINE, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: CHARS_PER_LINE - 1].rstrip() + "…"
    return lines


def columns_of(steps: Sequence[StepIn]) -> dict[int, int]:
    """Each step's column: one right of the latest step before it (in the step order) that leads to it, moved
    right past any step of its own lane already standing there."""
    order = {step.id: i for i, step in enumerate(steps)}
    leads_to: dict[int, list[int]] = {step.id: [] for step in steps}
    for step in steps:
        for target in step.next_ids:
            if target in order and order[target] > order[step.id]:
                leads_to[target].append(step.id)
    column: dict[int, int] = {}
    taken: dict[int, set[int]] = {}
    for step in steps:
        col = max((column[source] + 1 for source in leads_to[step.id]), default=0)
        used = taken.setdefault(step.lane_id, set())
        while col in used:
            col += 1
        used.add(col)
        column[step.id] = col
    return column


def layout(lanes: Sequence[LaneIn], steps: Sequence[StepIn]) -> Diagram:
    """Place the steps (given in step order) in their lanes and route the links between them."""
    lane_y = {lane.id: TOP + i * LANE_HEIGHT for i, lane in enumerate(lanes)}
    placed = [step for step in steps if step.lane_id in lane_y]
    column = columns_of(placed)
    columns = max(column.values(), default=-1) + 1
    boxes = {
        step.id: Box(
            id=step.id, lane_id=step.lane_id, number=step.number, kind=step.kind if step.kind in KINDS else "task",
            x=LABEL_WIDTH + column[step.id] * COLUMN_WIDTH + (COLUMN_WIDTH - BOX_WIDTH) // 2,
            y=lane_y[step.lane_id] + (LANE_HEIGHT - BOX_HEIGHT) // 2 - 6,
            width=BOX_WIDTH, height=BOX_HEIGHT, lines=wrap(step.name), sla=step.sla, flagged=step.flagged,
            column=column[step.id],
        )
        for step in placed
    }  # fmt: skip
    lanes_bottom = TOP + len(lanes) * LANE_HEIGHT
    taken = {(box.lane_id, box.column) for box in boxes.values()}
    kind = {step.id: step.kind for step in placed}
    when = {step.id: step.when for step in placed}
    edges: list[Edge] = []
    for step in placed:
        for target in step.next_ids:
            if target not in boxes:
                continue
            source_box, target_box = boxes[step.id], boxes[target]
            label = _cut(when[target]) if kind[step.id] == "decision" else ""
            if target_box.column > source_box.column:
                edges.append(_forward(source_box, target_box, label, taken))
            else:
                edges.append(_back(source_box, target_box, label, len(edges)))
    _spread_labels(edges, list(boxes.values()), lanes_bottom)
    width = LABEL_WIDTH + max(columns, 1) * COLUMN_WIDTH + 10
    shown = [
        Lane(lane.id, lane.label, lane.title, lane_y[lane.id], LANE_HEIGHT, i % 2 == 1) for i, lane in enumerate(lanes)
    ]
    return Diagram(shown, list(boxes.values()), edges, width, lanes_bottom + 4, columns,
                   [step.id for step in steps if step.lane_id not in lane_y])  # fmt: skip


def _free(taken: set[tuple[int, int]], lane_id: int, first: int, last: int) -> bool:
    return not any((lane_id, column) in taken for column in range(first, last + 1))


def _forward(source: Box, target: Box, label: str, taken: set[tuple[int, int]]) -> Edge:
    """Right side of the source to the left side of the target. Along the source's lane when nothing stands in
    between, else along the target's, else down the gap after the source, along the band under the source's
    lane, and up the gap before the target."""
    x1, y1 = source.x + source.width, source.cy
    x2, y2 = target.x, target.cy
    after, before = x1 + GAP, x2 - GAP
    between = (source.column + 1, target.column - 1)
    free_before = (target.lane_id, target.column - 1) not in taken
    if _free(taken, source.lane_id, *between):
        path = f"M{x1},{y1} H{before} V{y2} H{x2 - 2}"
        if free_before:  # in the target's lane, left of the way in
            return Edge(source.id, target.id, path, label, before - 3, y2 - 5, back=False, label_anchor="end")
        at = (x1 + 3, y1 - 5) if y1 == y2 else (before + 3, (y1 + y2) // 2 + 4)  # by the way up or down
    elif _free(taken, target.lane_id, *between):
        path = f"M{x1},{y1} H{after} V{y2} H{x2 - 2}"
        at = (after + 3, y2 - 5)
    else:
        path = f"M{x1},{y1} H{after} V{source.band} H{before} V{y2} H{x2 - 2}"
        at = (after + 3, source.band - 3)
    return Edge(source.id, target.id, path, label, at[0], at[1], back=False)


def _back(source: Box, target: Box, label: str, index: int) -> Edge:
    """From under the source along its lane's band, up or down the gap before the target's column, along the
    target's band and up into the target from below."""
    x1, y1 = source.cx + 12, source.y + source.height
    x2, y2 = target.cx - 12, target.y + target.height
    gap = target.x - GAP + 4 + (index % 3) * 4
    path = f"M{x1},{y1} V{source.band} H{gap} V{target.band} H{x2} V{y2 + 2}"
    return Edge(source.id, target.id, path, label, gap + 4, target.band - 3, back=True)


def _cut(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _spread_labels(edges: list[Edge], boxes: list[Box], bottom: int) -> None:
    """Move each label that would overlap a label placed before it, or a box, to the nearest free line above or
    below (within LABEL_TRIES lines and inside the lanes), on its side of the line or else on the other; one that
    finds no free place stays where its link puts it."""
    covered = [(b.x, b.y, b.x + b.width, b.y + b.height) for b in boxes]
    placed: list[tuple[int, int, int, int]] = []
    shifts = [0, *(d * n * LABEL_HEIGHT for n in range(1, LABEL_TRIES + 1) for d in (1, -1))]
    for edge in edges:
        if not edge.label:
            continue
        start, side = (edge.label_x, edge.label_y), edge.label_anchor
        other = "start" if side == "end" else "end"
        flipped_x = start[0] + (6 if side == "end" else -6)  # the other side of the same line
        for anchor, x, shift in [*((side, start[0], s) for s in shifts), *((other, flipped_x, s) for s in shifts)]:
            edge.label_anchor, edge.label_x, edge.label_y = anchor, x, start[1] + shift
            box = edge.label_box
            if box[1] >= 0 and box[3] <= bottom and not any(_overlap(box, other) for other in (*placed, *covered)):
                break
        else:
            edge.label_anchor, (edge.label_x, edge.label_y) = side, start
        placed.append(edge.label_box)
