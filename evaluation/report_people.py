"""The evaluation report's agents: per person of the cohort, their end score and re-tests,
and per wave what it asked of them and whether each was done — read from the records the
report already holds (as `Instrument.done` reads them), never one query per person."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from evaluation.instruments import instruments
from evaluation.levels import mean_retention
from evaluation.plans import LONG, MID, WAVES
from training.models import RecordKind, User


@dataclass(frozen=True)
class PersonWave:
    status: str  # the WaveInstance's status, "" when the person has no such wave
    instruments: dict[str, bool]  # instrument key -> done, for what the wave asks


@dataclass(frozen=True)
class PersonRow:
    """One agent of the cohort, for the drill-down."""

    person: User
    team_name: str
    completed_on: datetime.date
    end_score: float | None
    retest: dict[str, float | None]  # wave -> mean re-test score
    retention: dict[str, float | None]  # wave -> mean retention over the quizzes
    waves: dict[str, PersonWave]


# --- per person ----------------------------------------------------------------------------


def _quiz_scores(rows):
    """End score per quiz (its first passing record) and first re-take per quiz and wave."""
    ends: dict[str, float | None] = {}
    retakes: dict[tuple[str, str], float | None] = {}
    for _user, kind, wave, activity, score, passed, _details, _when in rows:
        if kind != RecordKind.QUIZ or not activity:
            continue
        if passed and activity not in ends:
            ends[activity] = score
        elif wave in (MID, LONG) and activity in ends:
            retakes.setdefault((activity, wave), score)
    return ends, retakes


def _done(key, wave, rows, ends, retakes) -> bool:
    if key == "survey":
        return any(r[1] == RecordKind.SURVEY and r[2] == wave for r in rows)
    if key in ("observation", "self_assessment"):
        role = "supervisor" if key == "observation" else "self"
        return any(
            r[1] == RecordKind.OBSERVATION
            and r[2] == wave
            and (r[6] or {}).get("role", "supervisor") == role
            for r in rows
        )
    if key == "retest":
        return bool(ends) and all((a, wave) in retakes for a in ends)
    return False


def _asks(key, wave, plan_keys, ends) -> bool:
    if key not in plan_keys:
        return False
    if key == "retest":
        return wave in (MID, LONG) and bool(ends)
    if key in ("observation", "self_assessment"):
        return wave in (MID, LONG)
    return True


def people_rows(ids, cohort, profiles, by_person, instances, plan) -> list[PersonRow]:
    keys = [i.key for i in instruments()]
    plan_keys = {wave: set(plan.instrument_keys(wave)) for wave in WAVES}
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    people = []
    for pk in ids:
        rows = by_person.get(pk, [])
        ends, retakes = _quiz_scores(rows)
        profile = profiles.get(pk)
        person_waves = {}
        for wave in WAVES:
            instance = instances.get((pk, wave))
            person_waves[wave] = PersonWave(
                status=instance.status if instance else "",
                instruments={
                    key: _done(key, wave, rows, ends, retakes)
                    for key in keys
                    if _asks(key, wave, plan_keys[wave], ends)
                },
            )
        end_values = [v for v in ends.values() if v is not None]
        retest, kept = {}, {}
        for wave in (MID, LONG):
            values = [retakes[(a, wave)] for a in ends if retakes.get((a, wave)) is not None]
            retest[wave] = statistics.fmean(values) if values else None
            kept[wave] = mean_retention((ends[a], retakes.get((a, wave))) for a in ends)
        people.append(
            PersonRow(
                person=profile.user if profile else users[pk],
                team_name=profile.team.name if profile and profile.team else "",
                completed_on=cohort[pk],
                end_score=statistics.fmean(end_values) if end_values else None,
                retest=retest,
                retention=kept,
                waves=person_waves,
            )
        )
    return people
