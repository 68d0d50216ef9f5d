"""The matrix reads everyone's records at once: the same number of queries for a team of 3 as
for 30, and the same answers as evaluating each person alone."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.batch import PrefetchedRecords
from certification.evaluation import evaluate
from certification.matrix import certification_matrix
from certification.models import (
    Certificate,
    CertificateStatus,
    CertificationProgramme,
    ProgrammeRequirement,
    RequirementKind,
)
from certification.services import certificate_issue, certificate_revoke, signoff_record
from tests.certification.conftest import at, course_passed, quiz_taken, roleplay_played
from tests.factories import PASSWORD, TeamFactory, make_person
from training.models import Position, Tier
from training.records import passing_records, passing_records_for_people
from training.roles import Role


def team_of(size: int, programme, pages):
    """A manager and `size` members: a third of them holding a certificate, a third whose
    certificate was revoked or has expired, the rest with some of the requirements done."""
    team = TeamFactory()
    manager = make_person(role=Role.MANAGER, team=team)
    admin = make_person(role=Role.ADMINISTRATOR, team=team)
    for index in range(size):
        person = make_person(team=team)
        if index % 3 == 0:
            certificate_issue(person=person, programme=programme, issued_at=at(6, 1))
            continue
        if index % 3 == 1:
            old = certificate_issue(person=person, programme=programme, issued_at=at(1, 1))
            if index % 2:
                certificate_revoke(certificate=old, actor=admin, reason="离职后返聘")
            else:
                Certificate.objects.filter(pk=old.pk).update(
                    status=CertificateStatus.EXPIRED, expires_at=at(3, 1)
                )
        course_passed(person, pages["course"])
        quiz_taken(person, pages["exam"], 0.9)
    return manager


def counted(call) -> int:
    """How many queries `call` makes, run a second time (the caches warm)."""
    call()
    # The log holds the last 9 000 queries: emptied, its count starts from here.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        call()
    assert len(captured) > 0
    return len(captured)


def queries_for_matrix(viewer) -> int:
    assert certification_matrix(viewer=viewer).rows
    return counted(lambda: certification_matrix(viewer=viewer))


@pytest.mark.django_db
def test_the_matrix_takes_as_many_queries_for_thirty_people_as_for_three(
    programme, pages, django_assert_max_num_queries
):
    second = CertificationProgramme.objects.create(name="投诉处理专员认证")
    ProgrammeRequirement.objects.create(
        programme=second, kind=RequirementKind.COURSE, page=pages["course"], sort_order=0
    )
    ProgrammeRequirement.objects.create(
        programme=second, kind=RequirementKind.TENURE, days=90, sort_order=1
    )
    small = team_of(3, programme, pages)
    large = team_of(30, programme, pages)
    assert queries_for_matrix(large) == queries_for_matrix(small)
    connection.queries_log.clear()
    # Programmes, profiles, certificates, requirements, records (and the viewer's roles).
    with django_assert_max_num_queries(6):
        certification_matrix(viewer=large)


@pytest.mark.django_db
def test_the_team_page_and_the_export_take_as_many_queries_for_thirty_people_as_for_three(
    client, programme, pages
):
    counts = {}
    for size in (3, 30):
        manager = team_of(size, programme, pages)
        client.login(email=manager.email, password=PASSWORD)
        counts[size] = [
            counted(lambda: client.get(reverse("team_home"))),
            counted(lambda: client.get(reverse("certification_matrix_export", args=["csv"]))),
        ]
    assert counts[30] == counts[3]


def mixed_population(programme, pages):
    """People in every state a requirement can be in."""
    team = TeamFactory()
    manager = make_person(role=Role.MANAGER, team=team)
    people = [make_person(team=team) for _ in range(9)]
    nobody, course_only, low_quiz, provisional, violated, practice, half, full, new = people
    course_passed(course_only, pages["course"])
    quiz_taken(low_quiz, pages["exam"], 0.7)  # passed, but below the programme's 80 %
    quiz_taken(low_quiz, pages["exam"], 0.95, when=at(7, 9))  # then above it
    quiz_taken(provisional, pages["exam"], 0.9, provisional=True)
    roleplay_played(violated, pages["privacy"], 0.9, violations=["policy"], passed=True)
    roleplay_played(violated, pages["privacy"], 0.75, when=at(7, 8))
    practice_record = roleplay_played(practice, pages["privacy"], 0.9)
    practice_record.details["mode"] = "practice"
    practice_record.save()
    for person, ticked in ((half, False), (full, True)):
        signoff_record(
            person=person,
            programme=programme,
            observer=manager,
            items={"独立接待": True, "信息核实": ticked},
            signed_at=at(7, 20),
        )
    course_passed(full, pages["course"])
    quiz_taken(full, pages["exam"], 0.85)
    roleplay_played(full, pages["privacy"], 0.8)
    new.profile.hire_date = timezone.localdate() - datetime.timedelta(days=10)
    new.profile.tier = Tier.SENIOR
    new.profile.save()
    return people


@pytest.mark.django_db
def test_batched_and_single_evaluation_agree_on_a_mixed_population(programme, pages):
    tenure = CertificationProgramme.objects.create(
        name="二线认证", positions=[Position.FIRST_LINE], tiers=[Tier.SENIOR]
    )
    ProgrammeRequirement.objects.create(
        programme=tenure, kind=RequirementKind.TENURE, days=30, sort_order=0
    )
    ProgrammeRequirement.objects.create(
        programme=tenure, kind=RequirementKind.SIGNOFF, checklist="独立接待", sort_order=1
    )
    people = mixed_population(programme, pages)
    signoff_record(
        person=people[8],
        programme=tenure,
        observer=make_person(role=Role.TRAINER),
        items={"独立接待": True},
    )
    outsider = make_person()  # not in the batch: read alone, as before
    course_passed(outsider, pages["course"])
    programmes = [programme, tenure]
    prefetched = PrefetchedRecords(people=people, programmes=programmes)
    elsewhere = CertificationProgramme.objects.create(name="未读入的认证")  # not in the batch
    ProgrammeRequirement.objects.create(
        programme=elsewhere, kind=RequirementKind.COURSE, page=pages["course"], sort_order=0
    )
    assert evaluate(people[1], elsewhere, prefetched=prefetched) == evaluate(people[1], elsewhere)

    for person in [*people, outsider]:
        for each in programmes:
            alone = evaluate(person, each)
            assert evaluate(person, each, prefetched=prefetched) == alone, (person, each)
    statuses = [evaluate(p, programme, prefetched=prefetched) for p in people]
    assert [s.done for s in statuses] == [0, 1, 1, 0, 1, 0, 0, 4, 0]
    assert statuses[7].met and len(statuses[7].evidence) == 4
    newcomer = evaluate(people[8], tenure, prefetched=prefetched)
    assert [r.met for r in newcomer.requirements] == [False, True]


@pytest.mark.django_db
def test_the_batch_read_groups_each_persons_passing_records_newest_first(pages):
    alice, bob, carol = make_person(), make_person(), make_person()
    first = course_passed(alice, pages["course"], when=at(7, 1))
    second = course_passed(alice, pages["course"], when=at(7, 5))
    quiz_taken(alice, pages["exam"], 0.3)  # failed: not a passing record
    bobs = quiz_taken(bob, pages["exam"], 0.9)
    course_passed(carol, pages["privacy"])  # another activity

    grouped = passing_records_for_people(
        users=[alice, bob, carol], activities=[pages["course"], pages["exam"]]
    )
    ids = {user_id: [record.pk for record in records] for user_id, records in grouped.items()}
    assert ids == {alice.pk: [second.pk, first.pk], bob.pk: [bobs.pk]}
    assert ids[alice.pk] == [
        r.pk for r in passing_records(user=alice, activities=[pages["course"]])
    ]
    assert grouped[bob.pk][0].details == bobs.details and grouped[bob.pk][0].score == 0.9
    only_quizzes = passing_records_for_people(
        users=alice.__class__.objects.filter(pk__in=[alice.pk, bob.pk]),
        activities=[pages["course"], pages["exam"]],
        kinds=["quiz"],
    )
    assert list(only_quizzes) == [bob.pk]
    assert passing_records_for_people(users=[], activities=[pages["course"]]) == {}
    assert passing_records_for_people(users=[alice], activities=[]) == {}
