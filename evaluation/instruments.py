"""The instruments of an evaluation wave, and the registry the waves read them from.

A wave (short-term at completion, mid-term at ~90 days, long-term at ~365 days; see
`evaluation.waves`) asks people to do a few things, each an *instrument* of one Kirkpatrick
level: a satisfaction survey (L1, the learner), a retention re-test (L2, the learner), an
on-the-job observation checklist (L3, the supervisor) and a self-assessment (L3, the learner).
KPIs (L4) are imported, not asked for.

Each instrument registers itself here (in its module's `AppConfig.ready`) and answers, for
one wave of one person's course (anything with `person`, `course` — the course page — and
`wave` attributes, e.g. a `WaveInstance`):

- `applies(wave_of)`: whether this wave of this course asks for it (the course's plan may
  switch it off, or the course may have nothing to re-test);
- `url(wave_of)`: where the person who must do it goes to do it;
- `done(wave_of)`: whether it is done, read from the learning record (every instrument's
  result is a record tagged with its wave, written by `training.records.record_result`);
- `revisable`: whether, once done, it may be done again while the wave is open (filing an
  observation again replaces the first; a survey submitted or a re-test taken is final): the
  task lists keep linking it.

The waves open, assign, remind and close without knowing what an instrument is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class WaveOf(Protocol):
    """One wave of one person's course: what an instrument is asked about."""

    person: Any  # the learner (training.models.User)
    course: Any  # the course page (wagtailcore.Page)
    wave: str  # training.models.EvaluationWave value


@dataclass(frozen=True)
class Instrument:
    key: str  # "survey", "retest", "observation", "self_assessment"
    label: Any  # in words, for people (a lazy translation)
    level: int  # Kirkpatrick level, 1–4
    who: str  # "learner" or "supervisor": who is asked to do it
    applies: Any  # Callable[[WaveOf], bool]
    url: Any  # Callable[[WaveOf], str]
    done: Any  # Callable[[WaveOf], bool]
    revisable: bool = False  # done, it may be done again while the wave is open


_registry: dict[str, Instrument] = {}


def instrument_register(instrument: Instrument) -> None:
    """Called once by the module that provides the instrument (registering again replaces)."""
    if instrument.who not in {"learner", "supervisor"}:
        raise ValueError(f"An instrument is done by the learner or a supervisor: {instrument.who}")
    if instrument.level not in {1, 2, 3, 4}:
        raise ValueError(f"Kirkpatrick levels are 1 to 4: {instrument.level}")
    _registry[instrument.key] = instrument


def instruments() -> list[Instrument]:
    """The registered instruments, by level then key."""
    return sorted(_registry.values(), key=lambda i: (i.level, i.key))


def instruments_for(wave_of: WaveOf) -> list[Instrument]:
    """The instruments this wave of this course asks for."""
    return [instrument for instrument in instruments() if instrument.applies(wave_of)]
