"""A criterion failed in practice brings the scenario back on My training after 1, 3 and 7
days; practising it again answers the suggestions already due, and only those."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from roleplay.files import scenario_import
from roleplay.models import PracticeSuggestion
from tests.roleplay.conftest import scenario_bytes
from tests.roleplay.test_skill_profile import play

DAY = datetime.timedelta(days=1)


def my_training(client, now=None) -> str:
    client.cookies["django_language"] = "en"
    if now is None:
        return client.get(reverse("my_training")).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=now):
        return client.get(reverse("my_training")).content.decode()


def due_rows(page: str) -> str:
    """The part of My training listing the scenarios due to be practised again."""
    if 'class="practice-again practice-again__due"' not in page:
        return ""
    start = page.index('class="practice-again practice-again__due"')
    return page[start : page.index("</ul>", start)]


@pytest.fixture
def failed_at(learner, scenario):
    """The learner refunds without checking: empathy and policy (critical) are failed."""
    now = timezone.now()
    play(learner, scenario, when=now, good=False)
    return now


@pytest.mark.django_db
def test_nothing_is_due_on_the_day_of_the_failed_practice(learner_client, scenario, failed_at):
    page = my_training(learner_client)
    assert due_rows(page) == ""
    assert "Nothing to practise again today." in page
    next_on = timezone.localtime(failed_at + DAY).strftime("%Y-%m-%d")
    assert f"Next: {scenario.title}, on {next_on}." in page


@pytest.mark.django_db
def test_a_day_later_the_scenario_is_listed_once_with_the_failed_criteria(
    learner_client, scenario, failed_at
):
    rows = due_rows(
        my_training(learner_client, now=failed_at + DAY + datetime.timedelta(minutes=1))
    )
    assert rows.count('class="practice-again__row"') == 1
    assert f'href="{scenario.url}"' in rows and scenario.title in rows
    assert "共情与礼貌" in rows and "政策准确" in rows
    assert "问题解决" not in rows  # not failed


@pytest.mark.django_db
def test_a_scenario_whose_course_is_taken_offline_is_not_suggested(
    learner_client, scenario, failed_at
):
    scenario.course.specific.unpublish()
    page = my_training(learner_client, now=failed_at + DAY + datetime.timedelta(minutes=1))
    assert due_rows(page) == ""
    assert scenario.title not in page


@pytest.mark.django_db
def test_practising_again_answers_the_due_suggestions_and_keeps_the_later_ones(
    learner_client, learner, scenario, failed_at
):
    other = scenario_import(
        data=scenario_bytes(slug="late-parcel-2", title="快递延误第二单"), filename="s2.yaml"
    )[0]
    play(learner, other, when=failed_at, good=False)
    a_day_later = failed_at + DAY + datetime.timedelta(minutes=1)
    assert other.title in due_rows(my_training(learner_client, now=a_day_later))

    play(learner, scenario, when=a_day_later)

    suggestions = PracticeSuggestion.objects.filter(user=learner, scenario=scenario)
    done = suggestions.filter(done_at=a_day_later)
    assert sorted((s.criterion, (s.due_at - failed_at).days) for s in done) == [
        ("empathy", 1),
        ("policy", 1),
    ]
    waiting = suggestions.filter(done_at__isnull=True)
    assert sorted((s.criterion, (s.due_at - failed_at).days) for s in waiting) == [
        ("empathy", 3),
        ("empathy", 7),
        ("policy", 3),
        ("policy", 7),
    ]
    rows = due_rows(my_training(learner_client, now=a_day_later))
    assert scenario.title not in rows
    # The other scenario was not practised: it is still due.
    assert other.title in rows
    # Three days on, the scenario is back.
    rows = due_rows(my_training(learner_client, now=failed_at + 3 * DAY + DAY / 24))
    assert scenario.title in rows and "政策准确" in rows


@pytest.mark.django_db
def test_my_training_links_to_the_skill_profile(learner_client):
    assert f'href="{reverse("skill_profile")}"' in my_training(learner_client)
