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
