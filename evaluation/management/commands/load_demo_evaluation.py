"""Load the demo organisation's year of evaluation history. Safe to run again."""

from django.core.management.base import BaseCommand

from evaluation.demo import MAIN_COURSE, demo_evaluation_load


class Command(BaseCommand):
    help = (
        "Load the demo's evaluation history: generated agents in the two demo teams, cohorts "
        f"who completed {MAIN_COURSE} over the last 14 months with their surveys, re-tests "
        "and observations, and 15 months of KPIs. Run after the other demo loaders. "
        "Idempotent."
    )

    def handle(self, *args, **options):
        summary = demo_evaluation_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo evaluation: {agents} agents, {histories} course histories written, "
                "{kpis} KPI values added.".format(**summary)
            )
        )
        for slug in summary["missing"]:
            self.stdout.write(self.style.WARNING(f"  missing page: {slug} (load its demo first)"))
