"""A programme's requirements are read from the learning record: each is met or says what
is missing."""

import pytest

from certification.evaluation import applicable_programmes, evaluate
from certification.services import signoff_record
from tests.certification.conftest import at, course_passed, quiz_taken, roleplay_played
from tests.factories import make_person
from training.models import Position
from training.roles import Role


def by_kind(status):
    return {r.kind: r for r in status.requirements}


@pytest.mark.django_db
def test_nothing_done_lists_every_requirement_as_missing(programme):
    person = make_person()
    status = evaluate(person, programme)
    assert [r.met for r in status.requirements] == [False, False, False, False]
    assert not status.met
    requirements = by_kind(status)
    assert requirements["quiz"].label == "Pass the quiz “入职上岗考核” with at least 80%"
    assert requirements["quiz"].missing == "Not yet passed with at least 80%."
    assert requirements["signoff"].missing == "Not signed off by a supervisor yet."


@pytest.mark.django_db
def test_each_requirement_is_met_by_the_record_that_fits_it(programme, pages):
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    course = course_passed(person, pages["course"])
    quiz_taken(person, pages["exam"], 0.7)  # passed, but below the programme's 80 %
    exam = quiz_taken(person, pages["exam"], 0.85, when=at(7, 5))
    # A critical violation: not a certification pass, even where the producer passed it.
    roleplay_played(person, pages["privacy"], 0.9, violations=["policy"], passed=True)
    play = roleplay_played(person, pages["privacy"], 0.8, when=at(7, 6))
    signoff_record(
        person=person,
        programme=programme,
        observer=manager,
        items={"独立接待": True, "信息核实": True},
        signed_at=at(7, 20),
    )

    status = evaluate(person, programme)

    assert status.met
    requirements = by_kind(status)
    assert requirements["course"].record_ids == (course.pk,)
    assert requirements["quiz"].record_ids == (exam.pk,)
    assert requirements["roleplay"].record_ids == (play.pk,)
    assert status.met_at == at(7, 20)
    assert len(status.evidence) == 4


@pytest.mark.django_db
def test_a_provisional_quiz_a_practice_role_play_and_a_half_sign_off_do_not_count(programme, pages):
    person = make_person()
    manager = make_person(role=Role.MANAGER, team=person.profile.team)
    quiz_taken(person, pages["exam"], 0.95, provisional=True)
    roleplay_played(person, pages["privacy"], 0.6)  # below the 70 % total
    signoff_record(
        person=person,
        programme=programme,
        observer=manager,
        items={"独立接待": True, "信息核实": False},
    )
    requirements = by_kind(evaluate(person, programme))
    assert not requirements["quiz"].met
    assert not requirements["roleplay"].met
    assert not requirements["signoff"].met


@pytest.mark.django_db
def test_a_programme_applies_only_to_its_positions(programme):
    agent = make_person()
    specialist = make_person()
    specialist.profile.position = Position.COMPLAINT_SPECIALIST
    specialist.profile.save()
    assert applicable_programmes(agent) == [programme]
    assert applicable_programmes(specialist) == []
