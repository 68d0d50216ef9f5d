"""`manage.py load_demo_certification`: the demo certification programmes and certificates."""

from django.core.management.base import BaseCommand

from certification.demo import demo_certification_load


class Command(BaseCommand):
    help = (
        "Load the demo certification programmes (上岗认证, 投诉处理专员认证, 社媒客服认证) and "
        "the demo people's certificates. Run after the other demo loaders. Idempotent."
    )

    def handle(self, *args, **options):
        summary = demo_certification_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo certification: {programmes} programmes, {certificates} certificates "
                "created.".format(**summary)
            )
        )
        for name in summary["missing"]:
            self.stdout.write(f"  page not found, requirement left out: {name}")
