"""`manage.py export_scenario SLUG`: a role-play scenario as a YAML (or JSON) file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roleplay.files import scenario_export
from roleplay.models import ScenarioPage


class Command(BaseCommand):
    help = "Export a role-play scenario (its latest version) as YAML or JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", dest="fmt", choices=["yaml", "json"], default="yaml")
        parser.add_argument("--output", default="", help="File to write (default: stdout).")

    def handle(self, *args, slug, fmt, output, **options):
        pages = list(ScenarioPage.objects.filter(slug=slug))
        if not pages:
            raise CommandError(f"No scenario with the slug {slug!r}.")
        if len(pages) > 1:
            raise CommandError(f"Several scenarios have the slug {slug!r}; rename one first.")
        text = scenario_export(pages[0], fmt=fmt)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
        else:
            self.stdout.write(text, ending="")
