"""The report figures on known data: satisfaction per dimension, the share satisfied and the
NPS-style recommend score, transfer (L3 pass rate) and the gap — each with its n (response
rates: test_waves)."""

import pytest

from evaluation.behaviour import observation_gap, transfer
from evaluation.reaction import satisfaction


def survey(*ratings, recommend=None):
    dims = ["content", "format", "trainer", "usefulness"]
    answers = [
        {"question": f"q{i}", "kind": "likert", "dimension": dims[i], "rating": rating}
        for i, rating in enumerate(ratings)
    ]
    answers.append({"question": "free", "kind": "text", "comment": "好"})
    return {"answers": answers, "recommend": recommend}


def test_satisfaction_on_known_answers():
    result = satisfaction(
        [
            survey(5, 5, 4, 4, recommend=10),  # mean 4.5: satisfied, promoter
            survey(3, 4, 4, 5, recommend=9),  # mean 4: satisfied, promoter
            survey(2, 3, 3, 2, recommend=5),  # mean 2.5: detractor
            survey(recommend=7),  # no rating: passive
        ]
    )
    assert result.n == 4
    assert result.dimensions == {
        "content": pytest.approx(10 / 3),
        "format": 4.0,
        "trainer": pytest.approx(11 / 3),
        "usefulness": pytest.approx(11 / 3),
    }
    assert result.dimension_n["content"] == 3
    assert result.satisfied == pytest.approx(2 / 3) and result.satisfied_n == 3
    assert result.nps == pytest.approx((2 - 1) / 4) and result.recommend_n == 4


def test_satisfaction_of_nothing_is_unknown_not_zero():
    result = satisfaction([])
    assert result.n == 0 and result.satisfied is None and result.nps is None
    assert result.dimensions == {}


def test_transfer_counts_supervisors_verdicts_only():
    result = transfer([True, False, True, None, True])
    assert (result.n, result.passed, result.rate) == (4, 3, 0.75)
    assert transfer([]).rate is None


def test_the_gap_per_behaviour():
    supervisor = {
        "criteria": {"a": 1.0, "b": 0.0, "c": None, "d": 0.5},
        "behaviours": {"a": "使用标准问候语", "b": "按退款政策处理", "c": "x", "d": "y"},
    }
    own = {
        "criteria": {"a": 1.0, "b": 1.0, "c": 0.5, "d": 0.0, "e": 1.0},
        "behaviours": {"e": "新"},
    }
    rows = observation_gap(supervisor, own)
    assert [(r.behaviour, r.supervisor, r.self, r.difference) for r in rows] == [
        ("使用标准问候语", 1.0, 1.0, 0.0),
        ("按退款政策处理", 0.0, 1.0, 1.0),
        ("x", None, 0.5, None),
        ("y", 0.5, 0.0, -0.5),
        ("新", None, 1.0, None),
    ]
    assert [r.self for r in observation_gap(supervisor, None)] == [None] * 4
