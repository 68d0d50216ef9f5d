"""The learning record's one writer and its readers.

Every activity result (lesson completed, quiz graded, role-play scored, survey answered,
observation filed) goes through `record_result`. Every read of the record that code outside
this app needs is here too (a test keeps it so): readers take the viewing user, so that what
they return is already limited to what that person may see, except the internal reads at the
end, which answer a rule's question (course progress, evaluation waves) and say so.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Revision

from training.access import can_view_team, can_view_user, visible_teams, visible_users
from training.followups import run_followups
from training.models import AgentProfile, EvaluationWave, LearningRecord, RecordKind, Team, User
from training.record_details import details_check

# The records that say a whole course or programme was completed (its `course` is that page).
COMPLETION_KINDS = (RecordKind.COURSE, RecordKind.PROGRAMME)


def _key(obj: models.Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(obj, for_concrete_model=False), str(obj.pk)


@transaction.atomic
def record_result(
    *,
    user: User,
    source: models.Model,
    kind: RecordKind | str,
    activity: models.Model | None = None,
    activity_title: str = "",
    activity_revision: models.Model | int | None = None,
    course: models.Model | None = None,
    completed_at: datetime.datetime | None = None,
    score: float | None = None,
    passed: bool | None = None,
    details: dict[str, Any] | None = None,
    wave: EvaluationWave | str = EvaluationWave.NONE,
) -> LearningRecord:
    """Record the result of one activity and return its learning record.

    `source` is the object whose result this is (a lesson completion, a quiz attempt); the
    same source recorded again updates its record, never adds a second one. `score` is a
    fraction from 0 to 1. `activity_revision` is the version of the activity taken (the
    page revision, or its id). `details` follow the shape declared for the kind in
    `training.record_details`. The person's current team is stored with the record. The
    follow-ups registered for the record's kind (see `training.followups`) run after the
    write, in the same transaction.
    """
    if kind not in RecordKind.values:
        raise ValueError(f"Unknown record kind: {kind!r}")
    if wave not in EvaluationWave.values:
        raise ValueError(f"Unknown evaluation wave: {wave!r}")
    if score is not None and not 0 <= score <= 1:
        raise ValueError(f"A score is a fraction from 0 to 1, not {score!r}")
    if source.pk is None:
        raise ValueError("The source of a learning record must be saved first.")
    details_check(kind, details)

    revision_id = getattr(activity_revision, "pk", activity_revision)
    if revision_id is not None and (
        isinstance(revision_id, bool) or not isinstance(revision_id, int) or revision_id < 1
    ):
        raise ValueError(f"An activity revision is a saved revision or its id, not {revision_id!r}")
    if revision_id is not None and (
        activity is None
        or not Revision.objects.filter(pk=revision_id, object_id=str(activity.pk)).exists()
    ):
        raise ValueError(f"Revision {revision_id} is not a version of the activity recorded.")
    source_type, source_id = _key(source)
    activity_type, activity_id = _key(activity) if activity is not None else (None, "")
    team_id = AgentProfile.objects.filter(user=user).values_list("team_id", flat=True).first()
    record, created = LearningRecord.objects.update_or_create(
        source_type=source_type,
        source_id=source_id,
        defaults={
            "user": user,
            "team_id": team_id,
            "kind": kind,
            "activity_type": activity_type,
            "activity_id": activity_id,
            "activity_title": (activity_title or (str(activity) if activity else ""))[:255],
            "activity_revision_id": revision_id,
            "course_id": getattr(course, "pk", None),
            "completed_at": completed_at or timezone.now(),
            "score": score,
            "passed": passed,
            "details": details or {},
            "wave": wave,
        },
    )
    # What follows the write (a course completing) runs in this transaction: if a follow-up
    # fails, nothing is recorded.
    run_followups(record, created=created)
    return record


def records_for_person(*, viewer: User, person: User) -> models.QuerySet[LearningRecord]:
    """One person's records, newest first. Only for people the viewer may see."""
    if not can_view_user(viewer, person):
        raise PermissionDenied
    return LearningRecord.objects.filter(user=person).select_related("team")


def results_for_person(*, viewer: User, person: User) -> models.QuerySet[LearningRecord]:
    """One person's results, newest first: the records that carry a score or a verdict
    (quizzes, role-plays, completed courses, observations), without lesson completions,
    which `lessons_completed` counts instead. Only for people the viewer may see."""
    return (
        records_for_person(viewer=viewer, person=person)
        .exclude(kind=RecordKind.LESSON)
        .filter(models.Q(score__isnull=False) | models.Q(passed__isnull=False))
    )


def lessons_completed(*, viewer: User, person: User, since: datetime.datetime | None = None) -> int:
    """How many different lessons one person has completed (since `since`, when given); a
    lesson taken again after a change counts once. Only for people the viewer may see."""
    records = records_for_person(viewer=viewer, person=person).filter(kind=RecordKind.LESSON)
    if since is not None:
        records = records.filter(completed_at__gte=since)
    return records.order_by().values("activity_type_id", "activity_id").distinct().count()


def records_for_course(*, viewer: User, course: models.Model) -> models.QuerySet[LearningRecord]:
    """All records of one course, newest first, limited to the people the viewer may see."""
    return LearningRecord.objects.filter(course=course, user__in=visible_users(viewer))


def course_records_of(
    *, course: models.Model | int | Iterable[models.Model | int], people: models.QuerySet[User]
) -> models.QuerySet[LearningRecord]:
    """Internal read. One course's records (or several courses', given an iterable) of
    `people`, a queryset the caller has already limited with `training.access` (read as a
    subquery): for reports computed ahead of their viewers, whose scope is a set of teams
    (evaluation's pre-computed reports)."""
    if isinstance(course, models.Model | int):
        ids = [getattr(course, "pk", course)]
    else:
        ids = [getattr(c, "pk", c) for c in course]
    return LearningRecord.objects.filter(course_id__in=ids, user__in=people)


def last_record_id() -> int:
    """Internal read. The newest record's id (0 when there is none): what a pre-computed
    report was computed from."""
    return LearningRecord.objects.aggregate(last=models.Max("pk"))["last"] or 0


def records_for_team(
    *,
    viewer: User,
    team: Team,
    start: datetime.datetime,
    end: datetime.datetime,
) -> models.QuerySet[LearningRecord]:
    """Records made while people were in `team`, with start <= completed_at < end."""
    if not can_view_team(viewer, team):
        raise PermissionDenied
    return LearningRecord.objects.filter(
        team=team, completed_at__gte=start, completed_at__lt=end
    ).select_related("user")


def completions_by_course(
    *,
    viewer: User,
    people: models.QuerySet[User] | None = None,
    since: datetime.datetime | None = None,
) -> dict[int, int]:
    """How many people the viewer may see (of `people`, when given) completed each course or
    programme (at or after `since`, when given): page id -> people, in one query. For the
    list of courses and programmes a report can be made of."""
    rows = LearningRecord.objects.filter(
        kind__in=COMPLETION_KINDS, passed=True, course__isnull=False, user__in=visible_users(viewer)
    )
    if people is not None:
        rows = rows.filter(user__in=people)
    if since is not None:
        rows = rows.filter(completed_at__gte=since)
    counts = rows.order_by().values("course_id").annotate(n=models.Count("user", distinct=True))
    return {row["course_id"]: row["n"] for row in counts}


def completions_by_team_and_course(
    *, viewer: User, since: datetime.datetime | None = None
) -> dict[tuple[int, int], int]:
    """How many people of each team the viewer may see completed each course (at or after
    `since`, when given): (team id, course id) -> people, by the team people are in now, in
    one query. For an overview of the teams' reports."""
    rows = LearningRecord.objects.filter(
        kind=RecordKind.COURSE,
        passed=True,
        course__isnull=False,
        user__in=visible_users(viewer),
        user__profile__team__in=visible_teams(viewer),
    )
    if since is not None:
        rows = rows.filter(completed_at__gte=since)
    counts = (
        rows.order_by()
        .values("user__profile__team_id", "course_id")
        .annotate(n=models.Count("user", distinct=True))
    )
    return {(row["user__profile__team_id"], row["course_id"]): row["n"] for row in counts}


def courses_completed_since(since: datetime.datetime) -> list[int]:
    """Internal read. The ids of the courses and programmes anyone completed at or after
    `since`."""
    rows = LearningRecord.objects.filter(
        kind__in=COMPLETION_KINDS, passed=True, course__isnull=False, completed_at__gte=since
    )
    return sorted(rows.order_by().values_list("course_id", flat=True).distinct())


def team_courses_completed_since(since: datetime.datetime) -> set[tuple[int, int]]:
    """Internal read. The (team id, course id) pairs such that someone now in the team
    (`AgentProfile.team`, not the team stored with the record) completed the course or
    programme at or after `since`, in one query: the teams whose pre-computed reports of a
    course have a cohort (evaluation's nightly refresh)."""
    rows = LearningRecord.objects.filter(
        kind__in=COMPLETION_KINDS,
        passed=True,
        course__isnull=False,
        completed_at__gte=since,
        user__profile__team__isnull=False,
    )
    pairs = rows.order_by().values_list("user__profile__team_id", "course_id").distinct()
    return set(pairs)


def wave_results(
    *,
    viewer: User,
    person: User,
    kind: RecordKind | str,
    course: models.Model | None = None,
) -> list[LearningRecord]:
    """One person's records of `kind` tagged with an evaluation wave (of `course`, when
    given), newest first: the surveys and observations of the training-effect evaluation.
    Only for people the viewer may see."""
    records = records_for_person(viewer=viewer, person=person).filter(kind=kind)
    records = records.exclude(wave=EvaluationWave.NONE)
    if course is not None:
        records = records.filter(course=course)
    return list(records)


def latest_results(
    *, viewer: User, person: User, activities: Iterable[models.Model] | None = None
) -> list[LearningRecord]:
    """One person's latest record of each activity (of these activities, when given), newest
    first: "where do they stand on each quiz and scenario". Only for people the viewer may
    see."""
    records = records_for_person(viewer=viewer, person=person).exclude(activity_id="")
    if activities is not None:
        records = records.filter(_activities_q(activities))
    latest: dict[tuple[int, str], LearningRecord] = {}
    for record in records:
        latest.setdefault((record.activity_type_id, record.activity_id), record)
    return list(latest.values())


# Internal reads: for the apps' own rules (course progress, evaluation waves, demo data).
# They take no viewer because they answer a rule's question about people the caller already
# holds, and never reach a page as they are; a page shows their answer through a selector that
# takes the viewing user.


def passed_activities(
    *, users: Iterable[User], activities: Iterable[models.Model]
) -> dict[int, set[Any]]:
    """Internal read. For each user's id, the pks of those activities they have a passing
    record for, in one query (users without any are left out)."""
    return {
        user_id: set(passes)
        for user_id, passes in first_passes(users=users, activities=activities).items()
    }


def first_passes(
    *,
    users: Iterable[User],
    activities: Iterable[models.Model],
    kind: RecordKind | str | None = None,
    before: datetime.datetime | None = None,
) -> dict[int, dict[Any, datetime.datetime]]:
    """Internal read. For each user's id, when they first passed each of these activities
    (by the activity's pk; only those passed, before `before` when given), in one query."""
    users, activities = list(users), list(activities)
    if not users or not activities:
        return {}
    pks = {str(activity.pk): activity.pk for activity in activities}
    rows = LearningRecord.objects.filter(_activities_q(activities), user__in=users, passed=True)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if before is not None:
        rows = rows.filter(completed_at__lt=before)
    rows = (
        rows.order_by()
        .values_list("user_id", "activity_id")
        .annotate(first=models.Min("completed_at"))
    )
    passes: dict[int, dict[Any, datetime.datetime]] = {}
    for user_id, activity_id, first in rows:
        if activity_id in pks:
            passes.setdefault(user_id, {})[pks[activity_id]] = first
    return passes


def first_pass_at(
    *, user: User, activity: models.Model, before: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Internal read. When `user` first passed `activity` (before `before` when given)."""
    passes = first_passes(users=[user], activities=[activity], before=before)
    return passes.get(user.pk, {}).get(activity.pk)


def first_pass_since(
    *, user: User, activity: models.Model, since: datetime.datetime
) -> datetime.datetime | None:
    """Internal read. When `user` first passed `activity` at or after `since`, else None."""
    return (
        LearningRecord.objects.filter(
            _activities_q([activity]), user=user, passed=True, completed_at__gte=since
        )
        .order_by("completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )


def _activity_type_id(activity: models.Model) -> int:
    # A page knows its specific type even when it is read as a plain `Page`.
    return getattr(activity, "content_type_id", None) or _key(activity)[0].pk


def _activities_q(activities: Iterable[models.Model]) -> models.Q:
    """Records of these activities (by type and id)."""
    by_type: dict[int, list[str]] = {}
    for activity in activities:
        by_type.setdefault(_activity_type_id(activity), []).append(str(activity.pk))
    q = models.Q(pk__in=[])
    for type_id, ids in by_type.items():
        q |= models.Q(activity_type_id=type_id, activity_id__in=ids)
    return q


def passing_records(
    *,
    user: User,
    activities: Iterable[models.Model],
    kind: RecordKind | str | None = None,
) -> list[LearningRecord]:
    """Internal read. `user`'s passing records of these activities (of `kind` when given),
    newest first, with their score and details: for a rule that asks more of a pass than
    that it happened (a minimum score, a detail such as the mode it was taken in), and that
    keeps the ids of the records it relied on."""
    activities = list(activities)
    if not activities:
        return []
    rows = LearningRecord.objects.filter(_activities_q(activities), user=user, passed=True)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("-completed_at", "-id"))


class PassingRecord(NamedTuple):
    """A passing record as a rule reads it (`passing_records_for_people`): what the rule asks
    of it, and its id to keep as evidence. A tuple, not a model: a hundred thousand of them
    are read for a matrix of thousands, and a model instance costs ten times as much."""

    pk: int
    user_id: int
    kind: str
    activity_type_id: int | None
    activity_id: str
    completed_at: datetime.datetime
    score: float | None
    passed: bool | None
    details: dict

    @property
    def id(self) -> int:
        return self.pk


def passing_records_for_people(
    *,
    users: Iterable[User] | models.QuerySet[User],
    activities: Iterable[models.Model],
    kinds: Iterable[RecordKind | str] | None = None,
) -> dict[int, list[PassingRecord]]:
    """Internal read. What `passing_records` answers for one person, for many at once: for
    each user's id, their passing records of these activities (of these kinds when given),
    newest first, in one query (users without any are left out), as `PassingRecord`s.
    `users` may be a queryset, read as a subquery, so that thousands of people need no list
    of ids."""
    activities = list(activities)
    if not activities:
        return {}
    if not isinstance(users, models.QuerySet):
        users = [getattr(user, "pk", user) for user in users]
        if not users:
            return {}
    rows = LearningRecord.objects.filter(_activities_q(activities), user__in=users, passed=True)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    rows = rows.order_by("-completed_at", "-id").values_list(
        "id",
        "user_id",
        "kind",
        "activity_type_id",
        "activity_id",
        "completed_at",
        "score",
        "passed",
        "details",
    )
    grouped: dict[int, list[PassingRecord]] = {}
    for row in rows:
        record = PassingRecord._make(row)
        grouped.setdefault(record.user_id, []).append(record)
    return grouped


def course_results(
    *,
    user: User,
    course: models.Model | int,
    kind: RecordKind | str,
    wave: EvaluationWave | str | None = None,
) -> list[LearningRecord]:
    """Internal read. `user`'s records of `kind` whose course is `course` (tagged with `wave`
    when given), oldest first: "the quizzes of this course they passed, and their end score",
    "their re-tests of this course in the mid-term wave"."""
    rows = LearningRecord.objects.filter(
        user=user, course_id=getattr(course, "pk", course), kind=kind
    )
    if wave is not None:
        rows = rows.filter(wave=wave)
    return list(rows.order_by("completed_at", "id"))


def course_completions(
    *, since: datetime.datetime | None = None
) -> list[tuple[int, int, datetime.datetime, str]]:
    """Internal read. Every completion of a course or a programme (a passing `course` or
    `programme` record) as (user id, page id, when, kind), oldest first (a programme before
    the course that completed it); those at or after `since` when given. For scheduling what
    follows completions recorded before a rule existed (evaluation waves)."""
    rows = LearningRecord.objects.filter(
        kind__in=COMPLETION_KINDS, passed=True, course__isnull=False
    )
    if since is not None:
        rows = rows.filter(completed_at__gte=since)
    rows = rows.order_by("completed_at", "id")
    return list(rows.values_list("user_id", "course_id", "completed_at", "kind"))


def completed_pages(*, user: User, pages: Iterable[models.Model | int]) -> set[int]:
    """Internal read. The ids of those courses or programmes (pages or ids) `user` completed
    (a passing `course` or `programme` record whose course is the page)."""
    ids = [getattr(page, "pk", page) for page in pages]
    if not ids:
        return set()
    rows = LearningRecord.objects.filter(
        user=user, kind__in=COMPLETION_KINDS, passed=True, course_id__in=ids
    )
    return set(rows.values_list("course_id", flat=True))
