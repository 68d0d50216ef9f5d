"""A programme is evaluated once, as a whole, rather than each of its courses.

The onboarding programme has five courses; evaluating each would send a new hire five surveys
and five re-tests, and their supervisor five observations, a wave. So a programme has an
evaluation plan like a course (`evaluation.plans`), its waves are scheduled when its
completion is recorded (a `programme` record, written by courses through `record_result`), and
**a course is not evaluated on its own for a person who takes it as part of a programme that
is evaluated**: when the course's completion is recorded, its own waves are not scheduled if
a live programme holding the course has its plan on (saved or by default) and the person was
assigned that programme or has completed it. A course taken on its own — not assigned through
a programme, or held by no evaluated programme — keeps its own waves.

**The programme's assessment** (its level 2: the end score, and the retention re-test of its
mid- and long-term waves) is the quizzes of its last course, in the programme's order, in which
the person passed a quiz — the final assessment of the two-week onboarding. The quizzes of the
courses before it are practice on the way; re-testing all of them would be the five re-tests
the programme's single evaluation is there to avoid. A programme whose courses have no quiz
has nothing to re-test.

What a programme holds is asked through `training.course_tree` (which courses declares),
never by importing courses.
"""

from __future__ import annotations

from evaluation.plans import plans_for
from training.assignments import assigned_page_ids
from training.course_tree import course_tree
from training.models import RecordKind
from training.records import completed_pages, course_results


def evaluated_programmes_holding(course_id: int) -> list[int]:
    """The ids of the live programmes holding the course whose evaluation plan is on."""
    programmes = course_tree().programmes_holding(course_id)
    plans = plans_for(programmes)
    return [pk for pk in programmes if plans[pk].active]


def evaluated_in_programme(*, person, course_id: int) -> bool:
    """Whether the person's completion of the course is evaluated through a programme (so the
    course schedules no waves of its own for them): an evaluated programme holding the course
    was assigned to them or completed by them."""
    programmes = evaluated_programmes_holding(course_id)
    if not programmes:
        return False
    return bool(
        assigned_page_ids(user=person, pages=programmes)
        or completed_pages(user=person, pages=programmes)
    )


def assessment_course_id(passed_course_ids, programme_course_ids: list[int]) -> int | None:
    """Of the programme's courses (in its order), the last one in which the person passed a
    quiz (`passed_course_ids`: the courses of their passing quiz records), or None."""
    passed = set(passed_course_ids)
    return next((pk for pk in reversed(programme_course_ids) if pk in passed), None)


def assessment_records(rows: list[tuple], programme_course_ids: list[int]) -> list[tuple]:
    """Of quiz record rows of the programme's courses — (user id, kind, wave, activity id,
    score, passed, details, when, course id) — those of each person's assessment course
    (`assessment_course_id`)."""
    passed: dict[int, set[int]] = {}
    for row in rows:
        if row[5]:
            passed.setdefault(row[0], set()).add(row[8])
    chosen = {
        user_id: assessment_course_id(courses, programme_course_ids)
        for user_id, courses in passed.items()
    }
    return [row for row in rows if row[0] in chosen and row[8] == chosen[row[0]]]


def retest_course_id(person, page_id: int) -> int | None:
    """The course whose quizzes are the re-test of `page_id`'s waves for the person: the
    course itself, or for a programme its assessment course for them (None when they passed
    no quiz in it)."""
    course_ids = course_tree().programme_course_ids(page_id)
    if not course_ids:
        return page_id  # a course (or a programme no longer live: nothing of it is re-tested)
    passed = {
        course_id
        for course_id in course_ids
        if any(
            r.passed for r in course_results(user=person, course=course_id, kind=RecordKind.QUIZ)
        )
    }
    return assessment_course_id(passed, course_ids)
