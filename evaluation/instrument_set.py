"""The survey (L1), the supervisor's observation and the agent's self-assessment (L3) as
instruments of the evaluation waves (`evaluation.instruments`), registered when the app
starts. Each is done when a record of its kind, course and wave exists for the person
(read through `training.records.course_results`). Whether a wave asks for one is the course's
evaluation plan's to say (`evaluation.waves.wave_instruments`); `applies` only says whether
the course has what it takes (a survey form; the observed waves)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluation.instruments import Instrument, WaveOf, instrument_register
from evaluation.observations import OBSERVED_WAVES
from evaluation.surveys import survey_for
from training.models import RecordKind
from training.records import course_results


def _survey_applies(wave_of: WaveOf) -> bool:
    # A form exists for every wave (the course's or the built-in one); the plan switches.
    return survey_for(wave_of.course, wave_of.wave) is not None


def _survey_url(wave_of: WaveOf) -> str:
    return reverse("evaluation_survey", args=[wave_of.course.pk, wave_of.wave])


def _records(wave_of: WaveOf, kind: str) -> list:
    return course_results(user=wave_of.person, course=wave_of.course, kind=kind, wave=wave_of.wave)


def _survey_done(wave_of: WaveOf) -> bool:
    return bool(_records(wave_of, RecordKind.SURVEY))


def _observed_wave(wave_of: WaveOf) -> bool:
    return wave_of.wave in OBSERVED_WAVES


def _role(record) -> str:
    return record.details.get("role", "supervisor")


def _observation_done(wave_of: WaveOf) -> bool:
    return any(_role(r) == "supervisor" for r in _records(wave_of, RecordKind.OBSERVATION))


def _self_assessment_done(wave_of: WaveOf) -> bool:
    return any(_role(r) == "self" for r in _records(wave_of, RecordKind.OBSERVATION))


def _observation_url(wave_of: WaveOf) -> str:
    return reverse(
        "evaluation_observation", args=[wave_of.person.pk, wave_of.course.pk, wave_of.wave]
    )


def _self_assessment_url(wave_of: WaveOf) -> str:
    return reverse("evaluation_self_assessment", args=[wave_of.course.pk, wave_of.wave])


SURVEY = Instrument(
    key="survey",
    label=_("Satisfaction survey"),
    level=1,
    who="learner",
    applies=_survey_applies,
    url=_survey_url,
    done=_survey_done,
)
OBSERVATION = Instrument(
    key="observation",
    label=_("On-the-job observation"),
    level=3,
    who="supervisor",
    applies=_observed_wave,
    url=_observation_url,
    done=_observation_done,
    revisable=True,  # filing again replaces the first (evaluation.observations)
)
SELF_ASSESSMENT = Instrument(
    key="self_assessment",
    label=_("Self-assessment"),
    level=3,
    who="learner",
    applies=_observed_wave,
    url=_self_assessment_url,
    done=_self_assessment_done,
    revisable=True,  # filing again replaces the first (evaluation.observations)
)


def register_instruments() -> None:
    for instrument in (SURVEY, OBSERVATION, SELF_ASSESSMENT):
        instrument_register(instrument)
