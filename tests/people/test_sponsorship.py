"""Coalition gaps and the sponsor worksheet (DOMAIN §6.2, §9.3 rule 10): table tests of the pure module."""

import pytest

from people import sponsorship
from people.sponsorship import Gap, Node

SUPPORTERS = [
    Node(1, None, "Evelyn (primary sponsor)", "strong_support"),
    Node(2, 1, "Priya", "support"),
    Node(3, 2, "Marcus", "support", group_id=100),
    Node(4, 1, "Daniel (CIO)", "neutral"),
    Node(5, 4, "Omar", "support", group_id=200),
]


def replace(nodes, **changes):
    """The tree with some nodes changed: {id: Node}."""
    return [changes.get(f"n{n.id}", n) for n in nodes]


@pytest.mark.parametrize(
    ("case", "nodes", "groups", "gaps"),
    [
        ("every line supportive or neutral", SUPPORTERS, [100, 200], []),
        (
            "a resistant leader at the bottom",
            replace(SUPPORTERS, n5=Node(5, 4, "Omar", "resistant", group_id=200)),
            [100, 200],
            [(200, "resistant", 5)],
        ),
        (
            "strong resistance higher up breaks every line below it",
            replace(SUPPORTERS, n2=Node(2, 1, "Priya", "strong_resistance")),
            [100, 200],
            [(100, "resistant", 2)],
        ),
        ("a group nobody leads", SUPPORTERS, [100, 200, 300], [(300, "no_leader", None)]),
        (
            "a vacant post on the line",
            replace(SUPPORTERS, n4=Node(4, 1, "", "neutral")),
            [100, 200],
            [(200, "vacant", 4)],
        ),
        (
            "a line that stops before the primary sponsor",
            replace(SUPPORTERS, n4=Node(4, None, "Daniel (CIO)", "support")),
            [100, 200],
            [(200, "broken_line", 4)],
        ),
        (
            "a resistant primary sponsor: every group",
            replace(SUPPORTERS, n1=Node(1, None, "Evelyn", "resistant")),
            [100, 200],
            [(100, "resistant", 1), (200, "resistant", 1)],
        ),
        ("no diagram at all", [], [100], [(100, "no_leader", None)]),
        ("no impacted groups: no gaps", SUPPORTERS, [], []),
        (
            "the first fault from the bottom up is named",
            replace(SUPPORTERS, n5=Node(5, 4, "Omar", "resistant", group_id=200), n4=Node(4, 1, "", "neutral")),
            [200],
            [(200, "resistant", 5)],
        ),
        (
            "a group seen by two leaders, one resistant",
            [*SUPPORTERS, Node(6, 2, "Aisha", "resistant", group_id=100)],
            [100],
            [(100, "resistant", 6)],
        ),
    ],
)
def test_coalition_gaps(case, nodes, groups, gaps):
    found = sponsorship.coalition_gaps(nodes, groups)
    assert [(g.group_id, g.reason, g.node_id) for g in found] == gaps, case


def test_a_loop_in_the_parents_does_not_hang_and_counts_as_a_broken_line():
    nodes = [Node(1, 2, "A", "support", group_id=100), Node(2, 1, "B", "support")]
    assert [g.reason for g in sponsorship.coalition_gaps(nodes, [100])] == ["broken_line"]


def test_the_gap_says_who_and_why():
    nodes = replace(SUPPORTERS, n5=Node(5, 4, "Omar", "strong_resistance", group_id=200))
    assert sponsorship.coalition_gaps(nodes, [200]) == [Gap(200, "resistant", 5, "Omar is strong resistance")]


CRITERIA = [name for name, _ in sponsorship.CRITERIA]


@pytest.mark.parametrize(
    ("scores", "total", "below"),
    [
        ([10] * 10, 100, False),
        ([0] * 10, 0, True),
        ([7] * 10, 70, True),
        ([10, 7, 7, 7, 7, 7, 7, 7, 7, 10], 76, False),
        ([10, 7, 7, 7, 7, 7, 7, 7, 5, 10], 74, True),
        ([10, 5, 10, 5, 10, 5, 10, 5, 10, 5], 75, False),  # exactly 75: selected
        ([10, 7, 7, 5, 5, 5, 5, 7, 5, 5], 61, True),  # the demo's CIO
    ],
)
def test_worksheet_total_and_the_75_threshold(scores, total, below):
    assert sponsorship.worksheet_total(dict(zip(CRITERIA, scores, strict=True))) == total
    assert sponsorship.below_threshold(total) is below


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (dict(zip(CRITERIA, [10] * 9, strict=False)), "Not rated: communicates"),
        ({**dict.fromkeys(CRITERIA, 10), "advocacy": 8}, "outside 0/5/7/10: advocacy"),
    ],
)
def test_worksheet_refuses_missing_or_off_scale_ratings(scores, message):
    with pytest.raises(ValueError, match=message):
        sponsorship.worksheet_total(scores)
