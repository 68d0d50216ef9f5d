"""A written reply pasted from a model answer that practice shows (a good example, a better
reply, a debrief) earns no key points, and the trainer's review page says it was copied."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from roleplay.copycheck import copied_from, copied_model_answer
from roleplay.models import AttemptState, ScenarioAttempt
from roleplay.options import option_id
from tests.factories import make_person
from training.models import LearningRecord, RecordKind
from training.roles import Role

GOOD = (
    "王女士，非常抱歉让您久等了。我查到包裹 3 月 4 日到了杭州转运中心，之后一直滞留没有更新。"
    "我已经联系快递加急处理并建了工单，今天 18 点前给您明确答复。"
)
ENGLISH = (
    "I'm very sorry for the wait. Your parcel is held at the Hangzhou hub; I will call you by 6 pm."
)


def test_a_verbatim_copy_is_caught_with_the_copied_passage():
    match = copied_from(GOOD, GOOD)
    assert match is not None and match.share == 1.0
    assert "".join(match.passages).startswith("王女士，非常抱歉让您久等了。")


def test_punctuation_spaces_and_full_width_forms_do_not_hide_a_copy():
    disguised = (
        "王女士 非常抱歉让您久等了!!我查到包裹３月４日到了杭州转运中心 之后一直滞留没有更新~"
        "我已经联系快递加急处理并建了工单 今天１８点前给您明确答复"
    )
    assert copied_from(disguised, GOOD).share >= 0.95
    shouted = (
        "I'M VERY  SORRY for the wait — your parcel is held at the Hangzhou hub, "
        "I will call you by 6pm!"
    )
    assert copied_from(shouted, ENGLISH).share >= 0.95


def test_a_near_copy_with_words_changed_or_sentences_swapped_is_caught():
    edited = GOOD.replace("王女士", "您好").replace("明确答复", "回复").replace("工单", "单子")
    assert copied_from(edited, GOOD) is not None
    first, second = GOOD.split("。", 1)
    assert copied_from(second + first + "。", GOOD) is not None


def test_a_reply_of_ones_own_that_uses_the_same_key_phrases_is_not_a_copy():
    own = (
        "王女士，非常抱歉让您久等了。包裹停在杭州转运中心，"
        "我已经联系快递加急处理，今天 18 点前给您答复。"
    )
    assert copied_from(own, GOOD) is None
    assert copied_from("非常抱歉，包裹在转运中心滞留，今天内发出。", GOOD) is None
    # A short model reply is ordinary wording, not something to copy.
    assert copied_from("您好，请稍等。", "您好，请稍等。") is None


def test_the_answer_copied_most_is_named():
    match = copied_model_answer(GOOD + "祝您生活愉快。", ["先道歉再查物流。", ENGLISH, GOOD])
    assert match.answer == GOOD


# --- in an assessment --------------------------------------------------------------------

# The conftest scenario's good example, which practice shows as "a better reply".
MODEL = "查到包裹在转运中心滞留，今天内发出，明天中午前回电。"


def play(client, page, mode, text):
    response = client.post(page.url, {"mode": mode})
    attempt = ScenarioAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])
    url = reverse("scenario_attempt_reply", args=[attempt.uuid])
    client.post(url, {"step": "opening", "option": option_id(attempt.option_seed, "opening", 0)})
    client.post(url, {"step": "explain", "text": text})
    attempt.refresh_from_db()
    return attempt


@pytest.mark.django_db
def test_practice_shows_the_model_answer_and_pasting_it_into_the_assessment_earns_nothing(
    learner_client, learner, scenario
):
    practice = play(learner_client, scenario, "practice", "查不到，你等着吧。")
    result = learner_client.get(reverse("scenario_result", args=[practice.uuid])).content.decode()
    assert MODEL in result  # the better reply practice shows

    pasted = "查到包裹在转运中心滞留,今天内发出,明天中午前回电!"
    attempt = play(learner_client, scenario, "assessment", pasted)
    assert attempt.state == AttemptState.AWAITING_REVIEW
    turn = attempt.transcript[1]
    assert turn["copied"]["answer"] == MODEL and turn["copied"]["share"] == 1.0
    # Its key points (转运中心 / 滞留: resolution) are not credited.
    assert turn["points"] == {}
    resolution = next(c for c in attempt.result["criteria"] if c["key"] == "resolution")
    assert resolution["score"] == 0

    # Written on one's own, the same facts earn their points and nothing is flagged.
    learner.scenario_attempts.all().delete()
    LearningRecord.objects.filter(user=learner, kind=RecordKind.ROLEPLAY).delete()
    own = play(learner_client, scenario, "assessment", "非常抱歉，包裹在转运中心滞留了，我来催。")
    assert "copied" not in own.transcript[1] and own.transcript[1]["points"]["resolution"] == 2


@pytest.mark.django_db
def test_the_trainer_sees_the_copy_flagged_with_the_matching_text(learner_client, scenario):
    attempt = play(learner_client, scenario, "assessment", "好的。" + MODEL)
    trainer = Client()
    trainer.force_login(make_person(role=Role.TRAINER, email="t@example.com"))
    trainer.cookies["django_language"] = "en"
    page = trainer.get(reverse("scenario_review", args=[attempt.uuid])).content.decode()
    flagged = page[page.index("data-copied>") :]
    assert "Copied from the model answer shown in practice" in flagged
    assert f"<mark>{MODEL.rstrip('。')}</mark>" in flagged
    assert "1 written reply is copied from the model answer shown in practice" in page
    queue = trainer.get(reverse("scenario_review_queue")).content.decode()
    assert "data-copied-badge>copied model answer<" in queue
    # The learner's own result does not carry the trainer's flag.
    result = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "data-copied>" not in result
    with translation.override("zh-hans"):
        trainer.cookies["django_language"] = "zh-hans"
        page = trainer.get(reverse("scenario_review", args=[attempt.uuid])).content.decode()
    assert "照抄了练习中展示的参考答案" in page
