"""Level 2, the retention re-test: the course's end-of-course assessment taken again in the
mid-term and long-term waves.

For one wave of one person's course, the re-test is every quiz of that course the person
passed (found through the learning record: `quiz` records whose course is the course page);
for a programme, of its assessment course (`evaluation.programmes`).
Each new attempt draws its questions afresh from the quiz's bank (`quizzes.services`), so a
re-test is the same assessment with new draws. The instrument is done when each of those
quizzes has a `quiz` record tagged with the wave (`evaluation.waves.wave_of_retake` tags a
re-take during the wave's window). A quiz that allows no more attempts still lets the person
re-take it once per open wave (`evaluation.waves.retest_gate`, asked by quizzes through
`training.waves.retest_open`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from evaluation.instruments import Instrument, WaveOf, instrument_register
from evaluation.levels import retention
from evaluation.plans import LONG, MID
from evaluation.programmes import retest_course_id
from training.models import RecordKind
from training.records import course_results


@dataclass(frozen=True)
class Retest:
    """One quiz to re-take: its page id, the end score and the re-test's (if taken; a re-test
    awaiting the grading of a written answer is taken, its score provisional)."""

    activity_id: str
    title: str
    end_score: float | None
    retest_score: float | None
    done: bool

    @property
    def retention(self) -> float | None:
        return retention(self.end_score, self.retest_score)


def retests(wave_of: WaveOf) -> list[Retest]:
    """The quizzes of the course the person passed, in the order first passed, each with its
    end score (the first passing attempt) and its first re-take in this wave."""
    if wave_of.wave not in (MID, LONG):
        return []
    # A programme's re-test is its assessment: the quizzes of its last course passed.
    course = retest_course_id(wave_of.person, getattr(wave_of.course, "pk", wave_of.course))
    if course is None:
        return []
    passed: dict[str, object] = {}
    for record in course_results(user=wave_of.person, course=course, kind=RecordKind.QUIZ):
        if record.passed and record.activity_id and record.activity_id not in passed:
            passed[record.activity_id] = record
    if not passed:
        return []
    retaken: dict[str, object] = {}
    for record in course_results(
        user=wave_of.person, course=course, kind=RecordKind.QUIZ, wave=wave_of.wave
    ):
        retaken.setdefault(record.activity_id, record)
    return [
        Retest(
            activity_id=activity_id,
            title=first.activity_title,
            end_score=first.score,
            retest_score=retaken[activity_id].score if activity_id in retaken else None,
            done=activity_id in retaken,
        )
        for activity_id, first in passed.items()
    ]


def retest_applies(wave_of: WaveOf) -> bool:
    return bool(retests(wave_of))


def retest_done(wave_of: WaveOf) -> bool:
    found = retests(wave_of)
    return bool(found) and all(retest.done for retest in found)


def retest_url(wave_of: WaveOf) -> str:
    """The first quiz not re-taken yet (else the first), as the learner opens it."""
    found = retests(wave_of)
    if not found:
        return ""
    target = next((retest for retest in found if not retest.done), found[0])
    page = Page.objects.filter(pk=int(target.activity_id)).first()
    return (page.url or "") if page is not None else ""


RETEST = Instrument(
    key="retest",
    label=_("Retention re-test"),
    level=2,
    who="learner",
    applies=retest_applies,
    url=retest_url,
    done=retest_done,
)


def register() -> None:
    instrument_register(RETEST)
