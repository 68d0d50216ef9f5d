"""`manage.py import_questions` and `export_questions`: what a trainer sees on the console."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from quizzes.importers.gift import parse_gift
from quizzes.models import Question

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MOODLE = Path(__file__).resolve().parents[3] / "shared/conformance/moodle"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_prints_how_many_questions_of_each_type_went_to_each_category():
    output = run("import_questions", str(FIXTURES / "service_standards.gift"))

    assert output.splitlines() == [
        "Imported 9 questions.",
        "  服务标准 / 响应时效: 2 (Matching 1, Single choice 1)",
        "  售后 / 退货退款: 4 (Multiple choice 1, Numerical 1, Short answer 1, True/false 1)",
        "  投诉处理: 2 (Essay 1, Ordering 1)",
        "  信息保护: 1 (Single choice 1)",
    ]
    assert Question.objects.count() == 9


def test_import_with_a_category_and_a_format():
    output = run(
        "import_questions",
        str(FIXTURES / "refunds.aiken.txt"),
        "--format",
        "aiken",
        "--category",
        "售后/退货退款",
    )

    assert "  售后 / 退货退款: 2 (Single choice 2)" in output


def test_a_bad_file_prints_every_problem_exits_with_status_1_and_imports_nothing():
    with pytest.raises(CommandError) as error:
        run("import_questions", str(FIXTURES / "two_bad_questions.gift"))

    assert error.value.returncode == 1
    message = str(error.value)
    assert message.startswith("The file was not imported; nothing was changed. Problems found: 2")
    assert "line 9: The answers opened with “{” are not closed with “}”." in message
    assert "line 15: The credits of the right options must add up to 100%" in message
    assert Question.objects.count() == 0


def test_moodle_aiken_errors_are_listed_by_line():
    with pytest.raises(CommandError) as error:
        run("import_questions", str(MOODLE / "aiken_errors.txt"))

    lines = [line.strip().split(":")[0] for line in str(error.value).splitlines()[1:]]
    assert lines == ["line 3", "line 5", "line 7", "line 18"]


def test_a_missing_file_is_an_error():
    with pytest.raises(CommandError, match="No such file"):
        run("import_questions", str(FIXTURES / "nothing.gift"))


def test_export_writes_the_chosen_category_as_gift(tmp_path):
    run("import_questions", str(FIXTURES / "service_standards.gift"))
    target = tmp_path / "售后.gift"

    output = run("export_questions", "--category", "售后", "--output", str(target))

    assert output.strip() == f"Wrote 4 questions to {target}."
    exported = parse_gift(target.read_text(encoding="utf-8"))
    assert sorted(q.name for q in exported) == ["七天起算", "运费规则", "退货天数", "退货核对"]
    assert {tuple(q.category) for q in exported} == {("售后", "退货退款")}


def test_export_to_the_console_and_an_unknown_category():
    run("import_questions", str(FIXTURES / "refunds.aiken.txt"), "--category", "售后")

    output = run("export_questions")
    assert output.startswith("$CATEGORY: $course$/top/售后\n")
    assert len(parse_gift(output)) == 2

    with pytest.raises(CommandError, match="No question category"):
        run("export_questions", "--category", "售后/不存在")
