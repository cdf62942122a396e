"""The readiness survey's pure rules: an answer sheet is taken whole or not at all; results under 5 are hidden."""

import pytest

from people import survey

ALL_AGREE = {q.key: 3 for q in survey.QUESTIONS}


def test_a_complete_sheet_is_taken():
    assert survey.check_answers({**ALL_AGREE, "culture_5": "5"})["culture_5"] == survey.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"salary_1": 4}, "__all__"),  # an unknown question
        ({"comms_1": 6}, "comms_1"),  # an unknown answer
        ({"comms_1": 0}, "comms_1"),
        ({"comms_1": "agree"}, "comms_1"),
        ({"comms_1": ""}, "comms_1"),  # unanswered
    ],
)
def test_an_unknown_question_or_answer_refuses_the_whole_sheet(change, named):
    with pytest.raises(survey.AnswerError) as refused:
        survey.check_answers({**ALL_AGREE, **change})
    assert named in refused.value.errors


def test_a_missing_answer_refuses_the_sheet():
    partial = dict(ALL_AGREE)
    del partial["leadership_3"]
    with pytest.raises(survey.AnswerError) as refused:
        survey.check_answers(partial)
    assert list(refused.value.errors) == ["leadership_3"]


def sheets(n, *, group="Agents", value=3, na=False):
    answers = {**{q.key: value for q in survey.QUESTIONS}, **({"leadership_1": 5} if na else {})}
    return [survey.Sheet({"group": group}, answers) for _ in range(n)]


@pytest.mark.parametrize(("n", "hidden"), [(0, True), (1, True), (4, True), (5, False), (12, False)])
def test_results_of_fewer_than_five_responses_are_hidden(n, hidden):
    cells = survey.category_means(sheets(n))
    assert all(cell.hidden is hidden for cell in cells.values())
    assert all((cell.mean is None) is hidden for cell in cells.values())


def test_not_applicable_is_left_out_of_the_mean():
    data = sheets(5, value=2, na=True)
    # leadership: 1 N/A + 2 answers of 2 per sheet → mean 2, not (5 + 2 + 2) / 3
    assert survey.category_means(data)["leadership"].mean == 2.0


def test_each_slice_is_hidden_on_its_own():
    rows = {row.label: row for row in survey.results_by(sheets(6, group="Agents") + sheets(3, group="WFM"), "group")}
    assert not rows["Agents"].hidden and rows["Agents"].cells["culture"].mean == 3.0
    assert rows["WFM"].hidden and rows["WFM"].cells["culture"].mean is None
    assert rows["WFM"].responses == 3
