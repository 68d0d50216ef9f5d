"""Trainers author surveys in the admin (培训评估): questions in Chinese with generated keys,
checked before anything is saved; the built-in surveys exist out of the box; a course is
given its survey."""

import pytest
from django.urls import reverse

from evaluation.survey_models import BuiltinSurvey, CourseSurvey, Survey
from tests.factories import PASSWORD, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


def survey_data(*questions, name="客户沟通课满意度"):
    data = {
        "name": name,
        "intro": "",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, dimension, text) in enumerate(questions):
        data.update(
            {
                f"questions-{index}-kind": kind,
                f"questions-{index}-dimension": dimension,
                f"questions-{index}-text": text,
                f"questions-{index}-required": "on",
                f"questions-{index}-ORDER": str(index + 1),
            }
        )
    return data


@pytest.fixture
def trainer_client(client):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    return client


def test_the_built_in_surveys_exist_with_the_four_dimensions_recommend_and_free_text():
    reaction = Survey.objects.get(builtin=BuiltinSurvey.REACTION)
    questions = list(reaction.questions.all())
    assert [q.dimension for q in questions if q.kind == "likert"] == [
        "content",
        "format",
        "trainer",
        "usefulness",
    ]
    assert [q.kind for q in questions[4:]] == ["recommend", "text"]
    assert len({q.key for q in questions}) == 6 and all(q.key for q in questions)
    still_useful = Survey.objects.get(builtin=BuiltinSurvey.STILL_USEFUL)
    assert still_useful.questions.first().dimension == "usefulness"


def test_a_trainer_writes_a_survey_and_each_question_gets_a_key(trainer_client):
    response = trainer_client.post(
        reverse("evaluation_survey:add"),
        survey_data(
            ("likert", "trainer", "培训师讲解清楚"),
            ("recommend", "", "你会推荐吗？"),
            ("text", "", "还有什么建议？"),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = Survey.objects.get(name="客户沟通课满意度")
    keys = [q.key for q in survey.questions.all()]
    assert len(set(keys)) == 3 and all(len(key) == 8 for key in keys)
    assert [q.text for q in survey.questions.all()] == [
        "培训师讲解清楚",
        "你会推荐吗？",
        "还有什么建议？",
    ]


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ((), "A survey asks at least one question."),
        ((("likert", "", "内容有用"),), "Say what this rating is about."),
        ((("text", "content", "建议"),), "Only a rating from 1 to 5 has a dimension"),
        ((("recommend", "", "推荐吗"), ("recommend", "", "再问一次")), "at most once"),
        ((("likert", "content", "内容有用"), ("likert", "format", "内容有用")), "same text"),
    ],
)
def test_a_survey_that_does_not_hold_together_is_refused_and_nothing_saved(
    trainer_client, questions, message
):
    response = trainer_client.post(reverse("evaluation_survey:add"), survey_data(*questions))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Survey.objects.filter(name="客户沟通课满意度").exists()


def test_editing_a_question_keeps_its_key(trainer_client):
    survey = Survey.objects.get(builtin=BuiltinSurvey.REACTION)
    first = survey.questions.first()
    data = {
        "name": survey.name,
        "intro": "",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-id": str(first.pk),
        "questions-0-kind": "likert",
        "questions-0-dimension": "content",
        "questions-0-text": "课程内容实用",
        "questions-0-required": "on",
        "questions-0-ORDER": "1",
    }
    response = trainer_client.post(reverse("evaluation_survey:edit", args=[survey.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db()
    assert first.text == "课程内容实用" and first.key == survey.questions.first().key


def test_a_course_is_given_a_survey_and_a_long_term_one(trainer_client, course):
    reaction = Survey.objects.get(builtin=BuiltinSurvey.REACTION)
    still_useful = Survey.objects.get(builtin=BuiltinSurvey.STILL_USEFUL)
    url = reverse("evaluation_course_survey:add")
    same = trainer_client.post(
        url, {"course": course.pk, "survey": reaction.pk, "long_term_survey": reaction.pk}
    )
    assert same.status_code == 200 and not CourseSurvey.objects.exists()
    response = trainer_client.post(
        url, {"course": course.pk, "survey": reaction.pk, "long_term_survey": still_useful.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CourseSurvey.objects.get(course=course).long_term_survey == still_useful


def test_a_page_that_is_not_a_course_cannot_be_given_a_survey(trainer_client, catalog):
    reaction = Survey.objects.get(builtin=BuiltinSurvey.REACTION)
    response = trainer_client.post(
        reverse("evaluation_course_survey:add"), {"course": catalog.pk, "survey": reaction.pk}
    )
    assert response.status_code == 200 and not CourseSurvey.objects.exists()


def test_the_evaluation_menu_lists_the_authoring_pages_for_trainers(trainer_client):
    response = trainer_client.get(reverse("wagtailadmin_home"))
    page = response.content.decode()
    for url_name in ("evaluation_survey:index", "evaluation_checklist:index"):
        assert reverse(url_name) in page


def test_a_learner_cannot_author_surveys(client):
    learner = make_person()
    client.login(email=learner.email, password=PASSWORD)
    response = client.get(reverse("evaluation_survey:add"))
    assert response.status_code in (302, 403)


def test_a_survey_in_use_is_kept_and_the_trainer_told_why(trainer_client, course):
    reaction = Survey.objects.get(builtin=BuiltinSurvey.REACTION)
    CourseSurvey.objects.create(course=course, survey=reaction)
    url = reverse("evaluation_survey:delete", args=[reaction.pk])
    response = trainer_client.post(url, follow=True)
    assert response.status_code == 200
    assert "is in use" in response.content.decode()
    assert Survey.objects.filter(pk=reaction.pk).exists()

    unused = Survey.objects.get(builtin=BuiltinSurvey.STILL_USEFUL)
    trainer_client.post(reverse("evaluation_survey:delete", args=[unused.pk]))
    assert not Survey.objects.filter(pk=unused.pk).exists()
