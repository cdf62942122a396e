"""ADKAR (DOMAIN §6.1, rule 9): the barrier point and the tactic, as tables."""

import pytest

from people import adkar


@pytest.mark.parametrize(
    ("scores", "element", "score"),
    [
        ((5, 5, 5, 5, 5), None, None),
        ((4, 4, 4, 4, 4), None, None),  # 4 is not a barrier
        ((3, 5, 5, 5, 5), "awareness", 3),  # 3 is
        ((1, 1, 1, 1, 1), "awareness", 1),
        ((5, 2, 1, 1, 1), "desire", 2),  # the first one, not the lowest
        ((4, 4, 1, 5, 5), "knowledge", 1),
        ((5, 5, 5, 3, 1), "ability", 3),
        ((5, 5, 5, 5, 3), "reinforcement", 3),
        ((4, 5, 4, 5, 2), "reinforcement", 2),
    ],
)
def test_the_barrier_point_is_the_first_element_at_3_or_less(scores, element, score):
    barrier = adkar.barrier_point(scores)
    found = (barrier.element, barrier.score) if barrier else (None, None)
    assert found == (element, score)


@pytest.mark.parametrize(
    ("scores", "starts_with"),
    [
        ((2, 5, 5, 5, 5), "Communication and sponsor actions"),  # A
        ((5, 3, 5, 5, 5), "Communication and sponsor actions"),  # D
        ((5, 4, 2, 5, 5), "Training"),  # K
        ((5, 4, 4, 1, 5), "Coaching and practice"),  # A
        ((5, 4, 4, 4, 3), "Recognition and QM reinforcement"),  # R
        ((5, 5, 5, 5, 5), "No barrier"),
    ],
)
def test_the_recommended_tactic_follows_the_element(scores, starts_with):
    assert adkar.recommended_tactic(scores).startswith(starts_with)


def test_scores_by_name_give_the_same_barrier():
    named = dict(zip(adkar.ELEMENTS, (5, 4, 3, 1, 1), strict=True))
    assert adkar.barrier_point(named) == adkar.Barrier("knowledge", 3)


@pytest.mark.parametrize(
    ("scores", "named"),
    [
        ({"awareness": 6}, "awareness"),
        ({"desire": 0}, "desire"),
        ({"knowledge": -1}, "knowledge"),
        ({"ability": "five"}, "ability"),
        ({"reinforcement": None}, "reinforcement"),
        ({"ability": 2.5}, "ability"),
        ({"awareness": True}, "awareness"),
    ],
)
def test_scores_out_of_range_are_refused_with_the_element_named(scores, named):
    valid = dict.fromkeys(adkar.ELEMENTS, 3)
    with pytest.raises(adkar.ScoreError) as refused:
        adkar.check_scores({**valid, **scores})
    assert set(refused.value.errors) == {named}
    assert adkar.LABELS[named] in str(refused.value)


def test_in_range_scores_are_kept_as_numbers():
    assert adkar.check_scores({e: str(n) for e, n in zip(adkar.ELEMENTS, (1, 2, 3, 4, 5), strict=True)}) == {
        "awareness": 1, "desire": 2, "knowledge": 3, "ability": 4, "reinforcement": 5,
    }  # fmt: skip
