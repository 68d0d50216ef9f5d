"""Reads for pages showing behaviour at work: the supervisor–self gaps of one person. Every
read takes the viewing user (training.access). What each open wave still asks of someone is
read from the waves (`evaluation.wave_selectors`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluation.behaviour import GapRow, observation_gap
from training.models import EvaluationWave, RecordKind, User
from training.records import wave_results


@dataclass(frozen=True)
class WaveGap:
    course: Any  # the course page
    wave: EvaluationWave
    rows: list[GapRow]
    supervisor_score: float | None
    supervisor_passed: bool | None
    self_score: float | None
    observed_at: Any  # when the latest of the two was filed
    has_supervisor: bool  # a supervisor's observation was filed
    has_self: bool  # the agent's self-assessment was filed


def behaviour_gaps(*, viewer: User, person: User) -> list[WaveGap]:
    """For each course and wave with an observation or a self-assessment of `person`, the
    latest of each and the gap per behaviour, newest first. Certification's sign-offs (no
    wave) are not among them."""
    latest: dict[tuple[int, str], dict[str, Any]] = {}
    for record in wave_results(viewer=viewer, person=person, kind=RecordKind.OBSERVATION):
        role = record.details.get("role", "supervisor")
        latest.setdefault((record.course_id, record.wave), {}).setdefault(role, record)
    gaps = []
    for (_course_id, wave), pair in latest.items():
        supervisor, own = pair.get("supervisor"), pair.get("self")
        any_record = supervisor or own
        gaps.append(
            WaveGap(
                course=any_record.course,
                wave=EvaluationWave(wave),
                rows=observation_gap(
                    supervisor.details if supervisor else None, own.details if own else None
                ),
                supervisor_score=supervisor.score if supervisor else None,
                supervisor_passed=supervisor.passed if supervisor else None,
                self_score=own.score if own else None,
                observed_at=max(r.completed_at for r in pair.values()),
                has_supervisor=supervisor is not None,
                has_self=own is not None,
            )
        )
    return sorted(gaps, key=lambda gap: gap.observed_at, reverse=True)
