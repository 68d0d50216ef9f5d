"""The Kirkpatrick levels' small computations, pure (no database), for the reports.

Level 2, retention: how much of what was learned is still there months later. The end score
is the score of the end-of-course assessment (the attempt that passed it); the re-test score
that of the same assessment re-taken in the mid-term or long-term wave, its questions drawn
afresh from the same bank.

    retention = re-test score ÷ end score

1.0 means everything kept, 0.8 a fifth lost; above 1.0 is possible (learned more on the job).
There is none without an end score above zero or without a re-test.
"""

from __future__ import annotations

from collections.abc import Iterable


def retention(end_score: float | None, retest_score: float | None) -> float | None:
    """Re-test score ÷ end score (both fractions 0–1); None when either is missing or the end
    score is zero."""
    if end_score is None or retest_score is None:
        return None
    if not 0 <= end_score <= 1 or not 0 <= retest_score <= 1:
        raise ValueError("Scores are fractions from 0 to 1.")
    if end_score == 0:
        return None
    return retest_score / end_score


def mean_retention(pairs: Iterable[tuple[float | None, float | None]]) -> float | None:
    """The mean retention over (end score, re-test score) pairs — one per quiz, or one per
    person — leaving out pairs without a retention; None when none has one."""
    values = [r for end, retest in pairs if (r := retention(end, retest)) is not None]
    return sum(values) / len(values) if values else None


def response_rate(answered: int, asked: int) -> float | None:
    """The share of what a wave asked that was done by the time it closed (0–1); None when
    nothing was asked. What a closed wave left undone counts as not answered."""
    if answered < 0 or asked < 0 or answered > asked:
        raise ValueError("Answered is between 0 and the number asked.")
    return answered / asked if asked else None
