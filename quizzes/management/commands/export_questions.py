"""Write bank questions as GIFT: `manage.py export_questions [--category …] [--output FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.importers.gift_export import export_gift
from quizzes.models import Question, QuestionCategory


class Command(BaseCommand):
    help = (
        "Export questions of the question bank as GIFT (Moodle's text format), by category. "
        "Customer-message questions become single choice; marks are not part of GIFT."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--category",
            default=None,
            help="Only this category and the ones below it, as a path: 服务标准/响应时效",
        )
        parser.add_argument("--output", default=None, help="File to write (default: the console)")

    def handle(self, *args, category, output, **options):
        questions = Question.objects.select_related("category").prefetch_related(
            "answers", "tagged_items__tag"
        )
        if category:
            questions = questions.filter(category_id__in=_category(category).descendant_ids())
        questions = sorted(questions, key=lambda q: (_path(q.category), q.name, q.pk))
        text = export_gift(questions)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(questions)} questions to {output}."))
        else:
            self.stdout.write(text, ending="")


def _category(path: str) -> QuestionCategory:
    found = None
    for name in [part.strip() for part in path.split("/") if part.strip()]:
        found = QuestionCategory.objects.filter(parent=found, name=name).first()
        if found is None:
            raise CommandError(f"No question category “{path}”.")
    if found is None:
        raise CommandError(f"No question category “{path}”.")
    return found


def _path(category: QuestionCategory) -> list[str]:
    return [c.name for c in category.lineage()]
