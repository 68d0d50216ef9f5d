import pytest

from quizzes.bank import questions_save
from quizzes.models import QuizPage, QuizRule
from quizzes.questions import AnswerData, QuestionData
from tests.courses.conftest import (  # noqa: F401  (fixtures shared with the course tests)
    catalog,
    course,
    learner,
    learner_client,
    publish_child,
)


def bank_questions() -> list[QuestionData]:
    """One question of each auto-graded type, about refunds and service standards."""
    return [
        QuestionData(
            qtype="single_choice",
            name="首次响应",
            text="在线咨询的首次响应时间标准是？",
            answers=[
                AnswerData("60 秒以内", 1, "对：≤ 60 秒。"),
                AnswerData("5 分钟以内", 0, "太慢了。"),
                AnswerData("24 小时以内", 0, "这是投诉给出方案的时限。"),
            ],
            general_feedback="优秀团队做到 30 秒。",
        ),
        QuestionData(
            qtype="multiple_choice",
            name="退款资料",
            text="办理退款需要核对哪些信息？",
            answers=[
                AnswerData("订单号", 0.5),
                AnswerData("收货地址是否一致", 0.5),
                AnswerData("顾客的身份证照片", -1, "不需要，属于过度收集。"),
            ],
        ),
        QuestionData(
            qtype="true_false",
            name="七天无理由",
            text="七天无理由退货从签收次日起算。",
            answers=[AnswerData("true", 1, "正确。"), AnswerData("false", 0, "再看一下规定。")],
        ),
        QuestionData(
            qtype="short_answer",
            name="邮件时限",
            text="邮件回复时限是几小时？（填数字和单位）",
            answers=[AnswerData("4小时", 1), AnswerData("四小时", 1)],
        ),
        QuestionData(
            qtype="ordering",
            name="投诉步骤",
            text="把投诉处理步骤排好顺序。",
            answers=[AnswerData(t) for t in ["保持冷静", "确认问题", "道歉", "解决", "改进"]],
        ),
    ]


@pytest.fixture
def bank(db):
    questions = bank_questions()
    for question in questions:
        question.category = ["服务标准"]
    return questions_save(questions=questions)


@pytest.fixture
def make_quiz(course, bank):  # noqa: F811
    def make(**settings) -> QuizPage:
        module = course.modules().last()
        rules = settings.pop("rules", None) or [QuizRule(question=q) for q in bank]
        quiz = QuizPage(title="退款测验", slug=settings.pop("slug", "refund-quiz"), **settings)
        quiz.rules = rules
        return publish_child(module, quiz)

    return make


@pytest.fixture
def quiz(make_quiz):
    return make_quiz()
