"""The layers between the apps hold, and the check that says so fails when one is broken.

`lint-imports` reads the contracts in pyproject.toml. It builds the import graph from the
source without running it, so a copy of the packages with one import added is enough to show
that each contract catches what it is there for.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("training", "courses", "quizzes", "roleplay", "certification", "evaluation")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(folder / "pyproject.toml")],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project_copy(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("migrations", "templates", "static", "locale", "*.mo"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_apps_keep_their_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_fails_when_a_producer_imports_another(project_copy):
    module = project_copy / "quizzes" / "services.py"
    module.write_text("from roleplay.models import ScenarioPage  # noqa\n" + module.read_text())

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "Producers never import each other" in result.stdout
    assert "BROKEN" in result.stdout


def test_the_check_fails_when_training_imports_a_producer(project_copy):
    module = project_copy / "training" / "views.py"
    module.write_text("from courses.models import CoursePage  # noqa\n" + module.read_text())

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "The training core imports no producer" in result.stdout


def test_the_check_fails_when_a_quiz_asks_training_pages_instead_of_its_base(project_copy):
    module = project_copy / "quizzes" / "views.py"
    module.write_text("from training.pages import is_published_path  # noqa\n" + module.read_text())

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "through its base" in result.stdout


PRODUCERS = ("courses", "quizzes", "roleplay", "certification")
NAMED_BY_STRING = re.compile(
    r"""get_model\(\s*["'](?P<a>\w+)["']|app_label\s*=\s*["'](?P<b>\w+)["']"""
    r"""|app_label__in\s*=\s*\[[^\]]*["'](?P<c>\w+)["']"""
)


def models_named_by_string(source: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in NAMED_BY_STRING.finditer(source)}


def test_no_producer_reaches_another_by_an_app_label_string():
    found = []
    for package in ("training", *PRODUCERS):
        for module in (ROOT / package).rglob("*.py"):
            if "migrations" in module.parts:
                continue
            others = set(PRODUCERS) - {package}
            named = models_named_by_string(module.read_text()) & others
            found += [f"{module.relative_to(ROOT)} names {app}" for app in sorted(named)]
    assert found == []


def test_the_string_check_sees_a_model_named_by_its_app():
    assert models_named_by_string('apps.get_model("courses", "CoursePage")') == {"courses"}
    assert models_named_by_string("Page.objects.filter(content_type__app_label='courses')") == {
        "courses"
    }
