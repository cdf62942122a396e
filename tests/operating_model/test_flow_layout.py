"""The swimlane layout (operating_model/flows.py) and the RASCI checks of flow steps (flow_checks.py): pure."""

import pytest

from operating_model import flow_checks, flows
from operating_model.flows import LaneIn, StepIn

LANES = [LaneIn(1, "SDK", "Service desk"), LaneIn(2, "TEL", "Telephony")]


def steps(*specs):
    """(id, lane, next ids) → StepIn in that order."""
    return [
        StepIn(id, lane, n, "task", f"Step {id}", next_ids=tuple(nxt)) for n, (id, lane, nxt) in enumerate(specs, 1)
    ]


@pytest.mark.parametrize(
    ("specs", "columns"),
    [
        ([(1, 1, [2]), (2, 2, [3]), (3, 1, [])], {1: 0, 2: 1, 3: 2}),  # a chain across lanes
        ([(1, 1, [2, 3]), (2, 2, []), (3, 1, [])], {1: 0, 2: 1, 3: 1}),  # a decision's two branches side by side
        ([(1, 1, []), (2, 1, []), (3, 2, [])], {1: 0, 2: 1, 3: 0}),  # unlinked steps of a lane do not overlap
        ([(1, 1, [2]), (2, 2, [1])], {1: 0, 2: 1}),  # a link back does not move anything
        ([(1, 1, [3]), (2, 2, [3]), (3, 2, [])], {1: 0, 2: 0, 3: 1}),  # two steps lead to one: after both
        ([(1, 1, [2]), (2, 1, [3]), (3, 2, []), (4, 2, [])], {1: 0, 2: 1, 3: 2, 4: 0}),
    ],
)
def test_columns(specs, columns):
    assert flows.columns_of(steps(*specs)) == columns


def test_the_diagram_places_boxes_in_their_lanes_and_routes_links_forward_and_back():
    diagram = flows.layout(LANES, steps((1, 1, [2]), (2, 2, [1, 3]), (3, 2, [])))
    boxes = {b.id: b for b in diagram.boxes}
    assert boxes[1].y < flows.TOP + flows.LANE_HEIGHT <= boxes[2].y  # SDK above TEL
    assert boxes[1].x < boxes[2].x < boxes[3].x
    forward, back, _ = diagram.edges
    assert not forward.back and forward.path.startswith(f"M{boxes[1].x + boxes[1].width},{boxes[1].cy}")
    assert back.back and f"V{boxes[2].band} H{boxes[1].x - flows.GAP + 4 + 4} V{boxes[1].band}" in back.path
    assert back.path.endswith(f"V{boxes[1].y + boxes[1].height + 2}")  # into the target from below
    assert diagram.width == flows.LABEL_WIDTH + 3 * flows.COLUMN_WIDTH + 10
    assert diagram.height == flows.TOP + 2 * flows.LANE_HEIGHT + 4


def test_links_go_around_the_boxes_in_their_way():
    # 1 → 4 skips over 2 and 3 standing in both lanes between: it runs along the band under the SDK lane.
    diagram = flows.layout(LANES, steps((1, 1, [2, 4]), (2, 1, [3]), (3, 2, [4]), (4, 2, []), (5, 2, [])))
    boxes = {b.id: b for b in diagram.boxes}
    assert [b.column for b in diagram.boxes] == [0, 1, 2, 3, 0]
    around = next(e for e in diagram.edges if (e.source, e.target) == (1, 4))
    assert f"V{boxes[1].band} H{boxes[4].x - flows.GAP}" in around.path
    straight = next(e for e in diagram.edges if (e.source, e.target) == (3, 4))
    assert (
        straight.path
        == f"M{boxes[3].x + boxes[3].width},{boxes[3].cy} H{boxes[4].x - flows.GAP} V{boxes[4].cy} H{boxes[4].x - 2}"
    )


def test_only_links_out_of_a_decision_carry_the_branch():
    specs = [StepIn(1, 1, 1, "decision", "Answered?", next_ids=(2,)), StepIn(2, 2, 2, "task", "Fix", when="yes",
             next_ids=(3,)), StepIn(3, 1, 3, "task", "Close", when="fixed")]  # fmt: skip
    assert [e.label for e in flows.layout(LANES, specs).edges] == ["yes", ""]


def test_a_step_in_a_lane_that_is_not_there_is_left_out_and_named():
    diagram = flows.layout(LANES[:1], steps((1, 1, [2]), (2, 9, [])))
    assert [b.id for b in diagram.boxes] == [1] and diagram.unplaced == [2] and diagram.edges == []


def test_an_empty_flow_is_drawn_empty():
    assert flows.layout(LANES, []).is_empty


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Log the ticket", ["Log the ticket"]),
        ("Page the on-call platform engineer", ["Page the on-call", "platform engineer"]),
        ("Diagnose; open an AWS case if the platform is at fault and then tell everyone",
         ["Diagnose; open an AWS", "case if the platform", "is at fault and then…"]),
    ],
)  # fmt: skip
def test_names_wrap_to_three_lines_at_most(name, lines):
    assert flows.wrap(name) == lines


def linked(letters, role=5, number=3):
    return flow_checks.LinkedStep(30, number, role, "ADM", "Agent add", letters)


@pytest.mark.parametrize(
    ("letters", "messages"),
    [
        ({5: "R", 6: "A"}, []),
        ({5: "AR"}, []),
        ({5: "A"}, []),
        ({5: "C", 6: "A"}, ['Step 3: ADM does this step but is not R or A on "Agent add" in the RASCI (it is C).']),
        ({6: "A"}, ['Step 3: ADM does this step but is not R or A on "Agent add" in the RASCI (it has no letter '
                    "there)."]),
        ({5: "R"}, ['Step 3: "Agent add" has no Accountable in the RASCI.']),
        ({}, ["Step 3: ADM does this step", 'Step 3: "Agent add" has no Accountable']),
    ],
)  # fmt: skip
def test_rasci_flags_of_a_linked_step(letters, messages):
    found = flow_checks.check([linked(letters)]).get(30, [])
    assert len(found) == len(messages) and all(m.startswith(e) for m, e in zip(found, messages, strict=True))


THREE_LANES = [*LANES, LaneIn(3, "EXS", "Executive")]
BRANCHES = ["yes", "no answer in 10 min", "escalate to the vendor", "caller hung up"]


def decision_flow(branch_lanes, *, then_lane=1):
    """A decision in the first lane leading to a branch in each lane given, each branch going on to one last step."""
    n = len(branch_lanes)
    last = n + 2
    return [
        StepIn(1, 1, 1, "decision", "Answered?", next_ids=tuple(range(2, n + 2))),
        *(StepIn(i + 2, lane, i + 2, "task", f"Branch {i}", when=BRANCHES[i % 4], next_ids=(last,))
          for i, lane in enumerate(branch_lanes)),
        StepIn(last, then_lane, last, "task", "Close the ticket"),
    ]  # fmt: skip


def label_overlaps(diagram):
    labels = [e.label_box for e in diagram.edges if e.label]
    boxes = [(b.x, b.y, b.x + b.width, b.y + b.height) for b in diagram.boxes]
    return [
        (a, b) for i, a in enumerate(labels) for b in [*labels[i + 1 :], *boxes] if flows._overlap(a, b)
    ]  # fmt: skip


@pytest.mark.parametrize(
    "branch_lanes",
    [(a, b, c) for a in (1, 2, 3) for b in (1, 2, 3) for c in (1, 2, 3)] + [(2, 2, 2, 2), (1, 2, 3, 1), (3, 3, 1, 2)],
)
def test_the_branches_of_a_decision_are_labelled_without_overlapping(branch_lanes):
    diagram = flows.layout(THREE_LANES, decision_flow(branch_lanes))
    assert sorted(e.label for e in diagram.edges if e.label) == sorted(
        BRANCHES[i % 4] for i in range(len(branch_lanes))
    )
    assert label_overlaps(diagram) == []
    assert all(e.label_box[1] >= 0 and e.label_box[3] <= diagram.height for e in diagram.edges if e.label)


def test_two_branches_into_the_same_lane_used_to_share_one_label_place_and_no_longer_do():
    # 1 → 4 and 1 → 5 both run along the band under the SDK lane (2 and 3 stand in the way in both lanes).
    specs = [
        StepIn(1, 1, 1, "decision", "Answered?", next_ids=(2, 4, 5)), StepIn(2, 1, 2, "task", "a", when="yes",
        next_ids=(3,)), StepIn(3, 2, 3, "task", "b", next_ids=(4,)), StepIn(4, 2, 4, "task", "c", when="no answer"),
        StepIn(5, 2, 5, "task", "d", when="voicemail"),
    ]  # fmt: skip
    diagram = flows.layout(LANES, specs)
    out = [e for e in diagram.edges if e.source == 1 and e.target in (4, 5)]
    assert len({(e.label_x, e.label_y) for e in out}) == 2 and label_overlaps(diagram) == []


def test_a_long_branch_is_cut_to_fit():
    when = "the caller asked for a call back tomorrow morning"
    specs = [StepIn(1, 1, 1, "decision", "Answered?", next_ids=(2,)), StepIn(2, 2, 2, "task", "Call", when=when)]
    (edge,) = flows.layout(LANES, specs).edges
    assert edge.label == "the caller asked for a…" and len(edge.label) <= flows.LABEL_CHARS
