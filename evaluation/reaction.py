"""Level 1 for reports: satisfaction from survey records. Pure functions over record details
and counts; no database.

- Satisfaction, over the surveys given (each a survey record's details,
  `training.record_details.SurveyDetails`): the mean rating (1–5) per dimension over every
  rating of it; `satisfied` = the share of respondents whose own mean rating is 4 or more
  (respondents without a rating are left out of it); the would-recommend score NPS-style:
  promoters (9–10) minus detractors (0–6), as a share of those who answered it, from −1 to
  1. Each figure comes with the n it was computed from.

Each instrument's response rate is the waves' (`evaluation.levels.response_rate`,
`evaluation.wave_selectors.wave_response_rates`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

SATISFIED_FROM = 4  # a mean rating of 4 ("agree") or more
PROMOTER_FROM, DETRACTOR_UP_TO = 9, 6


@dataclass(frozen=True)
class Satisfaction:
    n: int  # surveys
    dimensions: dict[str, float]  # dimension -> mean rating 1–5
    dimension_n: dict[str, int]  # dimension -> ratings counted
    satisfied: float | None  # share of respondents with a mean rating >= 4
    satisfied_n: int  # respondents with at least one rating
    nps: float | None  # promoters − detractors, as a share (−1..1)
    recommend_n: int  # respondents who gave a would-recommend score


def satisfaction(surveys: Iterable[Mapping[str, Any]]) -> Satisfaction:
    n = 0
    by_dimension: dict[str, list[int]] = {}
    means: list[float] = []
    recommends: list[int] = []
    for details in surveys:
        n += 1
        ratings = []
        for answer in details.get("answers", []):
            if answer.get("kind") == "likert" and answer.get("rating") is not None:
                ratings.append(answer["rating"])
                by_dimension.setdefault(answer.get("dimension") or "other", []).append(
                    answer["rating"]
                )
        if ratings:
            means.append(fmean(ratings))
        if details.get("recommend") is not None:
            recommends.append(details["recommend"])
    promoters = sum(1 for score in recommends if score >= PROMOTER_FROM)
    detractors = sum(1 for score in recommends if score <= DETRACTOR_UP_TO)
    return Satisfaction(
        n=n,
        dimensions={dim: fmean(values) for dim, values in by_dimension.items()},
        dimension_n={dim: len(values) for dim, values in by_dimension.items()},
        satisfied=(
            sum(1 for mean in means if mean >= SATISFIED_FROM) / len(means) if means else None
        ),
        satisfied_n=len(means),
        nps=(promoters - detractors) / len(recommends) if recommends else None,
        recommend_n=len(recommends),
    )
