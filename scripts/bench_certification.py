"""Time the certification matrix and the cleared-for-duty list at a contact centre's scale.

    createdb -h 127.0.0.1 -p 5433 -U academy academy_matrix_bench
    DATABASE_URL=postgres://academy@127.0.0.1:5433/academy_matrix_bench \\
        .venv/bin/python scripts/bench_certification.py
    dropdb -h 127.0.0.1 -p 5433 -U academy academy_matrix_bench

On an empty PostgreSQL database (never the site's own: it refuses one with other people in
it) it migrates, then generates 5 000 agents in 250 teams of 20 with positions and tiers, a
manager per team, three programmes (上岗认证 required to take customers, 投诉处理专员认证,
社媒客服认证), certificates (valid, expiring, expired, revoked) and about a million learning
records, with bulk inserts. Then it measures, for a manager of one team (~20 people) and for
an administrator (everyone): a page of the matrix, the cleared-for-duty list, and their CSV
downloads — wall time (median of the warm runs, and the first) and queries — and, for
comparison, the matrix's people evaluated one by one as before batching. A second run reuses
the data (`--regenerate` to start again).

This script is a fixture generator: it writes learning records directly with bulk inserts
(`record_result` would run follow-ups per record and take hours for a million); nothing else
outside `training` may (tests/training/test_record_read_api.py lists it as the one exception).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings")
os.environ.setdefault("DEBUG", "1")  # a local run: no production secrets needed
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's pages

import django  # noqa: E402

EMAIL_DOMAIN = "bench.agentacademy.invalid"
TEAM_SIZE = 20
BATCH = 10_000


def generate(*, people: int, records: int, seed: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from certification.models import (
        Certificate,
        CertificateStatus,
        CertificationProgramme,
        ProgrammeRequirement,
        RequirementKind,
    )
    from certification.services import add_months
    from training.models import AgentProfile, LearningRecord, Position, RecordKind, Team, Tier, User
    from training.roles import Role

    rng = random.Random(seed)
    now = timezone.now()
    unusable = make_password(None)  # nobody logs in as them
    started = time.perf_counter()

    def page(slug: str, title: str) -> Page:
        root = Page.objects.get(depth=1)
        found = Page.objects.filter(slug=slug).first()
        return found or root.add_child(instance=Page(title=title, slug=slug))

    courses = [page(f"bench-course-{i}", f"课程 {i}") for i in range(8)]
    quizzes = [page(f"bench-quiz-{i}", f"考核 {i}") for i in range(6)]
    scenarios = [page(f"bench-scenario-{i}", f"情景演练 {i}") for i in range(6)]
    lesson_ids = [str(100_000 + i) for i in range(400)]  # lessons: records only, no pages needed
    page_type = ContentType.objects.get_for_model(Page).pk
    programme_type = ContentType.objects.get_for_model(CertificationProgramme).pk
    source_type = ContentType.objects.get_for_model(Team).pk

    with transaction.atomic():
        duty = CertificationProgramme.objects.create(
            name="上岗认证",
            positions=[Position.FIRST_LINE, Position.SECOND_LINE, Position.COMPLAINT_SPECIALIST],
            validity_months=12,
            required_for_duty=True,
        )
        complaints = CertificationProgramme.objects.create(
            name="投诉处理专员认证",
            positions=[Position.COMPLAINT_SPECIALIST, Position.SECOND_LINE],
            validity_months=12,
        )
        social = CertificationProgramme.objects.create(
            name="社媒客服认证", positions=[Position.FIRST_LINE], validity_months=24
        )
        checklist = "独立接待\n信息核实\n升级流程"
        for programme, requirements in [
            (
                duty,
                [
                    *((RequirementKind.COURSE, c, {}) for c in courses[:4]),
                    (RequirementKind.QUIZ, quizzes[0], {"min_score": 80}),
                    (RequirementKind.ROLEPLAY, scenarios[0], {"min_score": 70}),
                    (RequirementKind.ROLEPLAY, scenarios[1], {"min_score": 70}),
                    (RequirementKind.SIGNOFF, None, {"checklist": checklist}),
                ],
            ),
            (
                complaints,
                [
                    (RequirementKind.COURSE, courses[4], {}),
                    (RequirementKind.ROLEPLAY, scenarios[2], {"min_score": 80}),
                    (RequirementKind.TENURE, None, {"days": 180}),
                    (RequirementKind.SIGNOFF, None, {"checklist": checklist}),
                ],
            ),
            (
                social,
                [
                    (RequirementKind.COURSE, courses[5], {}),
                    (RequirementKind.ROLEPLAY, scenarios[3], {"min_score": 75}),
                    (RequirementKind.SIGNOFF, None, {"checklist": checklist}),
                ],
            ),
        ]:
            for order, (kind, activity, extra) in enumerate(requirements):
                ProgrammeRequirement.objects.create(
                    programme=programme, kind=kind, page=activity, sort_order=order, **extra
                )

        teams = Team.objects.bulk_create(
            [Team(name=f"压测客服{i:03d}组") for i in range(people // TEAM_SIZE)]
        )
        users = User.objects.bulk_create(
            [
                User(email=f"agent{i}@{EMAIL_DOMAIN}", name=f"坐席{i:05d}", password=unusable)
                for i in range(people)
            ]
            + [
                User(email=f"manager{i}@{EMAIL_DOMAIN}", name=f"主管{i:03d}", password=unusable)
                for i in range(len(teams))
            ]
            + [User(email=f"admin@{EMAIL_DOMAIN}", name="管理员", password=unusable)],
            batch_size=BATCH,
        )
        agents, managers, admin = users[:people], users[people:-1], users[-1]
        groups = {role: Group.objects.get(name=role) for role in Role.values}
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=u.pk, group_id=groups[Role.LEARNER].pk) for u in agents]
            + [Membership(user_id=u.pk, group_id=groups[Role.MANAGER].pk) for u in managers]
            + [Membership(user_id=admin.pk, group_id=groups[Role.ADMINISTRATOR].pk)],
            batch_size=BATCH,
        )
        Team.managers.through.objects.bulk_create(
            [
                Team.managers.through(team_id=team.pk, user_id=manager.pk)
                for team, manager in zip(teams, managers, strict=True)
            ]
        )
        positions = (
            [Position.FIRST_LINE] * 12
            + [Position.SECOND_LINE] * 4
            + [Position.COMPLAINT_SPECIALIST] * 2
            + [Position.DATA_ANALYST]
            + [Position.SUPERVISOR]
        )
        tiers = [Tier.JUNIOR] * 5 + [Tier.INTERMEDIATE] * 3 + [Tier.SENIOR] * 2
        profiles = [
            AgentProfile(
                user=user,
                employee_no=f"B{i:06d}",
                position=rng.choice(positions),
                tier=rng.choice(tiers),
                hire_date=(now - datetime.timedelta(days=rng.randint(10, 1500))).date(),
                team=teams[i // TEAM_SIZE],
            )
            for i, user in enumerate(agents)
        ]
        AgentProfile.objects.bulk_create(profiles, batch_size=BATCH)

        # Certificates: most agents hold 上岗认证 (some expiring this week, some expired, a few
        # revoked), fewer the others.
        certificates = []
        for profile in profiles:
            for programme, share in ((duty, 0.7), (complaints, 0.3), (social, 0.4)):
                if not programme.applies_to(position=profile.position, tier=profile.tier):
                    continue
                if rng.random() > share:
                    continue
                roll = rng.random()
                if roll < 0.08:  # expired, kept as history
                    issued = now - datetime.timedelta(days=rng.randint(400, 700))
                    status = CertificateStatus.EXPIRED
                elif roll < 0.11:
                    issued = now - datetime.timedelta(days=rng.randint(30, 300))
                    status = CertificateStatus.REVOKED
                elif roll < 0.16:  # expires within the week
                    issued = add_months(now, -12) + datetime.timedelta(days=rng.randint(1, 6))
                    status = CertificateStatus.VALID
                else:
                    issued = now - datetime.timedelta(days=rng.randint(8, 330))
                    status = CertificateStatus.VALID
                certificates.append(
                    Certificate(
                        person_id=profile.user_id,
                        programme=programme,
                        programme_version=1,
                        issued_at=issued,
                        expires_at=add_months(issued, programme.validity_months),
                        status=status,
                    )
                )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)

        # About `records` learning records: most are lessons (noise for certification), the
        # rest quizzes, role-plays, courses and sign-offs, passed and failed.
        per_person = max(1, records // people)
        source = 0

        def rows():
            nonlocal source
            for profile in profiles:
                for _ in range(per_person):
                    source += 1
                    roll = rng.random()
                    when = now - datetime.timedelta(minutes=rng.randint(0, 700 * 24 * 60))
                    details: dict = {}
                    score = passed = None
                    if roll < 0.72:
                        kind, type_id, activity = (
                            RecordKind.LESSON,
                            page_type,
                            rng.choice(lesson_ids),
                        )
                        passed = True
                    elif roll < 0.84:
                        kind, type_id = RecordKind.QUIZ, page_type
                        activity = str(rng.choice(quizzes).pk)
                        score = rng.random()
                        passed = score >= 0.6
                        details = {"attempt": 1, "provisional": rng.random() < 0.03}
                    elif roll < 0.94:
                        kind, type_id = RecordKind.ROLEPLAY, page_type
                        activity = str(rng.choice(scenarios).pk)
                        score = rng.random()
                        violations = ["policy"] if rng.random() < 0.1 else []
                        passed = score >= 0.6 and not violations
                        details = {
                            "mode": "assessment" if rng.random() < 0.5 else "practice",
                            "provisional": False,
                            "violations": violations,
                        }
                    elif roll < 0.99:
                        kind, type_id = RecordKind.COURSE, page_type
                        activity = str(rng.choice(courses).pk)
                        score, passed = 1.0, True
                    else:
                        kind, type_id = RecordKind.OBSERVATION, programme_type
                        activity = str(rng.choice((duty, complaints, social)).pk)
                        ticked = rng.random() < 0.8
                        passed = True
                        details = {
                            "criteria": {item: 1 if ticked else 0 for item in checklist.split()}
                        }
                    yield LearningRecord(
                        user_id=profile.user_id,
                        team_id=profile.team_id,
                        kind=kind,
                        source_type_id=source_type,
                        source_id=str(source),
                        activity_type_id=type_id,
                        activity_id=activity,
                        activity_title="",
                        completed_at=when,
                        score=score,
                        passed=passed,
                        details=details,
                    )

        batch = []
        for record in rows():
            batch.append(record)
            if len(batch) == BATCH:
                LearningRecord.objects.bulk_create(batch)
                batch = []
        LearningRecord.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"generated {people} agents in {len(teams)} teams, {len(certificates)} certificates, "
        f"{source} learning records in {time.perf_counter() - started:.0f} s"
    )


def measure(label: str, call, runs: int) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
    print(
        f"  {label:<52} {warm * 1000:8.0f} ms  (first {times[0] * 1000:6.0f} ms)  "
        f"{queries:4d} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=4, help="runs per measure (first is cold)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to an empty PostgreSQL database made for this benchmark.")

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from certification.duty import cleared_for_duty, duty_rows
    from certification.evaluation import evaluate
    from certification.matrix import certification_matrix, matrix_rows
    from certification.models import CertificationProgramme
    from training.models import AgentProfile, User

    call_command("migrate", verbosity=0)
    bench_people = User.objects.filter(email__endswith=EMAIL_DOMAIN)
    if User.objects.exclude(email__endswith=EMAIL_DOMAIN).exists():
        sys.exit("This database has other people in it: use an empty one for the benchmark.")
    if args.regenerate or not bench_people.exists():
        if bench_people.exists():
            sys.exit("Drop and create the database again to regenerate.")
        generate(people=args.people, records=args.records, seed=args.seed)

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM training_learningrecord")
        (record_count,) = cursor.fetchone()
        cursor.execute("SELECT version()")
        (server,) = cursor.fetchone()
    manager = User.objects.get(email=f"manager0@{EMAIL_DOMAIN}")
    admin = User.objects.get(email=f"admin@{EMAIL_DOMAIN}")
    agents = AgentProfile.objects.count()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"database: {server.split(' on ')[0]}; {agents} agents, {record_count} learning records")
    programmes = list(CertificationProgramme.objects.filter(active=True))

    def one_by_one(viewer):
        """The matrix's people evaluated as before batching: each person and programme alone."""
        for profile in certification_matrix(viewer=viewer).page.object_list:
            for programme in programmes:
                if programme.applies_to(position=profile.position, tier=profile.tier):
                    evaluate(profile.user, programme)

    translation.activate("zh-hans")
    for who, viewer in (("manager of one team", manager), ("administrator, everyone", admin)):
        client = Client()
        client.force_login(viewer)
        print(f"{who}:")
        measure(
            "matrix, first page (100 people)",
            lambda v=viewer: certification_matrix(viewer=v),
            args.runs,
        )
        measure("  before batching: the same people one by one", lambda v=viewer: one_by_one(v), 2)
        measure(
            "cleared for duty today (everyone visible)",
            lambda v=viewer: cleared_for_duty(viewer=v),
            args.runs,
        )
        measure("matrix, every page as CSV rows", lambda v=viewer: matrix_rows(viewer=v), args.runs)
        measure("cleared for duty as CSV rows", lambda v=viewer: duty_rows(viewer=v), args.runs)
        measure(
            "GET /certification/cleared-today/",
            lambda c=client: c.get(reverse("certification_cleared_today")),
            args.runs,
        )
        if viewer is manager:  # (an administrator's team page also lists every member)
            measure(
                "GET /team/ (with the matrix)",
                lambda c=client: c.get(reverse("team_home")),
                args.runs,
            )
        measure(
            "GET /certification/matrix.csv",
            lambda c=client: c.get(reverse("certification_matrix_export", args=["csv"])),
            args.runs,
        )


if __name__ == "__main__":
    main()
