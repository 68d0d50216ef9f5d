"""The demo comes with a few weeks of role-play: an agent's practice, getting better, with a
scenario due to be practised again, and assessed written replies waiting for a trainer."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from roleplay.models import AttemptState, ScenarioAttempt
from roleplay.profile import skill_profile, skill_rows
from roleplay.reviews import review_queue
from training.models import LearningRecord, RecordKind, User


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    call_command("load_demo_roleplay", verbosity=0)


def test_the_trainers_queue_holds_two_written_replies_oldest_first(demo):
    queue = list(review_queue())

    assert [a.user.email for a in queue] == [
        "agent@demo.agentacademy.cn",
        "agent2@demo.agentacademy.cn",
    ]
    assert all(a.mode == "assessment" for a in queue)
    # Each has its provisional learning record, as a learner's own attempt would.
    for attempt in queue:
        record = LearningRecord.objects.get(user=attempt.user, kind=RecordKind.ROLEPLAY)
        assert record.details["provisional"] is True and record.passed is None


def test_the_waiting_written_replies_are_the_agents_own_words(demo):
    for attempt in review_queue():
        written = [turn for turn in attempt.transcript if turn.get("kind") == "free_text"]
        assert written
        for turn in written:
            # Not a copy of a model answer (the trainer's queue would flag it), and on topic.
            assert "copied" not in turn, turn["reply"]
            assert len(turn["covered"]) >= 3, turn


def test_an_agents_practice_makes_a_profile_over_weeks_and_a_scenario_to_practise_again(
    demo,
):
    learner = User.objects.get(email="certified@demo.agentacademy.cn")
    attempts = ScenarioAttempt.objects.filter(user=learner)
    assert attempts.count() == 10  # eight practice runs, two onboarding assessments
    assert set(attempts.values_list("state", flat=True)) == {AttemptState.SCORED}

    profile = skill_profile(skill_rows(viewer=learner, learner=learner))
    assert len(profile.periods) >= 4  # five weeks of practice
    assert profile.criteria

    client = Client()
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("my_training")).content.decode()
    assert "Practise again" in page and "过了七天还想无理由退货" in page


def test_loading_the_demo_again_plays_nothing_more(demo):
    before = ScenarioAttempt.objects.count()
    call_command("load_demo_roleplay", verbosity=0)
    assert ScenarioAttempt.objects.count() == before == 12


def test_the_queue_filters_offer_the_waiting_scenarios_and_their_courses(demo):
    from roleplay.models import ScenarioPage

    trainer = Client()
    trainer.force_login(User.objects.get(email="trainer@demo.agentacademy.cn"))
    html = trainer.get(reverse("scenario_review_queue")).content.decode()
    late = ScenarioPage.objects.get(slug="late-parcel-refund")
    late_return = ScenarioPage.objects.get(slug="return-outside-window")
    for page in (late, late_return, late.course, late_return.course):
        assert f'<option value="{page.pk}">{page.title}</option>' in html
    # A drill nobody has waiting is not offered.
    assert "微博上的公开投诉" not in html

    only = trainer.get(reverse("scenario_review_queue"), {"course": late.course.pk})
    assert "陈明" in only.content.decode() and "黄丽" not in only.content.decode()


def test_the_certified_agents_summer_assessments_were_reviewed_and_passed(demo):
    learner = User.objects.get(email="certified@demo.agentacademy.cn")
    assessed = ScenarioAttempt.objects.filter(user=learner, mode="assessment")
    assert {a.scenario.slug for a in assessed} == {
        "late-parcel-refund",
        "address-request-privacy",
    }
    assert all(a.passed and a.state == AttemptState.SCORED for a in assessed)
    records = LearningRecord.objects.filter(user=learner, kind=RecordKind.ROLEPLAY)
    assert [r.details["provisional"] for r in records] == [False, False]
    assert all(r.passed for r in records)
