"""`manage.py import_scenario FILE`: a role-play scenario from a YAML or JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roleplay.fileformat import MAX_FILE_BYTES
from roleplay.files import scenario_import
from training.importers.errors import ImportRejected, format_problems
from training.importers.upload import read_path


class Command(BaseCommand):
    help = (
        "Import a role-play scenario (YAML or JSON, see docs/roleplay-scenarios.md) into the "
        "course it names, publishing it. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--draft", action="store_true", help="Save without publishing.")

    def handle(self, *args, file, draft, **options):
        from roleplay.scenario import best_path

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            page, scenario, created = scenario_import(
                data=read_path(path, limit=MAX_FILE_BYTES), filename=path.name, publish=not draft
            )
        except ImportRejected as rejected:
            raise CommandError(format_problems(rejected.problems)) from None
        best, keys = best_path(scenario)
        verb = "Created" if created else "Updated"
        # The best path of an AI scenario stops where the AI customer takes over.
        ai = scenario.ai_customer
        handover = (
            f"; then the AI customer plays ({ai.temperament}, at most {ai.max_turns} replies)"
            if ai is not None and keys and scenario.step(keys[-1]).ai
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} scenario «{page.title}» in «{page.get_parent().title}»: "
                f"{len(scenario.steps)} steps; best achievable score {best:g} "
                f"(path: {' → '.join(keys)}){handover}."
            )
        )
