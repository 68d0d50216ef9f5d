"""Reads for pages showing behaviour at work: the supervisor–self gaps of one person and the
instruments waiting for someone. Every read takes the viewing user (training.access)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluation.behaviour import GapRow, observation_gap
from evaluation.instruments import Instrument, instruments_for
from evaluation.wave_gate import open_waves_for
from training.access import can_view_user
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


@dataclass(frozen=True)
class Waiting:
    instrument: Instrument
    course: Any
    wave: EvaluationWave
    url: str
    done: bool


@dataclass(frozen=True)
class _WaveOf:
    person: Any
    course: Any
    wave: str


def open_instruments(*, viewer: User, person: User, who: str) -> list[Waiting]:
    """The instruments `who` ("learner" or "supervisor") is asked for in the waves open now
    for `person` (`evaluation.wave_gate.open_waves_for`), done or not. Nothing for a person
    the viewer may not see."""
    if not can_view_user(viewer, person):
        return []
    found = []
    for course, wave in open_waves_for(person):
        wave_of = _WaveOf(person, course, wave)
        for instrument in instruments_for(wave_of):
            if instrument.who == who:
                url, done = instrument.url(wave_of), instrument.done(wave_of)
                found.append(Waiting(instrument, course, EvaluationWave(wave), url, done))
    return found
