"""Level 1, reaction: which survey a wave asks, a learner's answers kept as they type, and
the one learning record written when they submit.

The record (kind `survey`): `activity` is the survey form (so "every answer to this survey"
is one read), `course` is the course page (reports group by it), `wave` the wave asked,
`score` the mean 1–5 rating normalised to 0–1 (`(mean − 1) / 4`; None without a rating),
`passed` True (a survey is answered, not passed), and `details` as
`training.record_details.SurveyDetails` says: each answer with its question's key, text,
kind and dimension as they were asked, the mean rating per dimension, the would-recommend
score. An edited survey leaves earlier answers readable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.survey_models import (
    BuiltinSurvey,
    CourseSurvey,
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from training.models import EvaluationWave, RecordKind, User
from training.records import course_results, record_result

LIKERT_SCALE = 5
RECOMMEND_MAX = 10
TEXT_MAX = 2000
FIELD_PREFIX = "q-"


def builtin_survey(kind: BuiltinSurvey) -> Survey | None:
    return Survey.objects.filter(builtin=kind).first()


def survey_for(course: Any, wave: str) -> Survey | None:
    """The survey form `wave` of `course` uses: at the short-term wave the course's survey
    (the built-in end-of-training survey unless a trainer chose another); at the mid- and
    long-term waves the course's follow-up survey (the built-in "still useful?" survey unless
    a trainer chose another). *Whether* a wave asks for a survey at all is the course's
    evaluation plan's to say (`EvaluationPlan`, "survey" among the wave's instruments)."""
    if wave not in (EvaluationWave.SHORT_TERM, EvaluationWave.MID_TERM, EvaluationWave.LONG_TERM):
        return None
    mapping = (
        CourseSurvey.objects.filter(course_id=course.pk)
        .select_related("survey", "long_term_survey")
        .first()
    )
    if wave == EvaluationWave.SHORT_TERM:
        return mapping.survey if mapping else builtin_survey(BuiltinSurvey.REACTION)
    if mapping is not None and mapping.long_term_survey is not None:
        return mapping.long_term_survey
    return builtin_survey(BuiltinSurvey.STILL_USEFUL)


def response_for(*, person: User, course: Any, wave: str) -> SurveyResponse | None:
    """The person's answers to this wave's survey (a draft or submitted), if they began."""
    return (
        SurveyResponse.objects.select_related("survey")
        .filter(person=person, course_id=course.pk, wave=wave)
        .first()
    )


def field_name(question: SurveyQuestion) -> str:
    return f"{FIELD_PREFIX}{question.key}"


def answers_from_form(survey: Survey, data: Mapping[str, str]) -> dict[str, Any]:
    """The answers in a posted form, by question key: ratings as numbers, text stripped; a
    question left blank is left out. Raises ValidationError naming every bad value (a
    rating off the scale, text too long): nothing of such a form is taken."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in survey.questions.all():
        raw = str(data.get(field_name(question), "")).strip()
        if not raw:
            continue
        if question.kind == QuestionKind.TEXT:
            if len(raw) > TEXT_MAX:
                errors[question.key] = _("At most %(n)s characters.") % {"n": TEXT_MAX}
            else:
                answers[question.key] = raw
            continue
        low, high = (1, LIKERT_SCALE) if question.kind == QuestionKind.LIKERT else (0, 10)
        if not raw.isdigit() or not low <= int(raw) <= high:
            errors[question.key] = _("Choose a number from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
        else:
            answers[question.key] = int(raw)
    if errors:
        raise ValidationError(errors)
    return answers


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    response: SurveyResponse
    message: str = ""


@transaction.atomic
def survey_save(
    *, person: User, course: Any, wave: str, survey: Survey, answers: dict[str, Any]
) -> SaveResult:
    """Keep the learner's answers so far (the whole form: what is not given is cleared).
    After they submitted, nothing changes."""
    response, _created = SurveyResponse.objects.get_or_create(
        person=person, course_id=course.pk, wave=wave, defaults={"survey": survey}
    )
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if response.submitted_at is not None:
        return SaveResult(False, response, _("This survey has been submitted already."))
    response.answers = answers
    response.saved_at = timezone.now()
    response.save(update_fields=["answers", "saved_at"])
    return SaveResult(True, response)


def missing_answers(survey: Survey, answers: Mapping[str, Any]) -> dict[str, str]:
    return {
        question.key: _("This question needs an answer.")
        for question in survey.questions.all()
        if question.required and question.key not in answers
    }


def survey_details(survey: Survey, answers: Mapping[str, Any]) -> dict[str, Any]:
    """What the learning record keeps of these answers (SurveyDetails), with each question's
    text as it was asked."""
    listed: list[dict[str, Any]] = []
    by_dimension: dict[str, list[int]] = {}
    recommend = None
    for question in survey.questions.all():
        if question.key not in answers:
            continue
        value = answers[question.key]
        if isinstance(value, bool) or not isinstance(
            value, str if question.kind == QuestionKind.TEXT else int
        ):
            continue  # kept under an earlier kind of the question: not an answer to it now
        answer = {"question": question.key, "text": question.text, "kind": question.kind}
        if question.kind == QuestionKind.LIKERT:
            answer["dimension"] = question.dimension
            answer["rating"] = value
            by_dimension.setdefault(question.dimension, []).append(value)
        elif question.kind == QuestionKind.RECOMMEND:
            answer["rating"] = value
            recommend = value
        else:
            answer["comment"] = value
        listed.append(answer)
    return {
        "survey": survey.pk,
        "scale": LIKERT_SCALE,
        "answers": listed,
        "dimensions": {dim: round(fmean(values), 4) for dim, values in by_dimension.items()},
        "recommend": recommend,
    }


def survey_score(details: Mapping[str, Any]) -> float | None:
    """The mean 1–5 rating, normalised to 0–1; None when no rating was given."""
    ratings = [a["rating"] for a in details["answers"] if a.get("kind") == QuestionKind.LIKERT]
    if not ratings:
        return None
    return (fmean(ratings) - 1) / (LIKERT_SCALE - 1)


def survey_submit(
    *,
    person: User,
    course: Any,
    wave: str,
    survey: Survey,
    answers: dict[str, Any] | None = None,
):
    """Submit the learner's answers (these last ones, when given) and write the one learning
    record of this survey. Idempotent: a survey submitted already is not submitted again
    and its record is returned. Raises ValidationError (by question key) when a required
    question has no answer; then nothing is submitted, though the answers are kept."""
    if answers is not None:
        survey_save(person=person, course=course, wave=wave, survey=survey, answers=answers)
    with transaction.atomic():
        response, _created = SurveyResponse.objects.get_or_create(
            person=person, course_id=course.pk, wave=wave, defaults={"survey": survey}
        )
        response = (
            SurveyResponse.objects.select_for_update().select_related("survey").get(pk=response.pk)
        )
        if response.submitted_at is not None:
            kept = course_results(user=person, course=course, kind=RecordKind.SURVEY, wave=wave)
            if kept:
                return kept[-1]
            return survey_record(response)  # submitted, its record lost: written again
        # The survey the learner began, even if the course has changed it since.
        missing = missing_answers(response.survey, response.answers)
        if missing:
            raise ValidationError(missing)
        response.submitted_at = timezone.now()
        response.save(update_fields=["submitted_at"])
        return survey_record(response)


def survey_record(response: SurveyResponse):
    """Write the learning record of a submitted response, dated when it was submitted.
    Recording the same response again updates its one record (record_result's source)."""
    details = survey_details(response.survey, response.answers)
    return record_result(
        user=response.person,
        source=response,
        kind=RecordKind.SURVEY,
        activity=response.survey,
        activity_title=response.survey.name,
        course=response.course,
        completed_at=response.submitted_at,
        score=survey_score(details),
        passed=True,
        details=details,
        wave=response.wave,
    )
