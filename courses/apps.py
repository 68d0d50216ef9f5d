from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # The manual importer's admin pages register their Wagtail hooks on import.
        from courses import admin_manual  # noqa: F401
        from courses.importers.manual_job import MANUAL_IMPORT
        from training.imports import import_kind_register

        import_kind_register(MANUAL_IMPORT)

        from courses.services import SENIOR_TRAINER, SENIOR_TRAINER_LABEL
        from training.roles import group_label_register

        group_label_register(SENIOR_TRAINER, SENIOR_TRAINER_LABEL)

        # Quizzes and scenarios reach the course tree through training's declared base.
        from courses.models import CourseCatalogPage, CoursePage, LessonPage, ModulePage
        from courses.programmes import (
            ProgrammePage,
            programme_course_ids,
            programme_fill_open_days,
            programmes_holding,
        )
        from training.course_tree import CourseTree, declare_course_tree

        declare_course_tree(
            CourseTree(
                catalogue_model=CourseCatalogPage,
                course_model=CoursePage,
                module_model=ModulePage,
                lesson_model=LessonPage,
                programme_model=ProgrammePage,
                programme_fill_open_days=programme_fill_open_days,
                programmes_holding=programmes_holding,
                programme_course_ids=programme_course_ids,
            )
        )

        from wagtail.signals import page_published

        from courses.updates import retraining_on_publish

        # A version published with "requires re-training" gives the change to those who finished.
        page_published.connect(retraining_on_publish, dispatch_uid="courses_retraining")
