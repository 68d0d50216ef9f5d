import pytest
from django.core.management import call_command

from courses.selectors import course_search
from tests.courses.conftest import publish_child


@pytest.mark.django_db
def test_a_word_in_a_lesson_body_finds_its_course(learner, course):
    assert [c.title for c in course_search(user=learner, query="到账")] == ["平台操作"]


@pytest.mark.django_db
def test_course_title_and_summary_are_searched(learner, course):
    assert [c.title for c in course_search(user=learner, query="办退款")] == ["平台操作"]
    assert [c.title for c in course_search(user=learner, query="平台操作")] == ["平台操作"]


@pytest.mark.django_db
def test_every_word_must_match(learner, course):
    assert course_search(user=learner, query="退款 到账")
    assert course_search(user=learner, query="退款 火星") == []


@pytest.mark.django_db
def test_unpublished_lessons_and_anonymous_visitors_find_nothing(learner, course):
    from django.contrib.auth.models import AnonymousUser

    course.lessons().last().unpublish()
    call_command("update_index", verbosity=0)
    assert course_search(user=learner, query="到账") == []
    assert course_search(user=AnonymousUser(), query="平台") == []


@pytest.mark.django_db
def test_catalogue_search_box_shows_matching_courses(learner_client, course):
    from courses.models import CoursePage

    publish_child(
        course.get_parent(), CoursePage(title="沟通技巧", slug="talk", summary="倾听与表达。")
    )
    response = learner_client.get(course.get_parent().url, {"q": "到账"})
    assert response.status_code == 200
    assert [c.title for c in response.context["search_results"]] == ["平台操作"]
    assert "沟通技巧" not in response.content.decode()
