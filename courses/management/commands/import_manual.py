"""Create a draft course from a training manual: `manage.py import_manual FILE --kind …`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.importers.manual import MAX_FILE_BYTES, parse_manual
from courses.importers.manual_writer import course_create_from_outline
from courses.models import CourseKind
from training.importers.errors import ImportRejected, format_problems
from training.importers.upload import read_path


class Command(BaseCommand):
    help = (
        "Import a training manual (.docx, Markdown or plain text) as a draft course: chapters "
        "become modules, sections become lessons. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The manual: .docx, .md or .txt")
        parser.add_argument("--kind", required=True, choices=CourseKind.values)
        parser.add_argument("--title", default="", help="Course title (default: the manual's)")

    def handle(self, *args, file, kind, title, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            data = read_path(path, limit=MAX_FILE_BYTES)
            outline = parse_manual(data, path.name)
            course = course_create_from_outline(outline=outline, kind=kind, title=title or None)
        except ImportRejected as rejected:
            raise CommandError(format_problems(rejected.problems)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Created draft course «{course.title}»: {len(outline.modules)} modules, "
                f"{outline.lesson_count} lessons."
            )
        )
