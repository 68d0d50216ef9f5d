"""Item analysis for quizzes, computed the way Moodle's quiz statistics report does.

Pure functions over a marks matrix: rows are the counted attempts, columns the questions,
each cell the mark the attempt got on that question; `max_marks` gives each question's
maximum. No database: the caller picks which attempts count (Moodle's default is each
learner's highest-graded finished attempt; this product counts each learner's first graded
attempt, see `quizzes.analysis`).

Notation, as in Moodle's source: for one question x is its mark in an attempt, T the attempt's
total, R = T − x the rest of the test, s the number of attempts. Variances and covariances
divide by s − 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Flags shown in the question bank (Moodle's report colours the same bands).
TOO_EASY = 0.90  # facility above this: nearly everyone gets it right
TOO_HARD = 0.20  # facility below this
DUBIOUS_EFFICIENCY = 15.0  # discriminative efficiency below this is marked dubious


@dataclass(frozen=True)
class QuestionStatistics:
    facility: float | None  # mean(x) / maxmark, 0–1
    sd: float | None  # SD of x / maxmark, 0–1
    discrimination_index: float | None  # 100 · corr(x, R)
    discriminative_efficiency: float | None  # 100 · cov(x, R) / covmax
    intended_weight: float | None  # 100 · maxmark / Σ maxmarks
    effective_weight: float | None  # 100 · sqrt(cov(x, T)) / Σ sqrt(cov(xj, T))

    @property
    def flags(self) -> list[str]:
        """ "too_easy", "too_hard", "negative_discrimination", "dubious" as they apply."""
        found = []
        if self.facility is not None and self.facility > TOO_EASY:
            found.append("too_easy")
        if self.facility is not None and self.facility < TOO_HARD:
            found.append("too_hard")
        if self.discrimination_index is not None and self.discrimination_index < 0:
            found.append("negative_discrimination")
        if (
            self.discriminative_efficiency is not None
            and self.discriminative_efficiency < DUBIOUS_EFFICIENCY
        ):
            found.append("dubious")
        return found


@dataclass(frozen=True)
class QuizStatistics:
    attempts: int
    total_max: float
    mean: float | None  # of attempt totals, in marks
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None  # coefficient of internal consistency (Cronbach's alpha × 100)
    error_ratio: float | None
    standard_error: float | None  # in marks
    pass_rate: float | None  # share of attempts at or above the pass mark, 0–1
    histogram: list[int]  # attempts per tenth of the total (0–10 %, …, 90–100 %)
    questions: list[QuestionStatistics]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _cov(a: Sequence[float], b: Sequence[float]) -> float:
    """Sample covariance (divides by s − 1)."""
    mean_a, mean_b = _mean(a), _mean(b)
    return sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True)) / (len(a) - 1)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _question(x: list[float], totals: list[float], max_mark: float) -> tuple:
    """Facility, SD, discrimination index and efficiency of one question (Moodle's formulas)."""
    s = len(x)
    if s == 0 or max_mark == 0:
        return None, None, None, None
    facility = _mean(x) / max_mark
    if s < 2:
        return facility, None, None, None
    rest = [t - xi for t, xi in zip(totals, x, strict=True)]
    var_x, var_r, cov_xr = _cov(x, x), _cov(rest, rest), _cov(x, rest)
    sd = math.sqrt(var_x) / max_mark
    discrimination = 100 * cov_xr / math.sqrt(var_x * var_r) if var_x > 0 and var_r > 0 else None
    # covmax: the covariance x and R would have if both were sorted the same way.
    cov_max = _cov(sorted(x), sorted(rest))
    efficiency = 100 * cov_xr / cov_max if cov_max != 0 else None
    return facility, sd, discrimination, efficiency


def item_analysis(
    marks: Sequence[Sequence[float]],
    max_marks: Sequence[float],
    *,
    pass_mark: float | None = None,
) -> QuizStatistics:
    """Per-question and per-quiz statistics of a marks matrix (rows = attempts).

    `pass_mark` is in marks (the same unit as the totals). Figures that Moodle leaves empty
    (too few attempts, zero variance) are None.
    """
    rows = [[float(v) for v in row] for row in marks]
    max_marks = [float(m) for m in max_marks]
    p = len(max_marks)
    if any(len(row) != p for row in rows):
        raise ValueError("Every attempt needs one mark per question.")
    for row in rows:
        for value, maximum in zip(row, max_marks, strict=True):
            if not -maximum <= value <= maximum:  # negative marks exist (penalties)
                raise ValueError(f"A mark of {value} is outside ±{maximum}.")
    s = len(rows)
    total_max = sum(max_marks)
    totals = [sum(row) for row in rows]
    columns = [[row[j] for row in rows] for j in range(p)]

    per_question = [_question(columns[j], totals, max_marks[j]) for j in range(p)]
    cov_with_total = [_cov(columns[j], totals) if s > 1 else None for j in range(p)]
    positive_roots = sum(math.sqrt(c) for c in cov_with_total if c is not None and c >= 0)
    questions = []
    for j, (facility, sd, discrimination, efficiency) in enumerate(per_question):
        cov = cov_with_total[j]
        effective = (
            100 * math.sqrt(cov) / positive_roots
            if cov is not None and cov >= 0 and positive_roots > 0
            else None
        )
        questions.append(
            QuestionStatistics(
                facility=facility,
                sd=sd,
                discrimination_index=discrimination,
                discriminative_efficiency=efficiency,
                intended_weight=100 * max_marks[j] / total_max if total_max else None,
                effective_weight=effective,
            )
        )

    mean = _mean(totals) if s else None
    median = _median(totals) if s else None
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if s > 1:
        deviations = [t - mean for t in totals]
        m2, m3, m4 = (sum(d**r for d in deviations) / s for r in (2, 3, 4))
        k2 = s * m2 / (s - 1)
        if k2 < 1e-9 * max(1.0, total_max**2):
            k2 = 0.0  # every total the same: rounding noise is no variance
        sd = math.sqrt(k2)
        if s > 2 and k2 > 0:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            skewness = k3 / k2**1.5
            if p > 1:
                sum_var = sum(_cov(column, column) for column in columns)
                cic = 100 * p / (p - 1) * (1 - sum_var / k2)
                if 1 - cic / 100 >= 0:
                    error_ratio = 100 * math.sqrt(1 - cic / 100)
                    standard_error = error_ratio * sd / 100
        if s > 3 and k2 > 0:
            k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
            kurtosis = k4 / (k2 * k2)

    histogram = [0] * 10
    for total in totals:
        share = total / total_max if total_max else 0
        histogram[min(9, max(0, int(share * 10)))] += 1
    pass_rate = (
        sum(1 for t in totals if t >= pass_mark) / s if s and pass_mark is not None else None
    )
    return QuizStatistics(
        attempts=s,
        total_max=total_max,
        mean=mean,
        median=median,
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
        pass_rate=pass_rate,
        histogram=histogram,
        questions=questions,
    )


def question_statistics(
    x: Sequence[float], totals: Sequence[float], max_mark: float
) -> QuestionStatistics:
    """One question's figures over any set of attempts (e.g. every quiz that drew it).

    x: the question's mark in each attempt; totals: those attempts' totals (T, with x in it).
    Weights are left empty: they only mean something within one quiz.
    """
    facility, sd, discrimination, efficiency = _question(
        [float(v) for v in x], [float(t) for t in totals], float(max_mark)
    )
    return QuestionStatistics(
        facility=facility,
        sd=sd,
        discrimination_index=discrimination,
        discriminative_efficiency=efficiency,
        intended_weight=None,
        effective_weight=None,
    )
