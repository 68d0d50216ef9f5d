"""Item analysis matches Moodle's formulas on a small matrix computed by hand."""

import math

import pytest

from quizzes.statistics import item_analysis

# Four attempts, three questions worth 1, 1 and 2 marks.
MARKS = [
    [1, 1, 2],  # total 4
    [1, 0, 1],  # total 2
    [0, 1, 1],  # total 2
    [0, 0, 0],  # total 0
]
MAX_MARKS = [1, 1, 2]


@pytest.fixture
def stats():
    return item_analysis(MARKS, MAX_MARKS, pass_mark=2)


def test_question_one_by_hand(stats):
    q1 = stats.questions[0]
    # x = [1,1,0,0]: mean 0.5, var = 4·0.25/3 = 1/3.
    assert q1.facility == pytest.approx(0.5)
    assert q1.sd == pytest.approx(math.sqrt(1 / 3))
    # R = T − x = [3,1,2,0]: var 5/3, cov(x,R) = 1/3 → 100·(1/3)/sqrt(1/3·5/3) = 100/√5.
    assert q1.discrimination_index == pytest.approx(100 / math.sqrt(5))
    # Sorted separately: x [0,0,1,1], R [0,1,2,3] → covmax 2/3 → efficiency 50.
    assert q1.discriminative_efficiency == pytest.approx(50)


def test_weights_by_hand(stats):
    assert [q.intended_weight for q in stats.questions] == pytest.approx([25, 25, 50])
    # cov(x, T) = 2/3, 2/3, 4/3; effective weight = 100·sqrt(cov)/Σ sqrt(cov).
    roots = [math.sqrt(2 / 3), math.sqrt(2 / 3), math.sqrt(4 / 3)]
    expected = [100 * r / sum(roots) for r in roots]
    assert [q.effective_weight for q in stats.questions] == pytest.approx(expected)


def test_quiz_figures_by_hand(stats):
    # Totals [4,2,2,0]: mean 2, median 2, deviations [2,0,0,−2].
    assert (stats.attempts, stats.total_max) == (4, 4)
    assert stats.mean == pytest.approx(2) and stats.median == pytest.approx(2)
    # m2 = 2 → k2 = 4·2/3 = 8/3.
    assert stats.sd == pytest.approx(math.sqrt(8 / 3))
    assert stats.skewness == pytest.approx(0)  # symmetric
    # m4 = 8 → k4 = 16·(5·8 − 3·3·4)/(3·2·1) = 32/3; kurtosis = k4/k2² = 1.5.
    assert stats.kurtosis == pytest.approx(1.5)
    # Σ var(xi) = 1/3 + 1/3 + 2/3 = 4/3 → CIC = 100·3/2·(1 − (4/3)/(8/3)) = 75.
    assert stats.cic == pytest.approx(75)
    assert stats.error_ratio == pytest.approx(50)
    assert stats.standard_error == pytest.approx(0.5 * math.sqrt(8 / 3))
    assert stats.pass_rate == pytest.approx(0.75)
    # 100 %, 50 %, 50 %, 0 % of the total.
    assert stats.histogram == [1, 0, 0, 0, 0, 2, 0, 0, 0, 1]


def test_flags_for_too_easy_too_hard_and_negative_discrimination():
    marks = [
        [1, 0, 0, 1],
        [1, 0, 1, 1],
        [1, 0, 1, 1],
        [1, 1, 0, 0],  # the weakest attempt is the only one right on question 2
        [1, 0, 1, 1],
    ]
    stats = item_analysis(marks, [1, 1, 1, 1])
    easy, hard = stats.questions[0], stats.questions[1]
    assert easy.facility == 1 and "too_easy" in easy.flags
    assert easy.discrimination_index is None  # no variance: Moodle shows nothing
    assert hard.facility == pytest.approx(0.2) and "too_hard" not in hard.flags
    assert hard.discrimination_index < 0 and "negative_discrimination" in hard.flags


def test_too_few_attempts_leave_figures_empty():
    stats = item_analysis([[1, 0]], [1, 1], pass_mark=1)
    assert stats.mean == 1 and stats.sd is None and stats.cic is None
    assert stats.questions[0].facility == 1 and stats.questions[0].discrimination_index is None
    assert stats.pass_rate == 1


@pytest.mark.parametrize(
    "marks", [[[1, 0, 1]], [[1, 5]]], ids=["wrong number of marks", "mark over the maximum"]
)
def test_malformed_matrices_are_refused(marks):
    with pytest.raises(ValueError):
        item_analysis(marks, [1, 1])
