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


def generate(*, people: int, records: int, seed: int) -> None:
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
    from training.models import AgentProfile, LearningRecord, Position, RecordKind, Team, Tier

    rng = random.Random(seed)
    now = timezone.now()
    started = time.perf_counter()

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

        staff = create_people(people=people)
        teams, agents = staff.teams, staff.agents
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
    analyze()
    print(
        f"generated {people} agents in {len(teams)} teams, {len(certificates)} certificates, "
        f"{source} learning records in {time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    args = parser(__doc__, runs=4).parse_args()
    prepare(args, generate)

    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from certification.duty import cleared_for_duty, duty_rows
    from certification.evaluation import evaluate
    from certification.matrix import certification_matrix, matrix_rows
    from certification.models import CertificationProgramme
    from training.models import User

    manager = User.objects.get(email=f"manager0@{EMAIL_DOMAIN}")
    admin = User.objects.get(email=f"admin@{EMAIL_DOMAIN}")
    print_setting()
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
        # The team page: the matrix's first page and ten teams with their members.
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
