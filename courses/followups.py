"""What courses do after the learning record is written (see `training.followups`)."""

from __future__ import annotations

from training.followups import register_followup
from training.models import RecordKind


@register_followup(RecordKind.LESSON, RecordKind.QUIZ, RecordKind.ROLEPLAY)
def course_completion(record, *, created: bool) -> None:
    """A pass on one of a course's items completes the course when it was the last required
    one. Idempotent: a course is completed once (`course_check_completion` says so)."""
    from courses.models import CoursePage
    from courses.progress import course_check_completion

    if not record.passed or record.course_id is None:
        return
    course = CoursePage.objects.filter(pk=record.course_id).first()
    if course is not None:
        course_check_completion(user=record.user, course=course)
