"""A learner answers one wave's survey of a course they completed: answers autosave (a reload
shows them), submit writes one learning record with the wave, twice still once; someone
else's survey, or a wave not open, is not found."""

import pytest
from django.urls import reverse

from evaluation.survey_models import BuiltinSurvey, CourseSurvey, Survey, SurveyResponse
from evaluation.surveys import survey_submit
from tests.evaluation.conftest import complete_course
from tests.factories import make_person
from training.models import RecordKind
from training.records import course_results

pytestmark = pytest.mark.django_db

SHORT = "short_term"


@pytest.fixture
def survey():
    return Survey.objects.get(builtin=BuiltinSurvey.REACTION)


@pytest.fixture
def learner(course):
    person = make_person()
    complete_course(person, course, days_ago=2)
    return person


def field(survey, position):
    return f"q-{list(survey.questions.all())[position].key}"


def full_answers(survey, ratings=(5, 4, 4, 3), recommend=9, text="多一些真实案例"):
    data = {field(survey, i): str(rating) for i, rating in enumerate(ratings)}
    data[field(survey, 4)] = str(recommend)
    data[field(survey, 5)] = text
    return data


def urls(course, wave=SHORT):
    return (
        reverse("evaluation_survey", args=[course.pk, wave]),
        reverse("evaluation_survey_save", args=[course.pk, wave]),
        reverse("evaluation_survey_submit", args=[course.pk, wave]),
    )


def test_the_form_shows_each_question_with_its_scale_in_radio_groups(client, learner, course):
    client.force_login(learner)
    page = client.get(urls(course)[0]).content.decode()
    assert page.count("<fieldset") == 6
    assert page.count('type="radio"') == 4 * 5 + 11
    assert "课程内容对我有帮助、条理清楚" in page and "<textarea" in page
    assert 'data-save-url="' + urls(course)[1] in page


def test_autosave_keeps_each_change_and_a_reload_shows_it(client, learner, course, survey):
    client.force_login(learner)
    view, save, _submit = urls(course)
    reply = client.post(
        save,
        {field(survey, 1): "2", field(survey, 5): "节奏太快"},
        headers={"X-Requested-With": "fetch"},
    )
    assert reply.status_code == 200 and reply.json()["saved"] is True
    page = client.get(view).content.decode()
    assert f'name="{field(survey, 1)}" value="2" checked' in page
    assert "节奏太快</textarea>" in page
    assert not course_results(user=learner, course=course, kind=RecordKind.SURVEY, wave=SHORT)


def test_a_value_off_the_scale_is_refused_and_changes_nothing(client, learner, course, survey):
    client.force_login(learner)
    _view, save, _submit = urls(course)
    client.post(save, {field(survey, 0): "4"}, headers={"X-Requested-With": "fetch"})
    reply = client.post(save, {field(survey, 0): "6"}, headers={"X-Requested-With": "fetch"})
    assert reply.status_code == 400
    assert "from 1 to 5" in str(reply.json()["errors"])
    assert SurveyResponse.objects.get().answers == {list(survey.questions.all())[0].key: 4}


def test_submit_writes_one_record_with_the_wave_and_twice_is_still_once(
    client, learner, course, survey
):
    client.force_login(learner)
    _view, _save, submit = urls(course)
    assert client.post(submit, full_answers(survey)).status_code == 302
    [first] = course_results(user=learner, course=course, kind=RecordKind.SURVEY, wave=SHORT)
    assert client.post(submit, full_answers(survey, ratings=(1, 1, 1, 1))).status_code == 302
    ones = {q.key: 1 for q in survey.questions.all() if q.kind == "likert"}
    again = survey_submit(person=learner, course=course, wave=SHORT, survey=survey, answers=ones)

    [record] = course_results(user=learner, course=course, kind=RecordKind.SURVEY, wave=SHORT)
    assert again == record == first and record.completed_at == first.completed_at
    assert record.wave == SHORT and record.course_id == course.pk
    assert record.activity == survey and record.passed is True
    assert record.score == pytest.approx((4.0 - 1) / 4)  # mean rating 4 of 5,4,4,3
    details = record.details
    assert details["dimensions"] == {"content": 5, "format": 4, "trainer": 4, "usefulness": 3}
    assert details["recommend"] == 9
    texts = {answer["question"]: answer["text"] for answer in details["answers"]}
    assert texts[list(survey.questions.all())[0].key] == "课程内容对我有帮助、条理清楚"
    assert details["answers"][-1]["comment"] == "多一些真实案例"


def test_a_required_question_left_blank_keeps_the_answers_and_records_nothing(
    client, learner, course, survey
):
    client.force_login(learner)
    _view, _save, submit = urls(course)
    answers = full_answers(survey)
    del answers[field(survey, 2)]
    response = client.post(submit, answers)
    assert response.status_code == 400
    assert '<p class="field-error" id="error-3">This question needs an answer.</p>' in (
        response.content.decode()
    )
    assert not course_results(user=learner, course=course, kind=RecordKind.SURVEY, wave=SHORT)
    assert SurveyResponse.objects.get().submitted_at is None


def test_the_question_text_as_asked_survives_an_edit_of_the_survey(learner, course, survey):
    answers = {q.key: 4 for q in survey.questions.all() if q.kind == "likert"}
    answers[list(survey.questions.all())[4].key] = 10
    survey_submit(person=learner, course=course, wave=SHORT, survey=survey, answers=answers)
    first = survey.questions.first()
    first.text = "改过的问题"
    first.save()
    survey_submit(person=learner, course=course, wave=SHORT, survey=survey)
    [record] = course_results(user=learner, course=course, kind=RecordKind.SURVEY, wave=SHORT)
    assert record.details["answers"][0]["text"] == "课程内容对我有帮助、条理清楚"


def test_someone_who_did_not_complete_the_course_finds_no_survey(client, course):
    other = make_person()
    client.force_login(other)
    view, save, submit = urls(course)
    assert client.get(view).status_code == 404
    assert client.post(save, {}, headers={"X-Requested-With": "fetch"}).status_code == 404
    assert client.post(submit, {}).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_wave_not_open_is_not_found(client, learner, course, survey):
    still_useful = Survey.objects.get(builtin=BuiltinSurvey.STILL_USEFUL)
    CourseSurvey.objects.create(course=course, survey=survey, long_term_survey=still_useful)
    client.force_login(learner)
    assert client.get(urls(course)[0]).status_code == 200
    assert client.get(urls(course, "mid_term")[0]).status_code == 404
    assert client.get(urls(course, "long_term")[0]).status_code == 404
    assert client.get(urls(course, "nonsense")[0]).status_code == 404
    long_ago = make_person()
    complete_course(long_ago, course, days_ago=120)  # the short-term wave has closed
    client.force_login(long_ago)
    assert client.get(urls(course)[0]).status_code == 404


def test_the_long_term_survey_is_asked_when_the_plan_says_so(client, course, survey):
    from evaluation.models import EvaluationPlan

    veteran = make_person()
    complete_course(veteran, course, days_ago=370)
    client.force_login(veteran)
    view = urls(course, "long_term")[0]
    assert client.get(view).status_code == 404  # the default plan: not asked
    still_useful = Survey.objects.get(builtin=BuiltinSurvey.STILL_USEFUL)
    # A follow-up survey chosen for the course does not switch it on: the plan does.
    CourseSurvey.objects.create(course=course, survey=survey, long_term_survey=survey)
    assert client.get(view).status_code == 404
    plan = EvaluationPlan.objects.create(course=course, long_instruments=["survey"])
    page = client.get(view)
    assert page.status_code == 200 and survey.name in page.content.decode()
    # Without a follow-up survey chosen, the built-in "still useful?" one.
    CourseSurvey.objects.filter(course=course).update(long_term_survey=None)
    page = client.get(view)
    assert page.status_code == 200 and still_useful.name in page.content.decode()
    plan.long_instruments = []
    plan.save()
    assert client.get(view).status_code == 404


def test_after_submitting_the_page_thanks_and_the_form_is_gone(client, learner, course, survey):
    client.force_login(learner)
    view, _save, submit = urls(course)
    client.post(submit, full_answers(survey))
    page = client.get(view).content.decode()
    assert "your answers were submitted on" in page and '<form class="survey__form"' not in page
    reply = client.post(
        urls(course)[1], full_answers(survey), headers={"X-Requested-With": "fetch"}
    )
    assert reply.status_code == 409


def test_a_question_changed_to_another_kind_after_a_draft_does_not_break_the_submit(
    learner, course, survey
):
    from evaluation.surveys import survey_save

    answers = {q.key: 4 for q in survey.questions.all() if q.kind != "text"}
    survey_save(person=learner, course=course, wave=SHORT, survey=survey, answers=answers)
    first = survey.questions.first()
    first.kind, first.dimension = "text", ""
    first.save()
    record = survey_submit(person=learner, course=course, wave=SHORT, survey=survey)
    assert first.key not in {answer["question"] for answer in record.details["answers"]}
