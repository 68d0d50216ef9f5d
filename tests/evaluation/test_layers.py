"""Evaluation reads records and KPIs through training: the layer check says so and catches a
breach."""

from tests.training.test_layers import lint_imports, project_copy  # noqa: F401


def test_the_check_fails_when_evaluation_imports_certification(project_copy):  # noqa: F811
    module = project_copy / "evaluation" / "selectors.py"
    module.write_text("from certification.models import Certificate  # noqa\n" + module.read_text())

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "Evaluation reads records and KPIs through training" in result.stdout


def test_the_check_fails_when_a_producer_imports_evaluation(project_copy):  # noqa: F811
    module = project_copy / "quizzes" / "views.py"
    module.write_text("from evaluation.models import AgentKpi  # noqa\n" + module.read_text())

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "Producers never import evaluation" in result.stdout
