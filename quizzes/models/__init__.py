from quizzes.models.attempts import AttemptQuestion, AttemptState, QuizAttempt
from quizzes.models.bank import (
    Answer,
    Channel,
    Question,
    QuestionCategory,
    QuestionTag,
    QuestionType,
    TextFormat,
)
from quizzes.models.quiz import QuizPage, QuizRule, ReviewPolicy

__all__ = [
    "Answer",
    "AttemptQuestion",
    "AttemptState",
    "Channel",
    "Question",
    "QuestionCategory",
    "QuestionTag",
    "QuestionType",
    "QuizAttempt",
    "QuizPage",
    "QuizRule",
    "ReviewPolicy",
    "TextFormat",
]
