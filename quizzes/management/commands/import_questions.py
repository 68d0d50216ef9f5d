"""Add questions to the bank from a file: `manage.py import_questions FILE [--format …]`."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.importers import FORMATS, MAX_FILE_BYTES, questions_import
from quizzes.models import QuestionType
from training.importers.errors import ImportRejected, format_problems
from training.importers.upload import read_path


class Command(BaseCommand):
    help = (
        "Import questions into the question bank from a GIFT, Aiken (.gift, .aiken, .txt) or "
        "XLSX file. All or nothing: a file with any problem imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The question file: .gift, .aiken, .txt or .xlsx")
        parser.add_argument(
            "--format", choices=FORMATS, help="The file's format (default: from its extension)"
        )
        parser.add_argument(
            "--category",
            default=None,
            help="Category path for questions the file puts in none, e.g. 服务标准/响应时效",
        )

    def handle(self, *args, file, format, category, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            data = read_path(path, limit=MAX_FILE_BYTES)
            questions = questions_import(
                data=data, filename=path.name, format=format, category=category
            )
        except ImportRejected as rejected:
            raise CommandError(format_problems(rejected.problems)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {len(questions)} questions."))
        by_category: dict[str, Counter] = {}
        for question in questions:
            by_category.setdefault(str(question.category), Counter())[question.qtype] += 1
        for name, types in by_category.items():
            counts = ", ".join(
                f"{QuestionType(qtype).label} {count}" for qtype, count in sorted(types.items())
            )
            self.stdout.write(f"  {name}: {sum(types.values())} ({counts})")
