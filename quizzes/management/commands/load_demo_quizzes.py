"""Load the demo question banks, practice quizzes and the onboarding exam. Safe to run again."""

from django.core.management.base import BaseCommand

from quizzes.demo import demo_quizzes_load


class Command(BaseCommand):
    help = (
        "Load the demo question banks (five categories), a practice quiz per onboarding course, "
        "the in-service course's end-of-course test and the onboarding exam (上岗考核). Run "
        "after load_demo_courses and load_demo_training; without courses only the banks are "
        "loaded. Idempotent."
    )

    def handle(self, *args, **options):
        created = demo_quizzes_load()
        summary = (
            "Demo quizzes: {question} questions created, {linked} linked to lessons; "
            "{practice} practice quizzes, {test} end-of-course test, {exam} onboarding exam "
            "in {course} new course "
            "({programme} programme linked, {passed} demo exam passes) created."
        )
        self.stdout.write(self.style.SUCCESS(summary.format(**created)))
