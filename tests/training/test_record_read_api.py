"""One read API for the learning record: code outside `training` reads it only through
`training.records`, and those reads answer what courses, waves and the demo data ask."""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import Page

from tests.factories import TeamFactory, make_person
from training.models import RecordKind
from training.records import (
    first_pass_at,
    first_passes,
    latest_results,
    passed_activities,
    record_result,
    team_courses_completed_since,
)

ROOT = Path(__file__).resolve().parents[2]
# Names that reach the record's table: the model, its reverse relations, its table.
FORBIDDEN = ("learningrecord", "learning_record")
SKIPPED_DIRS = {"training", "tests", "migrations", "node_modules", "static"}
# Modules outside `training` allowed to write the record directly, and why.
ALLOWED_FILES = {
    # A fixture generator: bulk-inserts a million records for the benchmark (record_result
    # runs follow-ups per record and would take hours); it reads through the read API.
    "scripts/bench_certification.py",
    "scripts/bench_evaluation.py",
    # What those two share: it counts the records they wrote for the report of the data.
    "scripts/bench_common.py",
}


def record_references(source: str) -> list[int]:
    """The lines of a module's source that name the learning record's model or relations."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.alias):
            names = [node.name, node.asname or ""]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [
                node.value
            ]  # apps.get_model("training", "LearningRecord"), "user__learning_records"
        if any(word in name.lower() for name in names for word in FORBIDDEN):
            lines.append(node.lineno)
    return sorted(set(lines))


def python_modules_outside_training():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or SKIPPED_DIRS & set(parts[:-1]):
            continue
        if "/".join(parts) in ALLOWED_FILES:
            continue
        yield path


def test_no_module_outside_training_reads_the_learning_record_directly():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in python_modules_outside_training()
        if (lines := record_references(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, (
        f"Read the learning record through training.records, not directly: {offenders}"
    )
    templates = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.html")
        if not path.relative_to(ROOT).parts[0].startswith((".", "training", "tests"))
        and "learning_records" in path.read_text(encoding="utf-8")
    ]
    assert templates == []


def test_the_scan_sees_the_ways_a_module_can_reach_the_record():
    assert len(list(python_modules_outside_training())) > 50  # it does look at the apps
    assert record_references("from training.models import LearningRecord\n") == [1]
    assert record_references("import x\nrows = models.LearningRecord.objects.all()\n") == [2]
    assert record_references("m = apps.get_model('training', 'LearningRecord')\n") == [1]
    assert record_references("User.objects.annotate(n=Count('learning_records'))\n") == [1]
    assert record_references("user.learning_records.filter(passed=True)\n") == [1]
    assert record_references("from training.records import first_passes\n") == []


TZ = timezone.get_default_timezone()


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 5, day, 10, tzinfo=TZ)


@pytest.fixture
def pages():
    root = Page.objects.get(depth=1)
    return [root.add_child(instance=Page(title=f"page {i}", slug=f"p{i}")) for i in range(3)]


def record(user, page, day, passed, kind=RecordKind.QUIZ):
    return record_result(
        user=user,
        source=TeamFactory(),
        kind=kind,
        activity=page,
        completed_at=at(day),
        passed=passed,
        score=1.0 if passed else 0.0,
    )


@pytest.mark.django_db
def test_first_passes_and_passed_activities(pages):
    alice, bob = make_person(), make_person()
    one, two, three = pages
    record(alice, one, 3, True)
    record(alice, one, 1, False)
    record(alice, one, 9, True)  # a later re-take does not move the first pass
    record(alice, two, 4, False)
    record(bob, two, 5, True, kind=RecordKind.LESSON)

    assert first_passes(users=[alice, bob], activities=pages) == {
        alice.pk: {one.pk: at(3)},
        bob.pk: {two.pk: at(5)},
    }
    assert first_passes(users=[alice, bob], activities=pages, kind=RecordKind.LESSON) == {
        bob.pk: {two.pk: at(5)}
    }
    assert passed_activities(users=[alice, bob], activities=[one, three]) == {alice.pk: {one.pk}}
    assert first_pass_at(user=alice, activity=one) == at(3)
    assert first_pass_at(user=alice, activity=one, before=at(3)) is None
    assert first_passes(users=[], activities=pages) == {}


@pytest.mark.django_db
def test_latest_result_per_activity_for_people_the_viewer_may_see(pages):
    team = TeamFactory()
    alice, bob = make_person(team=team), make_person(team=team)
    one, two, _three = pages
    record(alice, one, 1, False)
    newest_one = record(alice, one, 6, True)
    only_two = record(alice, two, 4, False)
    assert latest_results(viewer=alice, person=alice) == [newest_one, only_two]
    assert latest_results(viewer=alice, person=alice, activities=[two]) == [only_two]
    with pytest.raises(PermissionDenied):
        latest_results(viewer=bob, person=alice)


@pytest.mark.django_db
def test_the_teams_that_completed_each_course_since_a_date_are_the_teams_people_are_in_now(
    pages,
):
    one, two, _three = pages
    first, second, third, fourth, moved_to = (TeamFactory() for _ in range(5))
    alice, erin = make_person(team=first), make_person(team=first)
    bob, carol, dave = make_person(team=second), make_person(team=third), make_person(team=fourth)

    def complete(user, page, day, passed=True, kind=RecordKind.COURSE):
        record_result(
            user=user, source=TeamFactory(), kind=kind, activity=page, course=page,
            completed_at=at(day), passed=passed, score=1.0 if passed else 0.0,
        )  # fmt: skip

    complete(alice, one, 5)
    complete(bob, two, 6, kind=RecordKind.PROGRAMME)
    complete(carol, one, 2)  # before the date
    complete(dave, one, 7, passed=False)
    complete(erin, two, 8)
    erin.profile.team = moved_to
    erin.profile.save()
    record(dave, two, 9, True)  # a quiz is no completion

    assert team_courses_completed_since(at(4)) == {
        (first.pk, one.pk),
        (second.pk, two.pk),
        (moved_to.pk, two.pk),
    }
