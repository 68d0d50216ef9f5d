"""The same attempt open in two tabs or on two devices: a save made from a page that has not
seen the latest answers is refused and says so, the page is sent what is stored, and nothing a
learner typed is dropped — or graded — without them being told."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.models import AttemptState, QuizAttempt

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def slot_of(attempt, qtype):
    return next(s for s in attempt.questions.all() if s.snapshot["type"] == qtype)


def warnings(response) -> list[str]:
    """The warnings the page shows at its top (Django's messages)."""
    return re.findall(r'class="message message--warning">([^<]*)<', response.content.decode())


def token(slot, key):
    return slot.layout["tokens"][key]


@pytest.fixture
def two_devices(learner, quiz):
    laptop, phone = Client(), Client()
    laptop.force_login(learner)
    phone.force_login(learner)
    assert laptop.post(quiz.url).status_code == 302
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    # Both open the attempt before either saves.
    for device in (laptop, phone):
        assert device.get(reverse("quiz_attempt", args=[attempt.uuid])).status_code == 200
    return laptop, phone, attempt


@pytest.mark.django_db
def test_a_stale_tab_is_told_its_save_was_not_kept_and_shown_what_was(two_devices):
    laptop, phone, attempt = two_devices
    single = slot_of(attempt, "single_choice")
    name = f"q{single.position}"
    save_url = reverse("quiz_attempt_save", args=[attempt.uuid])

    kept = laptop.post(save_url, {name: token(single, "0"), "sequence": "5"}, **FETCH)
    assert kept.status_code == 200 and kept.json()["saved"] is True

    stale = phone.post(save_url, {name: token(single, "2"), "sequence": "1"}, **FETCH)
    reply = stale.json()
    assert stale.status_code == 409
    assert reply["saved"] is False and reply["conflict"] is True
    assert reply["sequence"] == 5  # the phone takes this number ...
    assert [name, token(single, "0")] in reply["answers"]  # ... and shows the laptop's answer
    assert "另一个" in reply["message"]  # in the learner's language (Chinese by default)
    assert slot_of(attempt, "single_choice").response == "0"

    # The phone's next save, numbered after the server's, is kept.
    again = phone.post(save_url, {name: token(single, "2"), "sequence": "6"}, **FETCH)
    assert again.status_code == 200 and again.json()["saved"] is True
    assert slot_of(attempt, "single_choice").response == "2"

    # Now the laptop is the stale one: its submit is not graded on the phone's answer unseen.
    submit_url = reverse("quiz_attempt_submit", args=[attempt.uuid])
    refused = laptop.post(submit_url, {name: token(single, "0"), "sequence": "6"}, follow=True)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    page = refused.content.decode()
    assert refused.redirect_chain[-1][0] == reverse("quiz_attempt", args=[attempt.uuid])
    assert any(text.startswith("未提交") for text in warnings(refused))
    assert re.search(rf'name="{name}" value="{token(single, "2")}" checked', page)

    # Having seen it, the laptop submits what it means to.
    done = laptop.post(submit_url, {name: token(single, "0"), "sequence": "7"})
    assert done.status_code == 302 and done.url.endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert slot_of(attempt, "single_choice").response == "0"


@pytest.mark.django_db
def test_without_javascript_a_stale_save_is_not_kept_and_the_page_says_so(two_devices):
    laptop, phone, attempt = two_devices
    text = slot_of(attempt, "short_answer")
    name = f"q{text.position}"
    save_url = reverse("quiz_attempt_save", args=[attempt.uuid])

    # The form's own "Save" button posts the number of the page's next save.
    for device in (laptop, phone):
        page = device.get(reverse("quiz_attempt", args=[attempt.uuid])).content.decode()
        assert 'name="sequence" value="1"' in page
    first = laptop.post(save_url, {name: "4小时", "sequence": "1"}, follow=True)
    assert not warnings(first)
    assert slot_of(attempt, "short_answer").response == "4小时"

    second = phone.post(save_url, {name: "四个小时", "sequence": "1"}, follow=True)
    page = second.content.decode()
    assert any("另一个标签页" in text for text in warnings(second))
    assert 'value="4小时"' in page and 'name="sequence" value="2"' in page
    assert slot_of(attempt, "short_answer").response == "4小时"

    # The page it was sent back to is current: saving from it is kept.
    phone.post(save_url, {name: "四个小时", "sequence": "2"})
    assert slot_of(attempt, "short_answer").response == "四个小时"


@pytest.mark.django_db
def test_a_late_save_from_the_same_page_changes_nothing_and_is_not_called_saved(learner, quiz):
    client = Client()
    client.force_login(learner)
    client.post(quiz.url)
    attempt = QuizAttempt.objects.get(quiz=quiz)
    text = slot_of(attempt, "short_answer")
    save_url = reverse("quiz_attempt_save", args=[attempt.uuid])
    client.post(save_url, {f"q{text.position}": "新答案", "sequence": "2"}, **FETCH)
    late = client.post(save_url, {f"q{text.position}": "旧答案", "sequence": "1"}, **FETCH)
    assert late.status_code == 409 and late.json()["saved"] is False
    assert [f"q{text.position}", "新答案"] in late.json()["answers"]
    assert slot_of(attempt, "short_answer").response == "新答案"
