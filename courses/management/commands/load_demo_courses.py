"""Load the demo course catalogue. Safe to run again: existing pages are kept."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from courses.demo import demo_courses_load
from courses.services import SENIOR_TRAINER
from training.models import User

# The demo's second trainer also approves course changes.
DEMO_SENIOR_TRAINER = "trainer2@demo.agentacademy.cn"


class Command(BaseCommand):
    help = "Load the demo course catalogue (seven courses of all three kinds). Idempotent."

    def handle(self, *args, **options):
        created = demo_courses_load()
        reviewer = User.objects.filter(email=DEMO_SENIOR_TRAINER).first()
        if reviewer is not None:
            reviewer.groups.add(Group.objects.get(name=SENIOR_TRAINER))
        summary = "Demo courses: {course} courses, {module} modules, {lesson} lessons created."
        self.stdout.write(self.style.SUCCESS(summary.format(**created)))
