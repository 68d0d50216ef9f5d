from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from wagtail.signals import page_published

        from quizzes.review import on_page_published

        # Questions testing a lesson are flagged for review when the lesson changes.
        page_published.connect(on_page_published, dispatch_uid="quizzes_lesson_review")

        from quizzes.importers.job import QUESTION_IMPORT
        from training.imports import import_kind_register

        # Question files are imported by a background job that training runs.
        import_kind_register(QUESTION_IMPORT)
