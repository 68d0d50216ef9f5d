"""Schedule the evaluation waves of courses completed before the waves existed."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from evaluation.waves import waves_schedule_past
from training.models import User


class Command(BaseCommand):
    help = (
        "Schedule the short-, mid- and long-term evaluation waves of every course completed "
        "since a date (default: 400 days ago, so that every wave still to come is scheduled), "
        "by each course's evaluation plan. Idempotent: waves that exist are left as they are. "
        "Waves whose window has passed are closed by the next daily round without telling "
        "anybody. See docs/evaluation.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help="Completions on or after this day (YYYY-MM-DD); default 400 days ago.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be scheduled; write nothing."
        )

    def handle(self, *args, since=None, dry_run=False, **options):
        if since:
            try:
                day = datetime.date.fromisoformat(since)
            except ValueError as error:
                raise CommandError(f"--since is a day as YYYY-MM-DD, not {since!r}.") from error
        else:
            day = timezone.localdate() - datetime.timedelta(days=400)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        with transaction.atomic():
            completions, created = waves_schedule_past(since=start, people=User.objects.all())
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(f"Course completions since {day.isoformat()}: {completions}")
        self.stdout.write(f"Waves {'to schedule' if dry_run else 'scheduled'}: {created}")
