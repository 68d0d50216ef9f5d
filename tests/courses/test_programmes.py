"""Programmes: courses ordered over days, progress counted from completed courses, locks from
prerequisites, and the page a learner reads."""

import pytest
from django.utils import translation
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, ModulePage
from courses.programmes import ProgrammeCourse, ProgrammePage
from courses.progress import lesson_complete
from tests.courses.conftest import publish_child
from tests.factories import make_person
from training.assignments import assignment_create, trainings_for_learner
from training.roles import Role

pytestmark = pytest.mark.django_db


def make_course(catalog, slug, title, lessons=2, prerequisites=()):
    course = publish_child(
        catalog, CoursePage(title=title, slug=slug, kind="onboarding", summary="…")
    )
    module = publish_child(course, ModulePage(title="第一章", slug=f"{slug}-m"))
    for n in range(lessons):
        publish_child(module, LessonPage(title=f"{title}{n + 1}", slug=f"{slug}-l{n}", body=[]))
    if prerequisites:
        course.prerequisites.set(prerequisites)
        course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def basics(catalog):
    return make_course(catalog, "basics", "岗位认知")


@pytest.fixture
def talk(catalog, basics):
    return make_course(catalog, "talk", "沟通技巧", prerequisites=[basics])


@pytest.fixture
def programme(catalog, basics, talk):
    page = ProgrammePage(title="两周入职", slug="two-weeks", intro="先学规范，再练沟通。")
    page.programme_courses = [
        ProgrammeCourse(course=basics, start_day=1, end_day=3, note="产品知识与服务流程"),
        ProgrammeCourse(course=talk, start_day=4, end_day=7, note="角色扮演演练"),
        ProgrammeCourse(course=None, start_day=8, end_day=10, note="实操练习与上岗考核"),
    ]
    return publish_child(catalog, page)


def finish(user, course):
    for lesson in course.lessons():
        lesson_complete(user=user, lesson=lesson)


def test_programme_can_be_created_under_the_catalogue_only(catalog):
    assert "courses.ProgrammePage" in [
        f"{m._meta.app_label}.{m.__name__}" for m in catalog.specific_class.allowed_subpage_models()
    ]
    assert ProgrammePage.allowed_parent_page_models() == [catalog.specific_class]
    assert not ProgrammePage.can_create_at(Page.get_first_root_node())


def test_progress_moves_with_every_lesson_and_counts_completed_courses(
    programme, basics, talk, learner
):
    lessons = basics.lessons().count() + talk.lessons().count()
    assert programme.progress_for(learner) == (0, lessons)
    assert programme.courses_completed_for(learner) == (0, 2)
    assert programme.resume_url_for(learner) == basics.lessons().first().url

    lesson_complete(user=learner, lesson=basics.lessons().first())
    assert programme.progress_for(learner) == (1, lessons)  # the learner's bar moves
    assert programme.courses_completed_for(learner) == (0, 2)  # half a course is not a course
    assert programme.last_activity_for(learner) is not None

    finish(learner, basics)
    assert programme.courses_completed_for(learner) == (1, 2)
    assert programme.resume_url_for(learner) == talk.lessons().first().url
    finish(learner, talk)
    assert programme.progress_for(learner) == (lessons, lessons)
    assert programme.courses_completed_for(learner) == (2, 2)
    assert programme.resume_url_for(learner) == programme.url


def test_unpublished_course_leaves_the_programme_count(programme, talk, learner):
    talk.unpublish()
    assert programme.courses_completed_for(learner) == (0, 1)


def test_course_with_unmet_prerequisites_is_locked_on_the_timeline(programme, basics, learner):
    stages = programme.timeline_for(learner)
    assert [stage["days"] for stage in stages] == [(1, 3), (4, 7), (8, 10)]
    talk_entry = stages[1]["entries"][0]
    assert [c.pk for c in talk_entry["missing"]] == [basics.pk]
    assert stages[0]["entries"][0]["missing"] == []
    assert stages[2]["entries"][0]["course"] is None

    finish(learner, basics)
    stages = programme.timeline_for(learner)
    assert stages[0]["entries"][0]["completed"]
    assert stages[1]["entries"][0]["missing"] == []


def test_page_renders_the_timeline_for_a_learner(programme, basics, learner, learner_client):
    lesson_complete(user=learner, lesson=basics.lessons().first())
    with translation.override("en"):
        learner_client.cookies["django_language"] = "en"
        response = learner_client.get(programme.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("两周入职", "岗位认知", "沟通技巧", "角色扮演演练", "实操练习与上岗考核"):
        assert text in html
    assert "Days 4–7" in html
    assert 'class="timeline__course is-locked"' in html
    assert 'aria-valuenow="50"' in html  # half of the first course
    assert "0 of 2 courses completed" in html


def test_anonymous_visitors_log_in_first(client, programme):
    response = client.get(programme.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_assigned_programme_shows_its_progress_in_my_training(programme, basics, talk, learner):
    trainer = make_person(Role.TRAINER)
    assignment_create(page=programme, assigned_by=trainer, people=[learner])
    finish(learner, basics)
    (status,) = trainings_for_learner(viewer=learner)
    lessons = basics.lessons().count() + talk.lessons().count()
    assert (status.page.pk, status.done, status.total, status.state) == (
        programme.pk,
        basics.lessons().count(),
        lessons,
        "in_progress",
    )


def test_the_catalogue_lists_programmes(catalog, programme, learner_client):
    page = learner_client.get(catalog.url).content.decode()
    assert programme.title in page and f'href="{programme.url}"' in page


def test_the_team_page_shows_each_members_programme_progress_in_queries_not_growing_with_people(
    client, programme, basics, talk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TeamFactory

    team = TeamFactory()
    manager = make_person(Role.MANAGER, team=team)
    trainer = make_person(Role.TRAINER)
    ahead, behind = make_person(team=team, name="甲"), make_person(team=team, name="乙")
    assignment_create(page=programme, assigned_by=trainer, people=[ahead, behind])
    finish(ahead, basics)
    lesson_complete(user=behind, lesson=basics.lessons().first())
    client.force_login(manager)
    client.cookies["django_language"] = "en"

    with CaptureQueriesContext(connection) as two_people:
        html = client.get("/team/").content.decode()
    assert "2 of 4 done (50%)" in html and "1 of 4 done (25%)" in html

    more = [make_person(team=team) for _ in range(4)]
    assignment_create(page=programme, assigned_by=trainer, people=more)
    with CaptureQueriesContext(connection) as six_people:
        html = client.get("/team/").content.decode()
    assert html.count("0 of 4 done (0%)") == 4
    # Progress is read per programme for everyone at once, not per person.
    assert len(six_people.captured_queries) <= len(two_people.captured_queries)
