import pytest
from django.core.management import call_command
from wagtail.models import Page

from courses.models import CourseKind, CoursePage, LessonPage


@pytest.mark.django_db
def test_demo_courses_load_once_however_often_the_command_runs():
    call_command("load_demo_courses")
    pages = Page.objects.count()
    call_command("load_demo_courses")
    assert Page.objects.count() == pages


@pytest.mark.django_db
def test_demo_catalogue_has_every_kind_of_course_published():
    call_command("load_demo_courses")
    courses = CoursePage.objects.live()
    assert {course.kind for course in courses} == set(CourseKind.values)
    for course in courses:
        outline = [module.lessons().count() for module in course.modules()]
        assert 2 <= len(outline) <= 3, course.title
        assert all(2 <= lessons <= 3 for lessons in outline), course.title
    for lesson in LessonPage.objects.live():
        assert len(lesson.body) >= 1, lesson.title
