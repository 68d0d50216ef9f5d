"""Assigning courses and programmes: who gets them, when they are due, who may assign, and the
two places it is done (the Wagtail admin for trainers, the team page for managers)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import CoursePage
from courses.services import catalog_ensure
from tests.factories import AgentProfileFactory, TeamFactory, UserFactory, make_person
from training.assignments import assignment_create, trainings_for_learner
from training.models import AssignedTraining, Assignment, Position, Tier
from training.roles import Role
from training.services import PersonData, person_upsert

pytestmark = pytest.mark.django_db

ADMIN_ADD_URL = "/cms/assignments/new/"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def catalog(db):
    return catalog_ensure(title="课程中心")


def publish_course(catalog, slug="service", title="服务规范"):
    course = CoursePage(title=title, slug=slug, kind="onboarding", summary="…")
    catalog.add_child(instance=course)
    course.save_revision().publish()
    return course


@pytest.fixture
def course(catalog):
    return publish_course(catalog)


@pytest.fixture
def trainer(db):
    return make_person(Role.TRAINER)


def person(team, position=Position.FIRST_LINE, tier=Tier.JUNIOR, hired=None):
    user = UserFactory()
    AgentProfileFactory(
        user=user,
        team=team,
        position=position,
        tier=tier,
        hire_date=hired or datetime.date(2026, 3, 1),
    )
    return user


def holders(page):
    return set(AssignedTraining.objects.filter(page=page).values_list("user_id", flat=True))


def test_team_and_position_must_both_match_and_named_people_are_added(course, trainer):
    team_a, team_b = TeamFactory(name="一组"), TeamFactory(name="二组")
    a_first = person(team_a)
    a_second = person(team_a, position=Position.SECOND_LINE)
    b_first = person(team_b)
    named = person(team_b, position=Position.COMPLAINT_SPECIALIST)

    assignment_create(
        page=course,
        assigned_by=trainer,
        teams=[team_a],
        positions=[Position.FIRST_LINE],
        people=[named],
    )
    assert holders(course) == {a_first.pk, named.pk}
    assert a_second.pk not in holders(course) and b_first.pk not in holders(course)


def test_due_date_is_fixed_or_counted_from_each_hire_date(catalog, trainer):
    team = TeamFactory()
    early = person(team, hired=datetime.date(2026, 1, 10))
    late = person(team, hired=datetime.date(2026, 2, 1))
    fixed, relative = publish_course(catalog, "a", "甲"), publish_course(catalog, "b", "乙")

    assignment_create(
        page=fixed, assigned_by=trainer, teams=[team], due_date=datetime.date(2026, 6, 30)
    )
    assignment_create(page=relative, assigned_by=trainer, teams=[team], due_days_after_hire=14)

    due = dict(AssignedTraining.objects.filter(page=fixed).values_list("user_id", "due_on"))
    assert due == {early.pk: datetime.date(2026, 6, 30), late.pk: datetime.date(2026, 6, 30)}
    due = dict(AssignedTraining.objects.filter(page=relative).values_list("user_id", "due_on"))
    assert due == {early.pk: datetime.date(2026, 1, 24), late.pk: datetime.date(2026, 2, 15)}


def test_the_earlier_due_date_wins_and_one_row_is_kept(course, trainer):
    team = TeamFactory()
    agent = person(team)
    assignment_create(
        page=course, assigned_by=trainer, teams=[team], due_date=datetime.date(2026, 9, 1)
    )
    sooner = assignment_create(
        page=course, assigned_by=trainer, people=[agent], due_date=datetime.date(2026, 7, 1)
    )
    assignment_create(
        page=course, assigned_by=trainer, people=[agent], due_date=datetime.date(2026, 12, 1)
    )
    row = AssignedTraining.objects.get(user=agent, page=course)
    assert (row.due_on, row.assignment_id) == (datetime.date(2026, 7, 1), sooner.pk)


def test_a_new_hire_from_the_roster_gets_the_standing_onboarding_assignment(
    course, trainer, django_capture_on_commit_callbacks
):
    assignment_create(
        page=course,
        assigned_by=trainer,
        positions=[Position.FIRST_LINE],
        due_days_after_hire=14,
        include_new_hires=True,
    )
    hired = timezone.localdate()
    data = PersonData(
        "N0001", "新同事", "new@shop.example.cn", "售后一组", Position.FIRST_LINE, Tier.JUNIOR,
        hired, Role.LEARNER,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        user, outcome = person_upsert(data=data)
    assert outcome == "created"
    row = AssignedTraining.objects.get(user=user, page=course)
    assert row.due_on == hired + datetime.timedelta(days=14)
    (status,) = trainings_for_learner(viewer=user)
    assert status.state == "not_started"

    analyst = PersonData(
        "N0002", "分析员", "da@shop.example.cn", "售后一组", Position.DATA_ANALYST, Tier.JUNIOR,
        hired, Role.LEARNER,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        other, _outcome = person_upsert(data=analyst)
    assert not AssignedTraining.objects.filter(user=other).exists()


def test_a_manager_may_not_assign_to_another_team(course):
    from django.core.exceptions import PermissionDenied

    mine, theirs = TeamFactory(name="我的组"), TeamFactory(name="别人的组")
    manager = make_person(Role.MANAGER, team=mine)
    outsider = person(theirs)
    with pytest.raises(PermissionDenied):
        assignment_create(page=course, assigned_by=manager, teams=[theirs])
    with pytest.raises(PermissionDenied):
        assignment_create(page=course, assigned_by=manager, people=[outsider])
    assert not Assignment.objects.exists() and not AssignedTraining.objects.exists()


# --- The Wagtail admin (trainers and administrators) ------------------------------------------


def test_trainer_assigns_in_the_admin_and_sees_how_many_people_got_it(client, course, trainer):
    team = TeamFactory(name="售后一组")
    agents = [person(team), person(team)]
    client.force_login(trainer)

    form = client.get(ADMIN_ADD_URL)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="page"' in html and "First-line agent" in html and "售后一组" in html

    response = client.post(
        ADMIN_ADD_URL,
        {"page": course.pk, "teams": [team.pk], "due_days_after_hire": "14"},
        follow=True,
    )
    assert response.status_code == 200
    assert holders(course) == {agent.pk for agent in agents}
    assignment = Assignment.objects.get()
    assert assignment.assigned_by == trainer and assignment.due_days_after_hire == 14
    html = response.content.decode()
    assert "2 people got it" in html
    assert "服务规范" in html and "14 days after hire" in html

    inspect_url = reverse("assignments:inspect", args=[assignment.pk])
    assert client.get(inspect_url).status_code == 200
    edit = client.get(reverse("assignments:edit", args=[assignment.pk]))
    assert edit["Location"] == inspect_url  # assignments are deleted and made again, not edited

    delete_url = reverse("assignments:delete", args=[assignment.pk])
    assert client.post(delete_url).status_code == 302
    assert not AssignedTraining.objects.exists()


def test_admin_refuses_pages_that_are_not_courses_or_programmes(client, catalog, trainer):
    team = TeamFactory()
    person(team)
    client.force_login(trainer)
    response = client.post(ADMIN_ADD_URL, {"page": catalog.pk, "teams": [team.pk]})
    assert response.status_code == 200  # the form again, with its error
    assert not Assignment.objects.exists()


def test_admin_refuses_two_kinds_of_due_date(client, course, trainer):
    team = TeamFactory()
    person(team)
    client.force_login(trainer)
    response = client.post(
        ADMIN_ADD_URL,
        {"page": course.pk, "teams": [team.pk], "due_date": "2026-12-01", "due_days_after_hire": 3},
    )
    assert "not both" in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MANAGER])
def test_learners_and_managers_cannot_reach_the_admin_assignments(client, course, role):
    client.force_login(make_person(role))
    response = client.get(ADMIN_ADD_URL)
    assert response.status_code in (302, 403)
    response = client.post(ADMIN_ADD_URL, {"page": course.pk, "teams": [TeamFactory().pk]})
    assert response.status_code in (302, 403)
    assert not Assignment.objects.exists()


# --- The manager's team page ------------------------------------------------------------------


@pytest.fixture
def teams(db):
    return TeamFactory(name="售后服务一组"), TeamFactory(name="在线客服二组")


@pytest.fixture
def manager(teams):
    return make_person(Role.MANAGER, team=teams[0])


def test_manager_assigns_to_own_team_narrowed_by_position(client, course, teams, manager):
    mine, _theirs = teams
    first, second = person(mine), person(mine, position=Position.SECOND_LINE)
    client.force_login(manager)

    page = client.get("/team/assign/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "服务规范" in html and "售后服务一组" in html and "在线客服二组" not in html

    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        "/team/assign/",
        {"page": course.pk, "team": mine.pk, "positions": [Position.SECOND_LINE], "due_date": due},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("team_home")
    assert holders(course) == {second.pk}
    assert AssignedTraining.objects.get(user=second).due_on == due
    html = response.content.decode()
    assert "1 person got it" in html
    assert first.pk not in holders(course)


@pytest.mark.parametrize("field", ["team", "people"])
def test_a_hostile_post_naming_another_team_changes_nothing(client, course, teams, manager, field):
    _mine, theirs = teams
    outsider = person(theirs)
    client.force_login(manager)
    value = theirs.pk if field == "team" else [outsider.pk]
    response = client.post("/team/assign/", {"page": course.pk, field: value})
    assert response.status_code == 400
    assert "only assign training to your own teams" in response.content.decode()
    assert not Assignment.objects.exists() and not AssignedTraining.objects.exists()


def test_learners_cannot_assign(client, course, teams):
    learner = person(teams[0])
    client.force_login(learner)
    assert client.get("/team/assign/").status_code == 403
    client.post("/team/assign/", {"page": course.pk, "team": teams[0].pk})
    assert not Assignment.objects.exists()


def test_team_page_lists_each_members_trainings_with_overdue_marked(
    client, catalog, teams, manager, trainer
):
    mine, theirs = teams
    late, fine = person(mine), person(mine)
    stranger = person(theirs)
    overdue_course = publish_course(catalog, "old", "旧课程")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assignment_create(page=overdue_course, assigned_by=trainer, people=[late], due_date=yesterday)
    assignment_create(
        page=publish_course(catalog, "new", "新课程"),
        assigned_by=trainer,
        people=[fine, stranger],
        due_date=yesterday + datetime.timedelta(days=30),
    )
    client.force_login(manager)
    html = client.get("/team/").content.decode()
    assert "/team/assign/" in html
    assert "旧课程" in html and "新课程" in html
    assert html.count('class="assigned-row assigned-row--overdue"') == 1
    assert "Overdue" in html
    assert stranger.get_full_name() not in html


def test_a_veteran_added_to_the_roster_later_is_not_given_the_new_hire_onboarding(
    course, trainer, django_capture_on_commit_callbacks
):
    assignment_create(
        page=course,
        assigned_by=trainer,
        positions=[Position.FIRST_LINE],
        due_days_after_hire=14,
        include_new_hires=True,
    )
    # On staff for two years: onboarding would have been due long before the assignment.
    veteran = PersonData(
        "V0001", "老员工", "veteran@shop.example.cn", "售后一组", Position.FIRST_LINE,
        Tier.SENIOR, timezone.localdate() - datetime.timedelta(days=730), Role.LEARNER,
    )  # fmt: skip
    # Hired last week, entered a few days late: still a new hire.
    late = PersonData(
        "N0003", "新同事", "late@shop.example.cn", "售后一组", Position.FIRST_LINE, Tier.JUNIOR,
        timezone.localdate() - datetime.timedelta(days=7), Role.LEARNER,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        old, _outcome = person_upsert(data=veteran)
        new, _outcome = person_upsert(data=late)

    assert not AssignedTraining.objects.filter(user=old).exists()
    assert AssignedTraining.objects.get(user=new, page=course).due_on == (
        timezone.localdate() + datetime.timedelta(days=7)
    )
