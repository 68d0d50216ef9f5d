"""A learner's attempt: start, autosave, reload, submit once, grading, the learning record."""

import datetime
import re

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from courses.progress import course_progress, course_required_items, lesson_complete
from quizzes.models import AttemptState, QuizAttempt
from quizzes.services import attempt_save, attempt_start, attempt_submit, attempts_submit_overdue
from quizzes.tasks import attempt_auto_submit
from quizzes.views import responses_from_form
from tests.factories import make_person
from training.models import EvaluationWave, LearningRecord, RecordKind

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def slot_of(attempt, qtype):
    return next(s for s in attempt.questions.all() if s.snapshot["type"] == qtype)


def token(slot, key) -> str:
    """What the attempt's page calls an answer key (the browser never sees keys)."""
    return slot.layout["tokens"][key]


def right_answers(attempt) -> dict:
    """Form data answering every question right, from the server-side answer key."""
    data = {}
    for slot in attempt.questions.all():
        prefix, snap = f"q{slot.position}", slot.snapshot
        best = [a for a in snap["answers"] if a["fraction"] > 0]
        if snap["type"] in {"single_choice", "true_false"}:
            data[prefix] = token(slot, best[0]["key"])
        elif snap["type"] == "multiple_choice":
            data[prefix] = [token(slot, a["key"]) for a in best]
        elif snap["type"] == "short_answer":
            data[prefix] = "４ 小时"  # full-width digit and a space: still right
        elif snap["type"] == "ordering":
            for rank, answer in enumerate(snap["answers"], start=1):
                data[f"{prefix}-{token(slot, answer['key'])}"] = str(rank)
    return data


def start(client, quiz):
    response = client.post(quiz.url)
    assert response.status_code == 302
    return QuizAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])


@pytest.mark.django_db
def test_the_attempt_page_shows_questions_but_never_the_answer_key(learner_client, quiz):
    attempt = start(learner_client, quiz)
    html = learner_client.get(reverse("quiz_attempt", args=[attempt.uuid])).content.decode()
    assert "在线咨询的首次响应时间标准是？" in html
    assert "60 秒以内" in html and "保持冷静" in html
    # Feedback, general feedback, credits and accepted answers stay on the server.
    for secret in [
        "对：≤ 60 秒。",
        "优秀团队做到 30 秒。",
        "不需要，属于过度收集。",
        "4小时",
        "四小时",
    ]:
        assert secret not in html
    assert not re.search(r"fraction|credit|correct", html, re.IGNORECASE)


@pytest.mark.django_db
def test_answers_saved_as_you_go_are_there_after_a_reload(learner_client, quiz):
    attempt = start(learner_client, quiz)
    single = slot_of(attempt, "single_choice")
    text = slot_of(attempt, "short_answer")
    save_url = reverse("quiz_attempt_save", args=[attempt.uuid])
    reply = learner_client.post(
        save_url,
        {f"q{single.position}": token(single, "1"), f"q{text.position}": "四小时", "sequence": "3"},
        **FETCH,
    )
    assert reply.status_code == 200 and reply.json()["saved"] is True
    assert single.__class__.objects.get(pk=single.pk).response == "1"
    html = learner_client.get(reverse("quiz_attempt", args=[attempt.uuid])).content.decode()
    assert re.search(rf'name="q{single.position}" value="{token(single, "1")}" checked', html)
    assert 'value="四小时"' in html
    # Opening the quiz page again resumes the same attempt, it does not start a second one.
    assert start(learner_client, quiz).pk == attempt.pk


@pytest.mark.django_db
def test_a_late_arriving_older_save_does_not_overwrite_a_newer_one(learner, quiz):
    attempt = attempt_start(quiz=quiz, user=learner)
    position = slot_of(attempt, "short_answer").position
    attempt_save(attempt=attempt, responses={position: "新答案"}, sequence=5)
    attempt_save(attempt=attempt, responses={position: "旧答案"}, sequence=4)
    assert slot_of(attempt, "short_answer").response == "新答案"


@pytest.mark.django_db
def test_submitting_twice_grades_once_and_writes_one_record(learner_client, learner, quiz):
    attempt = start(learner_client, quiz)
    submit_url = reverse("quiz_attempt_submit", args=[attempt.uuid])
    first = learner_client.post(submit_url, right_answers(attempt))
    second = learner_client.post(submit_url, {})  # a second tab with nothing filled in
    assert first.status_code == second.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.score == 1.0 and attempt.passed is True
    records = LearningRecord.objects.filter(user=learner, kind=RecordKind.QUIZ)
    assert records.count() == 1
    record = records.get()
    assert record.score == 1.0 and record.passed is True
    assert record.course_id == quiz.course.pk
    assert record.wave == EvaluationWave.SHORT_TERM
    assert len(record.details["questions"]) == 5
    assert {q["type"] for q in record.details["questions"]} >= {"ordering", "short_answer"}


@pytest.mark.django_db
def test_partial_credit_and_the_pass_mark(learner, quiz):
    attempt = attempt_start(quiz=quiz, user=learner)
    multiple = slot_of(attempt, "multiple_choice")
    ordering = slot_of(attempt, "ordering")
    keys = [a["key"] for a in multiple.snapshot["answers"]]
    steps = [a["key"] for a in ordering.snapshot["answers"]]
    # One right option of two (½); the last two steps swapped: 2 of 4 neighbour pairs right.
    ranks = {steps[0]: 1, steps[1]: 2, steps[2]: 3, steps[3]: 5, steps[4]: 4}
    attempt = attempt_submit(
        attempt=attempt, responses={multiple.position: [keys[0]], ordering.position: ranks}
    )
    marks = {s.snapshot["type"]: s.mark for s in attempt.questions.all()}
    assert marks["multiple_choice"] == pytest.approx(0.5)
    assert marks["ordering"] == pytest.approx(0.5)
    assert marks["single_choice"] == 0
    assert attempt.score == pytest.approx(1.0 / 5)
    assert attempt.passed is False


@pytest.mark.django_db
def test_someone_elses_attempt_is_not_found(client, learner, quiz):
    attempt = attempt_start(quiz=quiz, user=learner)
    client.force_login(make_person(email="other@example.com"))
    for name in ["quiz_attempt", "quiz_attempt_result"]:
        assert client.get(reverse(name, args=[attempt.uuid])).status_code == 404
    submit = client.post(reverse("quiz_attempt_submit", args=[attempt.uuid]), {})
    assert submit.status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS


@pytest.mark.django_db
def test_the_server_clock_decides_and_a_left_alone_attempt_is_auto_submitted(learner, make_quiz):
    quiz = make_quiz(time_limit_minutes=10)
    started = timezone.now() - datetime.timedelta(minutes=11)
    attempt = attempt_start(quiz=quiz, user=learner, now=started)
    assert attempt.deadline == started + datetime.timedelta(minutes=10)
    single = slot_of(attempt, "single_choice")
    right = next(a["key"] for a in single.snapshot["answers"] if a["fraction"] == 1)
    attempt_save(
        attempt=attempt,
        responses={single.position: right},
        now=started + datetime.timedelta(minutes=5),
    )
    # After the deadline nothing more is taken.
    late = attempt_save(attempt=attempt, responses={single.position: "2"})
    assert late.saved is False
    assert attempt_auto_submit.delay(attempt.pk).get() is True
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    assert attempt.submitted_at == attempt.deadline
    assert slot_of(attempt, "single_choice").mark == 1.0
    # Running it again (or the sweep) changes nothing.
    assert attempt_auto_submit.delay(attempt.pk).get() is False
    assert attempts_submit_overdue() == 0
    assert LearningRecord.objects.filter(user=learner, kind=RecordKind.QUIZ).count() == 1


@pytest.mark.django_db
def test_the_periodic_sweep_submits_overdue_attempts_only(learner, make_quiz):
    quiz = make_quiz(time_limit_minutes=5)
    overdue = attempt_start(
        quiz=quiz, user=learner, now=timezone.now() - datetime.timedelta(hours=1)
    )
    other = make_person(email="b@example.com")
    running = attempt_start(quiz=quiz, user=other)
    assert attempts_submit_overdue() == 1
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.state == AttemptState.GRADED
    assert running.state == AttemptState.IN_PROGRESS


@pytest.mark.django_db
def test_attempt_limit_and_opening_times(learner_client, learner, make_quiz):
    quiz = make_quiz(max_attempts=1)
    attempt_submit(attempt=attempt_start(quiz=quiz, user=learner))
    refused = learner_client.post(quiz.url)
    assert refused.status_code == 403
    assert "1" in refused.content.decode()
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1
    later = make_quiz(slug="later", opens_at=timezone.now() + datetime.timedelta(days=1))
    assert learner_client.post(later.url).status_code == 403
    assert not QuizAttempt.objects.filter(quiz=later).exists()


@pytest.mark.django_db
def test_review_policy_decides_what_the_result_shows(learner_client, learner, make_quiz):
    shown = make_quiz(review_policy="after_submit")
    attempt = attempt_submit(attempt=attempt_start(quiz=shown, user=learner))
    html = learner_client.get(reverse("quiz_attempt_result", args=[attempt.uuid])).content.decode()
    assert "对：≤ 60 秒。" not in html  # they did not choose it: its feedback is not theirs
    assert "优秀团队做到 30 秒。" in html and "60 秒以内" in html

    hidden = make_quiz(slug="score-only", review_policy="score_only")
    attempt = attempt_submit(attempt=attempt_start(quiz=hidden, user=learner))
    html = learner_client.get(reverse("quiz_attempt_result", args=[attempt.uuid])).content.decode()
    assert "0%" in html or "0.0%" in html
    assert "优秀团队做到 30 秒。" not in html and "60 秒以内" not in html


@pytest.mark.django_db
def test_answers_after_close_say_when_or_that_they_stay_hidden(learner_client, learner, make_quiz):
    learner_client.cookies["django_language"] = "en"
    closes = timezone.now() + datetime.timedelta(days=3)
    windowed = make_quiz(slug="windowed", review_policy="after_close", closes_at=closes)
    attempt = attempt_submit(attempt=attempt_start(quiz=windowed, user=learner))
    html = learner_client.get(reverse("quiz_attempt_result", args=[attempt.uuid])).content.decode()
    local = timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")
    assert f"shown once the quiz closes, on {local}" in html
    assert "60 秒以内" not in html

    # No closing date: the key is never shown, and the page says so instead of promising it.
    standing = make_quiz(slug="standing", review_policy="after_close")
    attempt = attempt_submit(attempt=attempt_start(quiz=standing, user=learner))
    html = learner_client.get(reverse("quiz_attempt_result", args=[attempt.uuid])).content.decode()
    assert "Right answers are not shown for this quiz" in html
    assert "once the quiz closes" not in html and "60 秒以内" not in html


@pytest.mark.django_db
def test_a_required_quiz_counts_towards_completing_the_course(learner, course, make_quiz):
    quiz = make_quiz()
    assert quiz.pk in {page.pk for page in course_required_items(course)}
    for lesson in course.lessons():
        lesson_complete(user=learner, lesson=lesson)
    assert course_progress(user=learner, course=course) == (3, 4)
    assert not LearningRecord.objects.filter(user=learner, kind=RecordKind.COURSE).exists()
    attempt = attempt_start(quiz=quiz, user=learner)
    form = QueryDict(mutable=True)
    for name, value in right_answers(attempt).items():
        form.setlist(name, value if isinstance(value, list) else [value])
    attempt_submit(attempt=attempt, responses=responses_from_form(attempt, form))
    assert course_progress(user=learner, course=course) == (4, 4)
    assert LearningRecord.objects.filter(user=learner, kind=RecordKind.COURSE).exists()


@pytest.mark.django_db
def test_a_retention_retest_months_later_says_which_wave(learner, make_quiz):
    quiz = make_quiz(pass_mark=0)
    first = timezone.now() - datetime.timedelta(days=120)
    attempt_submit(attempt=attempt_start(quiz=quiz, user=learner, now=first), now=first)
    retest = attempt_submit(attempt=attempt_start(quiz=quiz, user=learner))
    assert retest.wave == EvaluationWave.MID_TERM
    record = LearningRecord.objects.get(source_id=str(retest.pk), kind=RecordKind.QUIZ)
    assert record.wave == EvaluationWave.MID_TERM


@pytest.mark.django_db
def test_continue_leads_to_the_quiz_once_the_lessons_are_done(learner, course, make_quiz):
    quiz = make_quiz()
    for lesson in course.lessons():
        lesson_complete(user=learner, lesson=lesson)
    assert course.resume_url_for(learner) == quiz.url
