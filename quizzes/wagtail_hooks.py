"""The question bank in the Wagtail admin: questions, categories, preview, statistics, import."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from quizzes.admin import views
from quizzes.admin.chooser import question_chooser_viewset
from quizzes.admin.viewsets import QuestionBankViewSetGroup
from quizzes.member import attempt_result_links, quiz_attempts_panel
from training.member import RECORD_LINKS
from training.panels import MEMBER_PAGE, TRAINER_HOME, SharedPage, WaitingWork
from training.roles import ADMIN_ROLES


@hooks.register("register_admin_viewset")
def register_question_bank():
    return QuestionBankViewSetGroup()


@hooks.register("register_admin_viewset")
def register_question_chooser():
    return question_chooser_viewset


@hooks.register("register_admin_urls")
def register_question_bank_urls():
    return [
        path(
            "question-bank/questions/<int:pk>/preview/",
            views.question_preview,
            name="quizzes_question_preview",
        ),
        path(
            "question-bank/questions/<int:pk>/reviewed/",
            views.question_reviewed,
            name="quizzes_question_reviewed",
        ),
        path("question-bank/import/", views.bank_import, name="quizzes_bank_import"),
        path("question-bank/export/", views.bank_export, name="quizzes_bank_export"),
        path(
            "question-bank/template.xlsx",
            views.bank_xlsx_template,
            name="quizzes_bank_xlsx_template",
        ),
        path("question-bank/statistics/", views.quiz_statistics_index, name="quizzes_statistics"),
        path(
            "question-bank/statistics/<int:quiz_id>/",
            views.quiz_statistics_view,
            name="quizzes_quiz_statistics",
        ),
    ]


# Badges, bars and the histogram of the bank's pages: small enough to live here, no stylesheet.
BANK_CSS = """
.qb-muted { color: var(--w-color-text-meta, #5c5c5c); font-size: .9em; }
.qb-badge { display: inline-block; padding: .1em .55em; border-radius: 999px; font-size: .8em;
  font-weight: 600; white-space: nowrap; margin: .1em 0; border: 1px solid transparent; }
.qb-badge--review_needed { background: #fff4d6; color: #7a4d00; border-color: #e8b94a; }
.qb-badge--too_easy { background: #e6f0ff; color: #1d4f91; border-color: #8fb3e8; }
.qb-badge--too_hard { background: #fdecea; color: #a1251b; border-color: #ef9a93; }
.qb-badge--negative_discrimination { background: #a1251b; color: #fff; }
.qb-badge--dubious { background: #f1f1f1; color: #444; border-color: #bbb; }
.qb-badge--right { background: #e6f4ea; color: #1e6b34; border-color: #8fcfa1; }
.qb-section { margin: 2rem 0; }
.qb-facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.25rem; margin: 0; }
.qb-facts dt { font-weight: 600; }
.qb-facts dd { margin: 0; }
.qb-summary { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-end; }
.qb-histogram { margin: 0; flex: 1 1 24rem; }
.qb-histogram__bars { display: flex; align-items: flex-end; gap: .35rem; height: 12rem;
  border-bottom: 2px solid #999; padding-top: 1.2rem; }
.qb-histogram__column { flex: 1; height: 100%; display: flex; flex-direction: column;
  justify-content: flex-end; align-items: center; position: relative; }
.qb-histogram__bar { width: 100%; background: #2e7bb8; border-radius: 3px 3px 0 0;
  min-height: 1px; }
.qb-histogram__count { font-size: .8em; }
.qb-histogram__label { position: absolute; bottom: -1.6rem; font-size: .7em; white-space: nowrap; }
.qb-histogram figcaption { margin-top: 2rem; }
.qb-bar { display: inline-block; width: 6rem; height: .6rem; background: #eee; border-radius: 3px;
  vertical-align: middle; overflow: hidden; }
.qb-bar > span { display: block; height: 100%; background: #2e7bb8; }
.qb-options__right td:first-child { font-weight: 600; }
.qb-drawn { font-size: 1em; margin: 1rem 0 .25rem; }
.qb-details summary { cursor: pointer; color: var(--w-color-text-link-default, #007d7e); }
.qb-learner { --card: #fff; --line: #d9dde3; --brand: #2e7bb8; --muted: #5c6670; --radius: 10px;
  --ok: #1e6b34; --bad: #a1251b; --warn: #b26b00; max-width: 46rem; margin: 1rem 0; }
.qb-result { max-width: 46rem; padding: 1rem 1.25rem; border-radius: 10px; background: #f6f8fa;
  border-left: 6px solid #999; }
.qb-result.is-right { border-left-color: #1e6b34; }
.qb-result.is-partly { border-left-color: #b26b00; }
.qb-result.is-wrong { border-left-color: #a1251b; }
.qb-result__score strong { font-size: 1.8rem; margin-right: .5rem; }
.qb-feedback { white-space: normal; }
"""


@hooks.register("insert_global_admin_css")
def question_bank_css():
    return format_html("<style>{}</style>", mark_safe(BANK_CSS))  # noqa: S308 - constant CSS


@hooks.register(MEMBER_PAGE)
def member_quiz_attempts(page: SharedPage, items: list) -> None:
    items.append(quiz_attempts_panel(viewer=page.viewer, member=page.member))


@hooks.register(RECORD_LINKS)
def quiz_record_links(*, viewer, records):
    return attempt_result_links(viewer=viewer, records=records)


@hooks.register(TRAINER_HOME)
def essays_waiting(page: SharedPage, items: list) -> None:
    """On "My work": the written quiz answers waiting to be graded."""
    if not page.viewer.has_role(*ADMIN_ROLES):
        return
    from quizzes.views_grading import grading_queue

    count = grading_queue().count()
    items.append(
        WaitingWork(
            title=_("Answers to grade"),
            count=count,
            summary=ngettext(
                "%(n)s written quiz answer is waiting for you.",
                "%(n)s written quiz answers are waiting for you.",
                count,
            )
            % {"n": count},
            url=reverse("quiz_grading_queue"),
            link_label=_("Open the grading queue"),
            order=10,
        )
    )
