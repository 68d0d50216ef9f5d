from dataclasses import dataclass, field

import numpy as np
import pytest
from django.utils import translation

from roleplay import embeddings
from roleplay.textcheck.check import (
    Flag,
    check_free_text,
    reply_time_ok,
    standard_reply_seconds,
)
from roleplay.textcheck.closeness import Method, semantic_closeness
from roleplay.textcheck.phrases import forbidden_used, key_points_covered, normalise

LATE_PARCEL = {
    "next": "closing",
    "good": [
        "亲，已帮您查到包裹在转运中心滞留，我已催促快递今天内发出，"
        "并为您登记了延误补偿，明天中午前给您回电确认。"
    ],
    "bad": ["查不到，你等着吧。", "这个不归我们管。"],
    "key_points": [
        {
            "name": "说明物流现状",
            "criterion": "resolution",
            "points": 2,
            "synonyms": ["转运中心", "滞留", "物流显示", "包裹在"],
        },
        {
            "name": "给出时限",
            "criterion": "timeliness",
            "points": 1,
            "synonyms": ["今天内", "明天", "小时内", "中午前"],
        },
    ],
    "forbidden": [
        {"phrase": "不归我们管", "criterion": "wording", "points": -2},
        {"phrase": "别的顾客的地址", "criterion": "policy", "violation": True},
    ],
}

REFUND_EN = {
    "good": [
        "I completely understand. The item is faulty, so we will refund you in full "
        "and cover the return shipping."
    ],
    "bad": ["You must have broken it yourself.", "No refunds, read the policy."],
    "key_points": [
        {"name": "Apologise", "criterion": "empathy", "points": 1, "synonyms": ["sorry"]},
        {
            "name": "Offer a refund",
            "criterion": "resolution",
            "points": 2,
            "synonyms": ["full refund", "refund you"],
        },
    ],
    "forbidden": [{"phrase": "not my problem", "criterion": "wording", "points": -2}],
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_normalise_folds_width_case_spaces_and_punctuation():
    assert normalise("Ｈｅｌｌｏ， 您好！ 今天 内。") == "hello您好今天内"


def test_chinese_key_points_match_any_synonym_anywhere():
    hits = key_points_covered("您好，物流显示已到本市，明天送到。", LATE_PARCEL["key_points"])

    assert [(hit.name, hit.matched, hit.points) for hit in hits] == [
        ("说明物流现状", "物流显示", 2),
        ("给出时限", "明天", 1),
    ]


def test_chinese_match_ignores_full_width_spaces_and_punctuation():
    hits = key_points_covered("包裹在　转运，中心！今天　内发出", LATE_PARCEL["key_points"])

    assert [hit.matched for hit in hits] == ["转运中心", "今天内"]


def test_english_key_points_match_whole_words_case_insensitively():
    points = REFUND_EN["key_points"]

    assert [hit.name for hit in key_points_covered("SORRY! A Full-Refund today.", points)] == [
        "Apologise",
        "Offer a refund",
    ]
    # "sorry" inside another word is not the word.
    assert key_points_covered("Sorryness is no refund.", points) == []


def test_full_width_latin_matches_english_synonym():
    hits = key_points_covered("ｓｏｒｒｙ ｆｏｒ　ｔｈａｔ", REFUND_EN["key_points"])

    assert [hit.name for hit in hits] == ["Apologise"]


def test_synonyms_as_lines_of_text_and_name_fallback():
    points = [
        {"name": "致歉", "criterion": "empathy", "points": 1, "synonyms": "抱歉\n对不起\n"},
        {"name": "转人工", "criterion": "resolution", "points": 1, "synonyms": []},
    ]

    hits = key_points_covered("对不起，我帮您转人工。", points)

    assert [(hit.name, hit.matched) for hit in hits] == [("致歉", "对不起"), ("转人工", "转人工")]


def test_forbidden_phrases_found_with_points_and_critical_flag():
    used = forbidden_used("这个不归 我们管，别的顾客的地址我也不能给。", LATE_PARCEL["forbidden"])

    assert [(hit.phrase, hit.points, hit.violation) for hit in used] == [
        ("不归我们管", -2, False),
        ("别的顾客的地址", 0, True),
    ]
    assert forbidden_used("It is NOT my problem.", REFUND_EN["forbidden"])[0].points == -2
    assert forbidden_used("I will fix it.", REFUND_EN["forbidden"]) == []


def test_reply_time_against_standard():
    assert reply_time_ok(60, 60)
    assert not reply_time_ok(61, 60)
    assert reply_time_ok(None, 60)
    assert standard_reply_seconds("phone") == 30
    assert standard_reply_seconds("email") == 14400
    assert standard_reply_seconds("live_chat", override=90) == 90


def test_check_scores_a_good_chinese_reply():
    result = check_free_text(
        "非常抱歉！包裹在转运中心滞留了，我已经催促快递今天内发出。",
        LATE_PARCEL,
        seconds=40,
        standard_seconds=60,
    )

    assert result.earned == {"resolution": 2, "timeliness": 1}
    assert result.available == {"resolution": 2, "timeliness": 1}
    assert result.violations == []
    assert result.reply_time_ok
    assert result.flags == []
    assert result.closeness.leaning > 0
    assert "Covered “说明物流现状” (found “转运中心”): +2 resolution." in result.explanation


def test_check_scores_a_rude_reply_with_critical_violation():
    result = check_free_text(
        "这个不归我们管，别的顾客的地址也是这样写的。",
        LATE_PARCEL,
        seconds=120,
        standard_seconds=60,
    )

    assert result.earned == {"wording": -2, "policy": 0}
    assert result.violations == ["policy"]
    assert result.missed == ["说明物流现状", "给出时限"]
    assert not result.reply_time_ok
    assert {
        Flag.CRITICAL_VIOLATION,
        Flag.FORBIDDEN_PHRASE,
        Flag.MISSING_KEY_POINT,
        Flag.SLOW_REPLY,
        Flag.LEANS_BAD,
    } <= set(result.flags)
    assert any("critical violation of policy" in line for line in result.explanation)
    assert "Replied in 120 s, over the 60 s standard." in result.explanation


def test_step_reply_seconds_overrides_channel_standard():
    spec = {**LATE_PARCEL, "reply_seconds": 90}

    assert check_free_text("明天到", spec, seconds=80, standard_seconds=60).reply_time_ok


@dataclass
class KeyPoint:
    name: str
    criterion: str
    points: int
    synonyms: list[str]


@dataclass
class FreeText:
    next: str
    good: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    forbidden: list = field(default_factory=list)
    reply_seconds: int | None = None


def test_spec_may_be_an_object_with_the_same_attributes():
    spec = FreeText(
        next="closing",
        key_points=[KeyPoint("致歉", "empathy", 1, ["抱歉"])],
    )

    result = check_free_text("很抱歉", spec, seconds=None, standard_seconds=None)

    assert result.earned == {"empathy": 1}
    assert result.closeness.method == Method.NONE


# Clear pairs from the measured set in docs/roleplay-text-checks.md.
@pytest.mark.parametrize(
    ("good_reply", "rude_reply", "spec"),
    [
        (
            "真不好意思，东西有问题是我们的责任，我马上帮您办理退货，来回运费我们出。",
            "肯定是你使用不当，我们不给退。",
            {
                "good": [
                    "非常抱歉给您带来不便，商品有质量问题我们支持七天无理由退货，运费由我们承担。"
                ],
                "bad": ["你自己用坏的吧，不能退。", "退货很麻烦的，你自己看着办。"],
            },
        ),
        (
            "实在抱歉发错货了，我们马上给您重新发一件对的颜色，原来那件您留着就行。",
            "差不多的颜色，有什么好计较的。",
            {
                "good": [
                    "很抱歉发错了颜色，我们会免费为您补发正确的颜色，错发的商品您不用寄回，给您添麻烦了。"
                ],
                "bad": ["颜色差不多，将就用吧。", "你下单的时候选错了吧。"],
            },
        ),
        (
            "The money went back to the card you paid with; it normally shows up within "
            "3 business days.",
            "Ask your bank, we don't deal with that.",
            {
                "good": [
                    "Thank you for waiting. Your refund was issued to the original card and "
                    "usually arrives within three working days."
                ],
                "bad": ["It's the bank's problem, not ours.", "Stop asking, it's refunded."],
            },
        ),
    ],
)
def test_closeness_good_reply_leans_good_rude_reply_leans_bad(good_reply, rude_reply, spec):
    good = semantic_closeness(good_reply, spec["good"], spec["bad"])
    rude = semantic_closeness(rude_reply, spec["good"], spec["bad"])

    assert good.method == rude.method == Method.EMBEDDING
    assert good.leaning > 0 > rude.leaning
    assert good.good > good.bad
    assert rude.bad > rude.good


def test_closeness_falls_back_to_ngrams_and_says_so(monkeypatch):
    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(embeddings, "_load_error", "weights missing")

    result = check_free_text(
        "亲，包裹在转运中心滞留，今天内发出，明天中午前给您回电确认。",
        LATE_PARCEL,
        seconds=10,
        standard_seconds=60,
    )

    assert result.closeness.method == Method.NGRAM
    assert result.closeness.leaning > 0
    assert Flag.CLOSENESS_FALLBACK in result.flags
    assert any("weights missing" in line for line in result.explanation)


def test_model_is_loaded_once_per_process(monkeypatch):
    loads = []

    class FakeModel:
        def encode(self, texts):
            return np.ones((len(texts), embeddings.DIMENSIONS), dtype=np.float32)

    def fake_load():
        loads.append(1)
        return FakeModel()

    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(embeddings, "_load_error", None)
    monkeypatch.setattr(embeddings, "_load", fake_load)

    first = embeddings.encode(["您好"])
    second = embeddings.encode(["Hello", "再见"])

    assert loads == [1]
    assert first.shape == (1, embeddings.DIMENSIONS)
    assert second.shape == (2, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(second, axis=1), 1.0)


def test_failed_load_is_remembered_and_explained(monkeypatch):
    loads = []

    def broken_load():
        loads.append(1)
        raise OSError("weights.npz not found")

    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(embeddings, "_load_error", None)
    monkeypatch.setattr(embeddings, "_load", broken_load)

    for _attempt in range(2):
        with pytest.raises(embeddings.EmbeddingModelUnavailable, match="weights.npz not found"):
            embeddings.get_model()
    assert loads == [1]


PROMISE = {
    "good": ["我们会先核实订单，符合条件的我们会按规定退款。"],
    "key_points": [
        {"name": "致歉", "criterion": "empathy", "points": 1, "synonyms": ["抱歉", "对不起"]},
        {"name": "Apologise", "criterion": "empathy", "points": 1, "synonyms": ["apologise"]},
    ],
    "forbidden": [
        {"phrase": "保证退款", "criterion": "policy", "violation": True},
        {"phrase": "guarantee a refund", "criterion": "policy", "violation": True},
    ],
}


@pytest.mark.parametrize(
    "reply",
    [
        "这个我们不能保证退款，要先核实。",
        "我没法保证退款哦",
        "我们无法向您保证退款",
        "We cannot guarantee a refund before the check.",
        "I can't guarantee a refund.",
        "We will not be able to guarantee a refund.",
    ],
)
def test_a_forbidden_phrase_said_negated_is_not_used(reply):
    result = check_free_text(reply, PROMISE, seconds=None, standard_seconds=None)

    assert result.violations == []
    assert result.forbidden == []
    assert Flag.NEGATED_PHRASE in result.flags
    assert any("appears only negated, so it was not counted" in line for line in result.explanation)


@pytest.mark.parametrize(
    "reply",
    [
        "非常抱歉，我们保证退款！",  # 非常 is "very", not a negation
        "不好意思，我们保证退款。",  # an apology, not a negation
        "不是不能，我们保证退款",  # the negation is in another clause
        "我们不是不保证退款",  # two negations cancel
        "Sorry, no problem: we guarantee a refund.",
    ],
)
def test_a_forbidden_phrase_said_plainly_is_used_despite_nearby_negation_lookalikes(reply):
    result = check_free_text(reply, PROMISE, seconds=None, standard_seconds=None)

    assert result.violations == ["policy"]


def test_a_key_point_negated_is_not_covered_and_an_apology_lookalike_does_not_negate():
    refused = check_free_text(
        "我不会抱歉的。I will never apologise.", PROMISE, seconds=None, standard_seconds=None
    )
    meant = check_free_text(
        "非常抱歉！I do apologise.", PROMISE, seconds=None, standard_seconds=None
    )

    assert refused.covered == [] and refused.missed == ["致歉", "Apologise"]
    assert refused.negated == ["抱歉", "apologise"]
    assert [hit.name for hit in meant.covered] == ["致歉", "Apologise"]
    assert meant.negated == []


def test_explanations_name_the_criteria_by_their_rubric_names():
    result = check_free_text(
        "这个不归我们管，别的顾客的地址也是这样写的。包裹在转运中心。",
        LATE_PARCEL,
        seconds=None,
        standard_seconds=None,
        criterion_names={"resolution": "问题解决", "wording": "规范用语", "policy": "政策准确"},
    )

    text = "\n".join(result.explanation)
    assert "+2 问题解决" in text
    assert "-2 规范用语" in text
    assert "critical violation of 政策准确" in text
    assert "resolution" not in text and "wording" not in text
