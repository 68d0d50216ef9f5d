"""The shape of a record's details is declared per kind, and `record_result` holds to it."""

import pytest

from tests.factories import TeamFactory, make_person
from training.models import LearningRecord, RecordKind
from training.record_details import DETAILS_SHAPES, details_check
from training.records import record_result

pytestmark = pytest.mark.django_db

GOOD = {
    RecordKind.QUIZ: {
        "attempt": 1,
        "marks": None,
        "max_marks": 4.0,
        "pass_mark": 60,
        "provisional": True,
        "auto_submitted": False,
        "questions": [
            {
                "position": 1,
                "question_id": 7,
                "name": "退款时效",
                "type": "essay",
                "mark": None,
                "max_mark": 4,
            }
        ],
    },
    RecordKind.ROLEPLAY: {
        "mode": "assessment",
        "outcome": "resolved",
        "provisional": False,
        "reviewed": True,
        "revision": 12,
        "criteria": {"empathy": 0.6, "policy": None},
        "violations": [],
        "reply_seconds": [12.5, 40],
    },
    RecordKind.SURVEY: {
        "survey": 2,
        "scale": 5,
        "answers": [
            {
                "question": "3f2a9c1b",
                "text": "学到的内容能直接用在工作中",
                "kind": "likert",
                "dimension": "usefulness",
                "rating": 4,
            },
            {"question": "9b0e77d2", "kind": "recommend", "rating": 9},
            {"question": "why", "kind": "text", "comment": "好"},
        ],
        "dimensions": {"usefulness": 4.0},
        "recommend": 9,
    },
    RecordKind.OBSERVATION: {
        "observer": 3,
        "role": "self",
        "criteria": {"a1b2c3d4": 1.0, "e5f6a7b8": None},
        "behaviours": {"a1b2c3d4": "使用标准问候语", "e5f6a7b8": "按分级规则升级"},
        "channel": "live_chat",
        "notes": "主动致歉。",
    },
}


def test_every_kind_has_a_declared_shape():
    assert set(DETAILS_SHAPES) == set(RecordKind.values)


@pytest.mark.parametrize("kind", list(RecordKind.values))
def test_each_kinds_details_and_none_at_all_are_accepted(kind):
    record = record_result(
        user=make_person(), source=TeamFactory(), kind=kind, details=GOOD.get(kind, {})
    )
    assert record.details == GOOD.get(kind, {})


@pytest.mark.parametrize(
    ("kind", "details", "message"),
    [
        (RecordKind.LESSON, {"score": 1}, "unknown key(s) 'score'"),
        (RecordKind.QUIZ, GOOD[RecordKind.ROLEPLAY], "unknown key(s)"),  # another kind's shape
        (RecordKind.QUIZ, {**GOOD[RecordKind.QUIZ], "attempt": "1"}, "'attempt' must be"),
        (RecordKind.QUIZ, {**GOOD[RecordKind.QUIZ], "provisional": 1}, "true or false"),
        (RecordKind.QUIZ, {"attempt": 1}, "missing key(s) 'marks'"),
        (RecordKind.ROLEPLAY, {**GOOD[RecordKind.ROLEPLAY], "criteria": {"x": "high"}}, "'x'"),
        (RecordKind.ROLEPLAY, {**GOOD[RecordKind.ROLEPLAY], "violations": "policy"}, "a list"),
        (RecordKind.SURVEY, {"answers": [{"rating": 4}]}, "missing key(s) 'question'"),
        (RecordKind.OBSERVATION, {"observer": True, "criteria": {}}, "whole number"),
        (RecordKind.OBSERVATION, {"observer": 1, "criteria": {}, "role": 2}, "'role' must be"),
        (RecordKind.SURVEY, {"answers": [], "dimensions": {"content": "高"}}, "'content'"),
    ],
)
def test_details_that_do_not_fit_their_kind_are_refused_and_nothing_is_written(
    kind, details, message
):
    with pytest.raises(ValueError) as refused:
        record_result(user=make_person(), source=TeamFactory(), kind=kind, details=details)
    assert message in str(refused.value)
    assert not LearningRecord.objects.exists()


def test_a_refused_update_keeps_the_record_as_it_was():
    learner, source = make_person(), TeamFactory()
    record_result(user=learner, source=source, kind=RecordKind.QUIZ, details=GOOD[RecordKind.QUIZ])
    with pytest.raises(ValueError):
        record_result(user=learner, source=source, kind=RecordKind.QUIZ, details={"marks": "9"})
    assert LearningRecord.objects.get().details == GOOD[RecordKind.QUIZ]


def test_the_check_is_usable_on_its_own():
    details_check(RecordKind.COURSE, None)
    with pytest.raises(ValueError, match="course record"):
        details_check(RecordKind.COURSE, {"anything": 1})
