"""The survey, the observation checklist and the gap read in Chinese, the site's default
language."""

import pytest
from django.urls import reverse
from django.utils import translation

from evaluation.observations import checklist_for
from tests.evaluation.conftest import complete_course
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


def test_the_survey_and_the_observation_pages_are_in_chinese(client, settings, course):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    team = TeamFactory()
    agent, manager = make_person(team=team), make_person(Role.MANAGER, team=team)
    complete_course(agent, course, days_ago=2)
    veteran = make_person(team=team)
    complete_course(veteran, course, days_ago=100)
    checklist = checklist_for(course)

    with translation.override("zh-hans"):
        client.force_login(agent)
        survey = client.get(reverse("evaluation_survey", args=[course.pk, "short_term"]))
        client.force_login(manager)
        url = reverse("evaluation_observation", args=[veteran.pk, course.pk, "mid_term"])
        observation = client.get(url).content.decode()
        data = {f"b-{b.key}": "partly" for b in checklist.behaviours.all()}
        client.post(url, data)
        member = client.get(reverse("team_member", args=[veteran.pk])).content.decode()

    page = survey.content.decode()
    assert "培训满意度调查" in page and "1 = 非常不同意" in page and "提交答案" in page
    assert "作答过程中答案会自动保存" in page
    assert "在岗观察：" in observation and "部分做到" in observation and "未观察到" in observation
    assert "培训效果：行为观察" in member and "部分做到" in member
