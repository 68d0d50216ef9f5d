"""The shape of a learning record's `details`, per kind of record.

`details` holds what a reader needs beyond score and pass: the marks of a quiz attempt, the
per-criterion scores of a role-play. Each kind's shape is declared here once, as a TypedDict,
and `record_result` refuses details that do not match their kind (`details_check`), so that
readers (certification, the training-effect evaluation, exports) can rely on it.

Details are optional: a record may have none (`{}`), e.g. a result imported from elsewhere.
When given, they carry every required key of their kind, only known keys, and values of the
declared types (an int is a number; a bool is not). Adding a key: declare it here first,
`NotRequired` unless every producer writes it, since old records do not have it.
"""

import types
from typing import Any, NotRequired, TypedDict, Union, get_args, get_origin, get_type_hints

# --- what each kind's producer writes ------------------------------------------------------


class LessonDetails(TypedDict):
    """A lesson completed: nothing beyond the record's own fields."""


class CourseDetails(TypedDict):
    """A course completed: nothing beyond the record's own fields."""


class ProgrammeDetails(TypedDict):
    """A programme completed (every course of it): nothing beyond the record's own fields; its
    activity and course are both the programme page."""


class QuizQuestionResult(TypedDict):
    position: int  # 1-based place in the attempt
    question_id: int | None  # the bank question (None once it has been deleted)
    name: str
    type: str  # the question type (single_choice, essay, ...)
    mark: float | None  # None while an essay waits for grading
    max_mark: float


class QuizDetails(TypedDict):
    """A quiz attempt (`quizzes`), written when it is submitted and again when graded."""

    attempt: int  # the learner's attempt number at this quiz, from 1
    marks: float | None
    max_marks: float
    pass_mark: int  # per cent
    provisional: bool  # True while essays wait for grading
    auto_submitted: NotRequired[bool]  # submitted when time ran out
    questions: NotRequired[list[QuizQuestionResult]]


class RoleplayDetails(TypedDict):
    """An assessed role-play attempt (`roleplay`); practice is never recorded."""

    mode: str  # "assessment"
    outcome: str  # the end reached (resolved, customer_lost, ...)
    provisional: bool  # True while written replies wait for a trainer's review
    reviewed: NotRequired[bool]
    revision: NotRequired[int]  # the scenario revision played (also `activity_revision_id`)
    criteria: dict[str, float | None]  # rubric key -> score 0–1 (None: not on the path taken)
    violations: NotRequired[list[str]]  # rubric keys of the critical violations
    reply_seconds: NotRequired[list[float]]  # how long each reply took


class SurveyAnswer(TypedDict):
    question: str  # the question's key in the survey (generated, stable across edits)
    text: NotRequired[str]  # the question as it was asked
    kind: NotRequired[str]  # "likert" (1..scale), "recommend" (0–10) or "text"
    dimension: NotRequired[str]  # a rating's dimension: content, format, trainer, usefulness, other
    rating: NotRequired[int | None]  # likert 1..scale, recommend 0–10 (None: skipped)
    choice: NotRequired[str]
    comment: NotRequired[str]  # a free-text answer


class SurveyDetails(TypedDict):
    """A survey answered (the reaction level of the training-effect evaluation; written by
    `evaluation.surveys`, activity = the survey form, course = the course page, with its wave).
    The record's score is the mean rating normalised to 0–1, `(mean − 1) / (scale − 1)`."""

    survey: NotRequired[int]  # the survey form's id
    scale: NotRequired[int]  # the highest rating, e.g. 5
    anonymous: NotRequired[bool]  # reports show it without the person's name
    answers: list[SurveyAnswer]  # in the survey's order, questions left blank left out
    dimensions: NotRequired[dict[str, float]]  # dimension -> mean rating (1..scale)
    recommend: NotRequired[int | None]  # would recommend, 0–10 (None: not asked or skipped)


class ObservationDetails(TypedDict):
    """An on-the-job observation: a supervisor (or trainer) checks a person's behaviour at work.

    Two producers: certification's sign-off (activity = the programme, no wave, criteria by
    checklist item text, no role) and the evaluation's behaviour checklist (`evaluation.
    observations`: activity = the course's checklist, course and wave set, criteria by
    behaviour key with `behaviours` giving each key's text, role "supervisor" or "self" for
    the agent's self-assessment). Readers take a missing role as "supervisor" and a criterion
    missing from `behaviours` as labelled by its key."""

    observer: int  # the observing user's id (the person themselves for a self-assessment)
    criteria: dict[str, float | None]  # key -> 1 met, 0.5 partly, 0 not met (None: not observed)
    role: NotRequired[str]  # "supervisor" or "self"
    behaviours: NotRequired[dict[str, str]]  # criterion key -> its text as observed
    channel: NotRequired[str]  # live_chat, phone, e-mail, ...
    conversation: NotRequired[str]  # the ticket or chat reference observed
    notes: NotRequired[str]


DETAILS_SHAPES: dict[str, type] = {
    "lesson": LessonDetails,
    "course": CourseDetails,
    "programme": ProgrammeDetails,
    "quiz": QuizDetails,
    "roleplay": RoleplayDetails,
    "survey": SurveyDetails,
    "observation": ObservationDetails,
}


# --- the check ---------------------------------------------------------------------------


def details_check(kind: str, details: dict[str, Any] | None) -> None:
    """Raise ValueError, saying what is wrong, unless `details` fit a record of `kind`."""
    if details is None or details == {}:
        return
    shape = DETAILS_SHAPES.get(kind)
    if shape is None:
        raise ValueError(f"No details are defined for records of kind {kind!r}.")
    _check_typed_dict(shape, details, f"details of a {kind} record")


def _check_typed_dict(shape: type, value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be a mapping, not {type(value).__name__}.")
    hints = get_type_hints(shape)
    unknown = sorted(set(value) - set(hints), key=str)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}.")
    missing = sorted(shape.__required_keys__ - set(value))
    if missing:
        raise ValueError(f"{where}: missing key(s) {', '.join(map(repr, missing))}.")
    for key, item in value.items():
        _check(hints[key], item, f"{where}, {key!r}")


def _check(hint: Any, value: Any, where: str) -> None:
    origin = get_origin(hint)
    if origin is NotRequired:
        return _check(get_args(hint)[0], value, where)
    if origin in (Union, types.UnionType):
        options = [option for option in get_args(hint) if option is not type(None)]
        if value is None and len(options) < len(get_args(hint)):
            return None
        if len(options) == 1:
            return _check(options[0], value, where)
        for option in options:
            try:
                return _check(option, value, where)
            except ValueError:
                continue
        names = " or ".join(_name(option) for option in get_args(hint))
        raise ValueError(f"{where} must be {names}, not {value!r}.")
    if hint is type(None):
        if value is not None:
            raise ValueError(f"{where} must be empty (None), not {value!r}.")
        return None
    if origin is list:
        if not isinstance(value, list):
            raise ValueError(f"{where} must be a list, not {value!r}.")
        for index, item in enumerate(value):
            _check(get_args(hint)[0], item, f"{where}[{index}]")
        return None
    if origin is dict:
        if not isinstance(value, dict):
            raise ValueError(f"{where} must be a mapping, not {value!r}.")
        key_type, value_type = get_args(hint)
        for key, item in value.items():
            _check(key_type, key, f"{where} key")
            _check(value_type, item, f"{where}[{key!r}]")
        return None
    if isinstance(hint, type) and hasattr(hint, "__required_keys__"):
        return _check_typed_dict(hint, value, where)
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, hint)
    if not ok:
        raise ValueError(f"{where} must be {_name(hint)}, not {value!r}.")
    return None


def _name(hint: Any) -> str:
    names = {float: "a number", int: "a whole number", str: "text", bool: "true or false"}
    names[type(None)] = "empty (None)"
    return names.get(hint, getattr(hint, "__name__", str(hint)))
