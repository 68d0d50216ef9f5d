"""Time the training-effect reports at a contact centre's scale.

    createdb -h 127.0.0.1 -p 5433 -U academy bench_eval
    DATABASE_URL=postgres://academy@127.0.0.1:5433/bench_eval \\
        .venv/bin/python scripts/bench_evaluation.py
    dropdb -h 127.0.0.1 -p 5433 -U academy bench_eval

On an empty PostgreSQL database (never the site's own: it refuses one with other people in
it) it migrates, then generates 5 000 agents in 250 teams of 20 with positions, a manager per
team, four courses completed over 18 months (each course by about 60 % of the agents), each
completion's three evaluation waves (closed, open or pending by its dates) with what they
asked answered by most — satisfaction surveys, end-of-course quizzes and re-tests,
supervisors' observations and self-assessments, all tagged with their wave — lessons to make
up about a million learning records, and 18 months of five KPIs per agent, with bulk inserts.

Then it measures, for a manager of one team (~20 people) and for an administrator
(everyone): the course report page, its overview download, the reports list and the
per-team overview — wall time (median of the warm runs, and the first) and queries — and
the nightly refresh of every course's reports and the refresh a record arriving queues. A
second run reuses the data (`--regenerate` to start again). `--topic-courses N` adds N
special-topic courses, each taken by a few teams, as most of a real centre's courses are.

`bench_common.py` holds what the benchmarks share (options, the database check, the people,
the report of machine and data, the timing); a new SQLite file instead of PostgreSQL does
for a smoke run at a small size, its figures no measure.

This script is a fixture generator: it writes learning records directly with bulk inserts
(`record_result` would run follow-ups per record and take hours for a million); nothing else
outside `training` may (tests/training/test_record_read_api.py lists it among the exceptions).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time

from bench_common import (
    BATCH,
    EMAIL_DOMAIN,
    TEAM_SIZE,
    analyze,
    create_people,
    measure,
    page,
    parser,
    prepare,
    print_setting,
)

COURSES = 4
MONTHS = 18
TOPIC_TEAMS = 5  # the teams that take each special-topic course (`--topic-courses`)


def course_page(i: int, *, slug="bench-eval-course", title="评估课程", kind="in_service"):
    from courses.models import CoursePage
    from courses.services import catalog_ensure

    found = CoursePage.objects.filter(slug=f"{slug}-{i}").first()
    if found:
        return found
    course = CoursePage(title=f"{title} {i}", slug=f"{slug}-{i}", kind=kind, summary="…")
    catalog_ensure(title="课程中心").add_child(instance=course)
    course.save_revision().publish()
    return course


def add_topic_courses(count: int, *, seed: int) -> None:
    """Special-topic courses (a promotion, a new channel), each completed in the last 12
    months by most agents of `TOPIC_TEAMS` teams (an end quiz and the completion): a
    centre's 20–40 courses are mostly taken by some teams, which the nightly refresh should
    not compute for every team. Added once; a later run with the same count reuses them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from training.models import AgentProfile, LearningRecord, RecordKind, Team

    rng = random.Random(seed)
    tz = timezone.get_default_timezone()
    page_type = ContentType.objects.get_for_model(Page).pk
    source_type = ContentType.objects.get_for_model(Team).pk
    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(count):
        if Page.objects.filter(slug=f"bench-eval-topic-{i}").exists():
            continue
        with transaction.atomic():
            course = course_page(i, slug="bench-eval-topic", title="专项课程", kind="special_topic")
            quiz = page(f"bench-eval-topic-quiz-{i}", f"专项考核 {i}")
            records = []
            for profile in AgentProfile.objects.filter(team_id__in=rng.sample(teams, TOPIC_TEAMS)):
                if rng.random() > 0.8:
                    continue
                day = timezone.localdate() - datetime.timedelta(days=rng.randint(1, 360))
                when = datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)
                score = rng.uniform(0.6, 1.0)
                for kind, activity, value in (
                    (RecordKind.QUIZ, quiz, score),
                    (RecordKind.COURSE, course, 1.0),
                ):
                    records.append(
                        LearningRecord(
                            user_id=profile.user_id,
                            team_id=profile.team_id,
                            kind=kind,
                            source_type_id=source_type,
                            source_id=f"topic-{course.pk}-{kind}-{profile.user_id}",
                            activity_type_id=page_type,
                            activity_id=str(activity.pk),
                            activity_title="",
                            course=course,
                            completed_at=when,
                            score=value,
                            passed=True,
                        )
                    )
            LearningRecord.objects.bulk_create(records, batch_size=BATCH)
    print(f"{count} special-topic courses, each completed by people of {TOPIC_TEAMS} teams")


def generate(*, people: int, records: int, seed: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from evaluation.effect import add_months
    from evaluation.kpis import Metric
    from evaluation.models import AgentKpi, WaveInstance, WaveStatus
    from evaluation.plans import DEFAULT_DAYS, LONG, MID, SHORT
    from training.models import AgentProfile, LearningRecord, Position, RecordKind, Team

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    tz = timezone.get_default_timezone()
    started = time.perf_counter()

    courses = [course_page(i) for i in range(COURSES)]
    quizzes = [page(f"bench-eval-quiz-{i}", f"结业考核 {i}") for i in range(COURSES)]
    page_type = ContentType.objects.get_for_model(Page).pk
    source_type = ContentType.objects.get_for_model(Team).pk
    lesson_ids = [str(100_000 + i) for i in range(400)]

    with transaction.atomic():
        staff = create_people(people=people)
        teams, agents = staff.teams, staff.agents
        positions = [Position.FIRST_LINE] * 14 + [Position.SECOND_LINE] * 4
        positions += [Position.COMPLAINT_SPECIALIST] * 2
        profiles = [
            AgentProfile(
                user=user,
                employee_no=f"E{i:06d}",
                position=rng.choice(positions),
                hire_date=today - datetime.timedelta(days=rng.randint(600, 1500)),
                team=teams[i // TEAM_SIZE],
            )
            for i, user in enumerate(agents)
        ]
        AgentProfile.objects.bulk_create(profiles, batch_size=BATCH)

        source = 0
        batch: list = []

        def add(profile, kind, when, **fields):
            nonlocal source
            source += 1
            batch.append(
                LearningRecord(
                    user_id=profile.user_id,
                    team_id=profile.team_id,
                    kind=kind,
                    source_type_id=source_type,
                    source_id=str(source),
                    activity_type_id=page_type,
                    activity_title="",
                    completed_at=when,
                    **fields,
                )
            )
            if len(batch) >= BATCH:
                LearningRecord.objects.bulk_create(batch)
                batch.clear()

        def at(day, hour=10):
            return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)

        # Each agent completes each course with a chance of 60 %, on a day in the last 18
        # months; the completion's waves are closed, open or pending by their dates, and what
        # they ask is answered by most (the short-term survey and the end quiz at once).
        waves, completions = [], {}
        for profile in profiles:
            for course, quiz in zip(courses, quizzes, strict=True):
                if rng.random() > 0.6:
                    continue
                day = today - datetime.timedelta(days=rng.randint(1, MONTHS * 30))
                completions[(profile.user_id, course.pk)] = day
                skill = rng.uniform(0.55, 1.0)
                add(
                    profile,
                    RecordKind.QUIZ,
                    at(day, 9),
                    activity_id=str(quiz.pk),
                    course=course,
                    score=skill,
                    passed=skill >= 0.6,
                )
                add(
                    profile,
                    RecordKind.COURSE,
                    at(day),
                    activity_id=str(course.pk),
                    course=course,
                    score=1.0,
                    passed=True,
                )
                for wave in (SHORT, MID, LONG):
                    opens, closes = DEFAULT_DAYS[wave]
                    opens_on = day + datetime.timedelta(days=opens)
                    closes_on = day + datetime.timedelta(days=closes)
                    status = (
                        WaveStatus.CLOSED
                        if closes_on < today
                        else WaveStatus.OPEN
                        if opens_on <= today
                        else WaveStatus.PENDING
                    )
                    waves.append(
                        WaveInstance(
                            person_id=profile.user_id,
                            course=course,
                            wave=wave,
                            completed_on=day,
                            opens_on=opens_on,
                            closes_on=closes_on,
                            status=status,
                        )
                    )
                    if status == WaveStatus.PENDING or rng.random() > 0.8:
                        continue
                    when = at(opens_on + datetime.timedelta(days=rng.randint(0, 5)), 15)
                    if wave == SHORT:
                        ratings = [rng.randint(3, 5) for _ in range(4)]
                        answers = [
                            {"question": f"q{n}", "kind": "likert", "dimension": d, "rating": r}
                            for n, (d, r) in enumerate(
                                zip(
                                    ("content", "format", "trainer", "usefulness"),
                                    ratings,
                                    strict=True,
                                )
                            )
                        ]
                        recommend = rng.randint(5, 10)
                        answers.append({"question": "q9", "kind": "recommend", "rating": recommend})
                        add(
                            profile,
                            RecordKind.SURVEY,
                            when,
                            course=course,
                            wave=wave,
                            score=(statistics.fmean(ratings) - 1) / 4,
                            passed=True,
                            details={"answers": answers, "recommend": recommend},
                        )
                        continue
                    retest = max(0.0, min(1.0, skill - rng.uniform(0.0, 0.2)))
                    add(
                        profile,
                        RecordKind.QUIZ,
                        when,
                        activity_id=str(quiz.pk),
                        course=course,
                        wave=wave,
                        score=retest,
                        passed=retest >= 0.6,
                    )
                    for role in ("supervisor", "self"):
                        score = rng.uniform(0.5, 1.0)
                        add(
                            profile,
                            RecordKind.OBSERVATION,
                            when,
                            course=course,
                            wave=wave,
                            score=score,
                            passed=score >= 0.7,
                            details={"observer": profile.user_id, "criteria": {}, "role": role},
                        )
        WaveInstance.objects.bulk_create(waves, batch_size=BATCH)
        # Lessons make up the rest of the million.
        while source < records:
            profile = rng.choice(profiles)
            add(
                profile,
                RecordKind.LESSON,
                now - datetime.timedelta(minutes=rng.randint(0, MONTHS * 30 * 24 * 60)),
                activity_id=rng.choice(lesson_ids),
                course=rng.choice(courses),
                passed=True,
            )
        LearningRecord.objects.bulk_create(batch)

        # 18 months of five KPIs per agent; the trained improve on CSAT and first response.
        first_month = add_months(today.replace(day=1), -MONTHS + 1)
        kpis = []
        for profile in profiles:
            trained_on = completions.get((profile.user_id, courses[0].pk))
            base = rng.uniform(0.82, 0.95)
            for m in range(MONTHS):
                month = add_months(first_month, m)
                lift = 0.03 if trained_on and month > trained_on else 0.0
                values = {
                    Metric.CSAT: min(1.0, base + lift + rng.gauss(0, 0.02)),
                    Metric.FIRST_RESPONSE_S: max(5.0, 55 - lift * 200 + rng.gauss(0, 6)),
                    Metric.RESOLUTION_RATE: min(1.0, rng.uniform(0.8, 0.95)),
                    Metric.COMPLAINT_RATE: max(0.0, rng.uniform(0.01, 0.06)),
                    Metric.ORDER_ACCURACY: min(1.0, rng.uniform(0.95, 1.0)),
                }
                kpis += [
                    AgentKpi(
                        person_id=profile.user_id, month=month, metric=k, value=v, source="demo"
                    )
                    for k, v in values.items()
                ]
            if len(kpis) >= BATCH:
                AgentKpi.objects.bulk_create(kpis)
                kpis = []
        AgentKpi.objects.bulk_create(kpis)

    analyze()
    print(
        f"generated {people} agents in {len(teams)} teams, {len(completions)} completions, "
        f"{len(waves)} waves, {source} learning records in {time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    options = parser(__doc__, runs=3)
    options.add_argument(
        "--no-refresh", action="store_true", help="skip timing the nightly refresh"
    )
    options.add_argument(
        "--topic-courses",
        type=int,
        default=0,
        help=f"add special-topic courses, each taken by {TOPIC_TEAMS} teams (kept for later runs)",
    )
    args = options.parse_args()
    prepare(args, generate)
    if args.topic_courses:
        add_topic_courses(args.topic_courses, seed=args.seed)

    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation
    from wagtail.models import Page

    from training.models import AgentProfile, User

    manager = User.objects.get(email=f"manager0@{EMAIL_DOMAIN}")
    admin = User.objects.get(email=f"admin@{EMAIL_DOMAIN}")
    course = Page.objects.get(slug="bench-eval-course-0")
    print_setting()

    translation.activate("zh-hans")
    if not args.no_refresh:
        try:
            from evaluation.snapshots import snapshots_refresh_nightly
        except ImportError:
            snapshots_refresh_nightly = None
        if snapshots_refresh_nightly is not None:
            started = time.perf_counter()
            done = snapshots_refresh_nightly()
            print(
                f"nightly refresh of every course's reports: {done} snapshots in "
                f"{time.perf_counter() - started:.0f} s"
            )
    try:
        from evaluation.snapshots import snapshots_mark_stale, snapshots_refresh_course
    except ImportError:
        snapshots_mark_stale = None
    if snapshots_mark_stale is not None and not args.no_refresh:
        # What a record of an agent of the first team queues: its course's refresh.
        team_id = AgentProfile.objects.get(user__email=f"agent0@{EMAIL_DOMAIN}").team_id
        snapshots_mark_stale(course_id=course.pk, team_id=team_id)
        started = time.perf_counter()
        done = snapshots_refresh_course(course_id=course.pk)
        print(
            f"a record arrives (one course, one team): {done} snapshots refreshed in "
            f"{time.perf_counter() - started:.1f} s"
        )
    pages = [("GET the course report", "evaluation_report", [course.pk])]
    pages.append(
        (
            "GET the course report's overview (CSV)",
            "evaluation_report_export",
            [course.pk, "overview", "csv"],
        )
    )
    pages.append(("GET the reports list", "evaluation_reports", []))
    pages.append(("GET the per-team overview", "evaluation_teams", []))
    for who, viewer in (("manager of one team", manager), ("administrator, everyone", admin)):
        client = Client()
        client.force_login(viewer)
        print(f"{who}:")
        for label, name, url_args in pages:
            try:
                url = reverse(name, args=url_args)
            except NoReverseMatch:
                continue
            measure(label, lambda c=client, u=url: c.get(u), args.runs)


if __name__ == "__main__":
    main()
