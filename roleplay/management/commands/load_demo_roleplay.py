"""`manage.py load_demo_roleplay`: the demo role-play scenarios, in their demo courses.

Idempotent: a scenario already in its course is left as it is (a trainer may have edited it).
Run after `load_demo_courses`; scenarios whose course is missing are skipped and named. Then
a few weeks of demo history (roleplay/demo/history.py): a new hire's practice, and assessed
written replies waiting for review.
"""

from django.core.management.base import BaseCommand

from roleplay.demo import demo_scenario_files
from roleplay.demo.history import demo_history_ensure
from roleplay.files import scenario_import
from roleplay.models import ScenarioPage
from training.importers.errors import ImportRejected


class Command(BaseCommand):
    help = "Load the demo role-play scenarios into the demo courses (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-history",
            action="store_true",
            help="Load the scenarios only, without the demo people's attempts.",
        )

    def handle(self, *args, **options):
        created, kept, skipped = 0, 0, []
        for path in demo_scenario_files():
            if ScenarioPage.objects.filter(slug=path.stem).exists():
                kept += 1
                continue
            try:
                scenario_import(data=path.read_bytes(), filename=path.name)
            except ImportRejected as rejected:
                skipped.append(f"{path.name}: {rejected.problems[0]}")
                continue
            created += 1
        self.stdout.write(
            f"Demo role-play scenarios: {created} created, {kept} already there"
            + (f", {len(skipped)} skipped" if skipped else "")
            + "."
        )
        for line in skipped:
            self.stdout.write(f"  {line}")
        if options["without_history"]:
            return
        played, left = demo_history_ensure()
        self.stdout.write(
            f"Demo role-play history: {played} attempts played"
            + (f", {left} people already had theirs" if left else "")
            + "."
        )
