"""KPIs are read through a selector that shows managers only their teams' agents."""

import datetime

import pytest

from evaluation.models import AgentKpi
from evaluation.selectors import kpis_for_viewer
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 1)


def kpi(person, month=MARCH, metric="csat", value=0.9):
    return AgentKpi.objects.create(person=person, month=month, metric=metric, value=value)


def test_a_manager_reads_the_kpis_of_their_teams_only():
    north, south = TeamFactory(name="北区"), TeamFactory(name="南区")
    manager = make_person(Role.MANAGER, team=north)
    mine, other = make_person(team=north), make_person(team=south)
    kpi(mine), kpi(other)

    people = {row.person_id for row in kpis_for_viewer(viewer=manager)}

    assert people == {mine.pk}


def test_a_trainer_reads_everyone_and_a_learner_only_themselves():
    alice, bob = make_person(), make_person()
    kpi(alice), kpi(bob)

    assert kpis_for_viewer(viewer=make_person(Role.TRAINER)).count() == 2
    assert [row.person_id for row in kpis_for_viewer(viewer=alice)] == [alice.pk]


def test_kpis_narrow_to_people_months_and_metrics():
    alice = make_person()
    for month in (datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), MARCH):
        kpi(alice, month=month)
        kpi(alice, month=month, metric="complaint_rate", value=0.02)

    rows = kpis_for_viewer(
        viewer=make_person(Role.ADMINISTRATOR),
        people=[alice.pk],
        months=(datetime.date(2026, 2, 15), MARCH),
        metrics=["csat"],
    )

    assert [(row.month.month, row.metric) for row in rows] == [(2, "csat"), (3, "csat")]
