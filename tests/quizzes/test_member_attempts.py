"""A manager sees a team member's quiz and exam attempts on the member page, and opens each
result read-only, as the learner saw it; nobody outside the access rule sees either."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from quizzes.services import attempt_start, attempt_submit
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    with translation.override("en"):
        yield


def client_for(person) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(person)
    return client


def submit(quiz, user, *, right: bool):
    attempt = attempt_start(quiz=quiz, user=user)
    responses = {}
    for slot in attempt.questions.all():
        if slot.snapshot["type"] in {"single_choice", "true_false"}:
            fraction = 1 if right else 0
            key = next(a["key"] for a in slot.snapshot["answers"] if a["fraction"] == fraction)
            responses[slot.position] = key
    return attempt_submit(attempt=attempt, responses=responses)


@pytest.fixture
def manager(learner):
    return make_person(Role.MANAGER, team=learner.profile.team)


def test_the_member_page_lists_every_submitted_attempt_with_a_link_to_its_result(
    quiz, learner, manager
):
    first = submit(quiz, learner, right=False)
    second = submit(quiz, learner, right=False)
    open_attempt = attempt_start(quiz=quiz, user=learner)

    html = client_for(manager).get(reverse("team_member", args=[learner.pk])).content.decode()

    section = html[html.index("data-quiz-attempts") :]
    assert f'data-attempt="{first.uuid}"' in section and f'data-attempt="{second.uuid}"' in section
    assert f'data-attempt="{open_attempt.uuid}"' not in section
    assert section.index(str(second.uuid)) < section.index(str(first.uuid))  # newest first
    row = section[section.index(str(second.uuid)) :].split("</tr>")[0]
    assert 'data-label="Attempt">2</td>' in row  # the attempt number, labelled on a phone
    assert f"{second.score_percent}%" in row and "Not passed" in row
    assert reverse("quiz_attempt_result", args=[second.uuid]) in row


def test_a_manager_opens_the_result_read_only_as_the_learner_saw_it(quiz, learner, manager):
    attempt = submit(quiz, learner, right=True)
    url = reverse("quiz_attempt_result", args=[attempt.uuid])

    mine = client_for(learner).get(url).content.decode()
    theirs = client_for(manager).get(url)

    assert theirs.status_code == 200
    html = theirs.content.decode()
    assert "as they saw it (read-only)" in html
    assert "Answers given" in html and "Your answers" not in html
    assert reverse("team_member", args=[learner.pk]) in html
    assert "Back to the quiz" not in html and "Back to the quiz" in mine
    # The same review the learner was given: right answers only where they saw them.
    assert ("Right answer:" in html) == ("Right answer:" in mine)


def test_a_result_is_not_found_for_people_outside_the_access_rule(quiz, learner):
    attempt = submit(quiz, learner, right=True)
    url = reverse("quiz_attempt_result", args=[attempt.uuid])
    other_manager = make_person(Role.MANAGER, team=TeamFactory(name="另一个组"))
    colleague = make_person(team=learner.profile.team)

    assert client_for(other_manager).get(url).status_code == 404
    assert client_for(colleague).get(url).status_code == 404
    assert client_for(make_person(Role.TRAINER)).get(url).status_code == 200


def test_an_attempt_still_being_written_is_not_shown_to_the_manager(quiz, learner, manager):
    attempt = attempt_start(quiz=quiz, user=learner)
    url = reverse("quiz_attempt_result", args=[attempt.uuid])
    assert client_for(manager).get(url).status_code == 404
    assert client_for(learner).get(url).status_code == 302  # the learner goes back to it


def test_the_timeline_links_each_quiz_record_to_the_result_page(quiz, learner, manager):
    attempt = submit(quiz, learner, right=True)

    html = client_for(manager).get(reverse("team_member", args=[learner.pk])).content.decode()

    timeline = html[html.index("data-timeline") :]
    assert f'<a href="{reverse("quiz_attempt_result", args=[attempt.uuid])}">' in timeline
