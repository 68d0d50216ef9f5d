"""GIFT import: what Moodle makes of its own test files, our Chinese question files, and
files with mistakes, which are refused whole with every bad question named by its line."""

from pathlib import Path

import pytest
from django.utils import translation

from quizzes.importers import MAX_FILE_BYTES, questions_import
from quizzes.importers.gift import parse_gift
from quizzes.models import Question, QuestionCategory
from training.importers.errors import ImportRejected

MOODLE = Path(__file__).resolve().parents[3] / "shared/conformance/moodle"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the product's default language is Chinese.
    with translation.override("en"):
        yield


def moodle_questions():
    return parse_gift((MOODLE / "questions.gift.txt").read_text(encoding="utf-8"))


def answers(question):
    return [(a.text, a.fraction, a.feedback) for a in question.answers]


def rejected_lines(text: str) -> list[int]:
    with pytest.raises(ImportRejected) as rejected:
        parse_gift(text)
    return [problem.line for problem in rejected.value.problems]


# Moodle's fixtures ----------------------------------------------------------------------


def test_moodle_file_gives_the_nine_questions_moodle_gets():
    questions = moodle_questions()

    assert [(q.name, q.qtype) for q in questions] == [
        ("Q8", "essay"),
        ("Moodle activities", "matching"),
        ("Q2", "single_choice"),
        ("colours", "multiple_choice"),
        ("Q5", "numerical"),
        ("Shortanswer", "short_answer"),
        ("Q1", "true_false"),
        ("2-08 TSL", "true_false"),
        ("2-08 TSL", "true_false"),
    ]
    assert [q.line for q in questions] == [2, 5, 14, 22, 31, 34, 41, 46, 49]


def test_moodle_matching_keeps_four_pairs_and_the_extra_wrong_answer():
    matching = moodle_questions()[1]

    assert matching.text == "Match the <b>activity</b> to the description."
    assert matching.text_format == "html"
    assert [(a.text, a.match_text) for a in matching.answers] == [
        ("An activity supporting asynchronous discussions.", "Forum"),
        ("A teacher asks a question and specifies a choice of multiple responses.", "Choice"),
        ("A bank of record entries which participants can add to.", "Database"),
        ("A collection of web pages that anyone can add to or edit.", "Wiki"),
        ("", "Chat"),
    ]


def test_moodle_choices_keep_weights_and_feedback_without_format_markers():
    _essay, _matching, single, multiple, *_rest = moodle_questions()

    assert answers(single) == [
        ("yellow", 1.0, "right; good!"),
        ("red", 0.0, "wrong, it's yellow"),
        ("blue", 0.0, "wrong, it's yellow"),
    ]
    assert answers(multiple) == [
        ("yellow", 0.5, "right; good!"),
        ("red", -1.0, "wrong"),
        ("off-beige", 0.5, "right; good!"),
        ("blue", -1.0, "wrong"),
    ]


def test_moodle_numerical_short_answer_and_true_false():
    questions = moodle_questions()
    numerical, short, q1, t, true = questions[4:]

    # "~#Completely wrong" is Moodle's answer "*": any other number, with its feedback.
    assert [(a.text, a.fraction, a.tolerance, a.feedback) for a in numerical.answers] == [
        ("3", 1.0, 2.0, ""),
        ("*", 0.0, None, "Completely wrong"),
    ]
    assert answers(short) == [
        ("Frog", 1.0, "Good!"),
        ("Cat", 0.5, "What is it with Moodlers and cats?"),
        ("*", 0.0, "Completely wrong"),
    ]
    # {FALSE#a#b}: "a" is for the wrong answer (true), "b" for the right one (false).
    assert answers(q1) == [
        ("true", 0.0, "42 is the Ultimate Answer."),
        ("false", 1.0, "You gave the right answer."),
    ]
    assert q1.general_feedback == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    assert answers(t) == answers(true) == [("true", 1.0, ""), ("false", 0.0, "")]
    assert questions[0].answers == [] and questions[0].text == "How are you?"


def test_text_after_the_closing_brace_is_kept_with_a_blank_as_moodle_does():
    """Decision: `}";` is read as Moodle reads it, a missing-word question, not refused."""
    questions = moodle_questions()

    assert questions[4].text == 'What is a number from 1 to 5? _____";'
    assert questions[6].text == '42 is the Absolute Answer to everything._____";'


@pytest.mark.django_db
def test_moodle_file_imports_its_nine_questions_into_the_bank():
    data = (MOODLE / "questions.gift.txt").read_bytes()

    created = questions_import(data=data, filename="questions.gift.txt")

    assert len(created) == 9
    assert Question.objects.count() == 9
    # No $CATEGORY in the file and none chosen: the "Imported" category.
    assert {str(q.category) for q in created} == {"Imported"}
    stored = Question.objects.get(name="colours")
    assert [(a.text, float(a.fraction)) for a in stored.answers.all()] == [
        ("yellow", 0.5),
        ("red", -1.0),
        ("off-beige", 0.5),
        ("blue", -1.0),
    ]


@pytest.mark.django_db
def test_moodle_category_file_puts_four_questions_in_its_category_with_escapes_literal():
    data = (MOODLE / "questions_in_category.gift.txt").read_bytes()

    created = questions_import(data=data, filename="questions_in_category.gift.txt")

    assert [(q.name, q.qtype) for q in created] == [
        ("Moodle activities", "matching"),
        ("Greeting", "single_choice"),
        ("Moodle user", "short_answer"),
        ("Moodle acronym", "true_false"),
    ]
    assert {str(q.category) for q in created} == {"Default for New Features"}
    greeting = Question.objects.get(name="Greeting")
    assert greeting.text.startswith(
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:</a>'
    )
    acronym = Question.objects.get(name="Moodle acronym")
    assert '<span style="font-style: italic;">' in acronym.text
    assert [a.text for a in Question.objects.get(name="Moodle user").answers.all()] == ["Moodler"]


# Our own questions ----------------------------------------------------------------------


@pytest.mark.django_db
def test_chinese_question_file_imports_every_type_into_its_categories():
    data = (FIXTURES / "service_standards.gift").read_bytes()

    created = questions_import(data=data, filename="service_standards.gift")

    by_name = {q.name: q for q in created}
    assert {name: (q.qtype, str(q.category)) for name, q in by_name.items()} == {
        "首次响应时限": ("single_choice", "服务标准 / 响应时效"),
        "响应时限配对": ("matching", "服务标准 / 响应时效"),
        "七天起算": ("true_false", "售后 / 退货退款"),
        "退货核对": ("multiple_choice", "售后 / 退货退款"),
        "退货天数": ("numerical", "售后 / 退货退款"),
        "运费规则": ("short_answer", "售后 / 退货退款"),
        "投诉步骤": ("ordering", "投诉处理"),
        "公开投诉回复": ("essay", "投诉处理"),
        "转义字符": ("single_choice", "信息保护"),
    }
    first = by_name["首次响应时限"]
    assert first.text == "在线咨询的首次响应时间标准是？"
    assert first.general_feedback == "优秀团队能做到 30 秒以内！"
    assert [(a.text, a.feedback) for a in first.answers.all()][0] == ("60 秒以内", "对：≤ 60 秒。")
    assert sorted(t.name for t in first.tags.all()) == ["响应时效", "新人必考"]
    steps = [a.text for a in by_name["投诉步骤"].answers.all()]
    assert steps == ["保持冷静", "确认问题", "道歉", "解决", "改进"]
    seven = [(a.text, float(a.fraction), a.feedback) for a in by_name["七天起算"].answers.all()]
    assert seven == [("true", 1.0, "正确！"), ("false", 0.0, "错了：从签收次日起算。")]
    assert by_name["运费规则"].text_format == "markdown"
    assert by_name["公开投诉回复"].text_format == "html"
    assert by_name["公开投诉回复"].general_feedback.startswith("先道歉、再说明处理进度")
    escaped = by_name["转义字符"]
    assert escaped.text == "顾客问：“订单备注里的 {加急} 和 a=b 是什么意思？” 回复时要注意什么？"
    assert escaped.answers.first().text == "不泄露其他顾客的信息: 只解释本人订单"
    days = by_name["退货天数"].answers.get()
    assert (days.text, float(days.tolerance)) == ("7", 0.0)


@pytest.mark.django_db
def test_questions_without_a_category_in_the_file_go_to_the_chosen_category():
    text = "::问候::接起电话时先说什么？{=您好，这里是客服中心 ~喂}\n"

    created = questions_import(
        data=text.encode(), filename="greeting.gift", category="服务标准/接待礼仪"
    )

    assert str(created[0].category) == "服务标准 / 接待礼仪"
    assert QuestionCategory.objects.get(name="接待礼仪").parent.name == "服务标准"


@pytest.mark.django_db
def test_a_file_with_two_bad_questions_is_refused_naming_both_and_nothing_is_created():
    data = (FIXTURES / "two_bad_questions.gift").read_bytes()

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=data, filename="two_bad_questions.gift")

    problems = rejected.value.problems
    assert [p.line for p in problems] == [9, 15]
    assert "not closed" in problems[0].message
    assert "add up to 100%" in problems[1].message
    assert Question.objects.count() == 0
    assert QuestionCategory.objects.count() == 0
    assert "line 9" in str(rejected.value) and "line 15" in str(rejected.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("退货期限是几天？", "no answers"),
        ("::未闭合名称 退货期限是几天？{#7}", "not closed with “::”"),
        ("退货期限是几天？{#7", "not closed with “}”"),
        ("退货期限是几天？}{#7}", "comes before"),
        ("退货期限{#7}是几天？{#7}", "one answer block"),
        ("七天无理由退货从签收次日起算。{对}", "does not start with = or ~"),
        ("首次响应时限？{=60 秒 ~%abc%5 分钟}", "valid weight"),
        ("首次响应时限？{=60 秒 ~ ~5 分钟}", "An option has no text"),
        ("把渠道配对。{=在线咨询 -> 60 秒 =邮件 4 小时}", "not a matching pair"),
    ],
)
def test_a_malformed_question_is_named_by_its_first_line(text, fragment):
    with pytest.raises(ImportRejected) as rejected:
        parse_gift(f"// 第一行是注释\n\n{text}\n")

    (problem,) = rejected.value.problems
    assert problem.line == 3
    assert fragment in problem.message


def test_every_bad_question_is_named_not_just_the_first():
    text = "坏题一{=a\n\n::好题::好题{T}\n\n坏题二\n\n坏题三 {~a ~b}}\n"

    assert rejected_lines(text) == [1, 5, 7]


def test_true_false_is_read_whatever_the_case_and_lowercase_true_is_not_a_short_answer():
    (question,) = parse_gift("七天无理由退货从签收次日起算。{true}")

    assert question.qtype == "true_false"


def test_numerical_ranges_weights_and_feedback():
    (question,) = parse_gift("首次响应最多几秒？{#\n=60:0#对\n=%50%50..70#接近了\n~#不对}\n")

    assert [(a.text, a.fraction, a.tolerance, a.feedback) for a in question.answers] == [
        ("60", 1.0, 0.0, "对"),
        ("60", 0.5, 10.0, "接近了"),
        ("*", 0.0, None, "不对"),
    ]


def test_line_breaks_and_carriage_returns_keep_line_numbers():
    text = "// 注释\r\n\r\n::一::好题{T}\r\n\r\n::二::坏题{=a\r\n"

    assert rejected_lines(text) == [5]


@pytest.mark.django_db
def test_text_file_with_a_byte_order_mark_is_read_as_gift():
    text = "\ufeff::问候::接起电话时先说什么？{=您好 ~喂}\n"

    created = questions_import(data=text.encode("utf-8"), filename="greeting.txt")

    assert created[0].qtype == "single_choice"


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message():
    data = "::问候::接起电话时先说什么？{=您好 ~喂}\n".encode("gb18030")

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=data, filename="greeting.gift")

    assert "not UTF-8" in rejected.value.problems[0].message
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused():
    data = b"// " + b"x" * MAX_FILE_BYTES

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=data, filename="big.gift")

    assert "over the limit of 5.0 MB" in rejected.value.problems[0].message


@pytest.mark.django_db
def test_an_unknown_file_type_or_format_is_refused():
    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=b"x", filename="questions.docx")
    assert ".gift" in rejected.value.problems[0].message

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=b"x", filename="questions.gift", format="qti")
    assert "not a question format" in rejected.value.problems[0].message


@pytest.mark.django_db
def test_an_empty_file_is_refused():
    with pytest.raises(ImportRejected) as rejected:
        questions_import(data="// 只有注释\n".encode(), filename="empty.gift")

    assert "no questions" in rejected.value.problems[0].message
