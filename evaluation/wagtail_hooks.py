"""The evaluation app in the Wagtail admin: a 培训评估 (training evaluation) menu with the
courses' evaluation plans, the evaluation waves, the surveys, course surveys and observation
checklists trainers author, the KPI import (trainers and administrators) and the helpdesk API
tokens (administrators); and on the shared pages, the evaluation tasks (My training), the
evaluations waiting for a manager (My team) and a member's evaluation waves and behaviour gap
(member page)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from evaluation import admin_tokens, admin_views
from evaluation.admin_authoring import checklist_viewset, course_survey_viewset, survey_viewset
from evaluation.plan_admin import EvaluationPlanViewSet, WaveInstanceViewSet
from training.panels import LEARNER_HOME, MEMBER_PAGE, TEAM_PAGE, TRAINER_HOME, Link, SharedPage
from training.roles import Role

MENU_HOOK = "register_evaluation_menu_item"


@hooks.register("register_admin_urls")
def register_evaluation_admin_urls():
    return [
        path("evaluation/kpis/import/", admin_views.kpi_import, name="evaluation_kpi_import"),
        path(
            "evaluation/kpis/template.csv",
            admin_views.kpi_template,
            name="evaluation_kpi_template",
        ),
        path("evaluation/api-tokens/", admin_tokens.api_tokens, name="evaluation_api_tokens"),
        path(
            "evaluation/api-tokens/<int:token_id>/revoke/",
            admin_tokens.api_token_revoke_view,
            name="evaluation_api_token_revoke",
        ),
    ]


class PermissionMenuItem(MenuItem):
    """A menu item shown to people holding `permission`."""

    def __init__(self, *args, permission: str, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_evaluation_menu():
    # Shown when one of its items is (SubmenuMenuItem.is_shown).
    return SubmenuMenuItem(
        _("Training evaluation"),
        Menu(register_hook_name=MENU_HOOK),
        name="evaluation",
        icon_name="table",
        order=270,
    )


plan_viewset = EvaluationPlanViewSet("evaluation_plan")
wave_viewset = WaveInstanceViewSet("evaluation_wave")


@hooks.register("register_admin_viewset")
def register_evaluation_plans():
    return plan_viewset


@hooks.register("register_admin_viewset")
def register_evaluation_waves():
    return wave_viewset


@hooks.register(MENU_HOOK)
def register_evaluation_waves_menu_item():
    return PermissionMenuItem(
        _("Evaluation waves"),
        reverse(wave_viewset.get_url_name("index")),
        name="evaluation-waves",
        icon_name="time",
        order=60,
        permission="evaluation.view_waveinstance",
    )


@hooks.register(MENU_HOOK)
def register_evaluation_plans_menu_item():
    return PermissionMenuItem(
        _("Evaluation plans"),
        reverse(plan_viewset.get_url_name("index")),
        name="evaluation-plans",
        icon_name="date",
        order=50,
        permission="evaluation.change_evaluationplan",
    )


@hooks.register(MENU_HOOK)
def register_kpi_import_menu_item():
    return PermissionMenuItem(
        _("Import agent KPIs"),
        reverse("evaluation_kpi_import"),
        name="kpi-import",
        icon_name="upload",
        order=100,
        permission="evaluation.import_kpis",
    )


@hooks.register(MENU_HOOK)
def register_api_tokens_menu_item():
    return PermissionMenuItem(
        _("KPI API tokens"),
        reverse("evaluation_api_tokens"),
        name="kpi-api-tokens",
        icon_name="key",
        order=200,
        permission=admin_tokens.PERMISSION,
    )


@hooks.register("register_admin_viewset")
def register_authoring_viewsets():
    return [survey_viewset, course_survey_viewset, checklist_viewset]


def _viewset_menu_item(viewset, *, name: str, order: int) -> PermissionMenuItem:
    return PermissionMenuItem(
        viewset.menu_label,
        reverse(viewset.get_url_name("index")),
        name=name,
        icon_name=viewset.icon,
        order=order,
        permission=f"evaluation.change_{viewset.model._meta.model_name}",
    )


@hooks.register(MENU_HOOK)
def register_survey_menu_item():
    return _viewset_menu_item(survey_viewset, name="surveys", order=10)


@hooks.register(MENU_HOOK)
def register_course_survey_menu_item():
    return _viewset_menu_item(course_survey_viewset, name="course-surveys", order=20)


@hooks.register(MENU_HOOK)
def register_checklist_menu_item():
    return _viewset_menu_item(checklist_viewset, name="observation-checklists", order=30)


@hooks.register(LEARNER_HOME)
def add_evaluation_tasks(page: SharedPage, items: list) -> None:
    """My training: the learner's open evaluation waves and what each asks of them; their
    own supervisor–self gap once something was filed."""
    from evaluation.panels import behaviour_panel, learner_tasks_panel

    if (panel := learner_tasks_panel(viewer=page.viewer)) is not None:
        items.append(panel)
    if (panel := behaviour_panel(viewer=page.viewer, person=page.viewer)) is not None:
        items.append(panel)


@hooks.register(TEAM_PAGE)
def add_evaluations_waiting(page: SharedPage, items: list) -> None:
    """My team (a manager's home): the observations and other supervisor instruments of the
    manager's team members that wait for them."""
    from evaluation.panels import manager_work_panel

    if (panel := manager_work_panel(viewer=page.viewer)) is not None:
        items.append(panel)


@hooks.register(MEMBER_PAGE)
def add_member_evaluation(page: SharedPage, items: list) -> None:
    """A member's page: their evaluation waves, open and past, and what is done; the
    supervisor–self gap per behaviour."""
    from evaluation.panels import behaviour_panel, member_waves_panel

    if (panel := member_waves_panel(viewer=page.viewer, member=page.member)) is not None:
        items.append(panel)
    member = page.member
    if member is None or member.pk == page.viewer.pk:
        return  # one's own gap is on My training
    if (panel := behaviour_panel(viewer=page.viewer, person=member)) is not None:
        items.append(panel)


class RoleMenuItem(MenuItem):
    """A menu item shown to people holding one of `roles`."""

    def __init__(self, *args, roles: tuple, **kwargs):
        self.roles = roles
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_role(*self.roles)


@hooks.register(MENU_HOOK)
def register_evaluation_reports_menu_item():
    # The reports are site pages (the viewer's scope applies), linked from the admin menu.
    return RoleMenuItem(
        _("Evaluation reports"),
        reverse("evaluation_reports"),
        name="evaluation-reports",
        icon_name="table",
        order=5,
        roles=(Role.TRAINER, Role.ADMINISTRATOR),
    )


def _reports_link(items: list) -> None:
    items.append(Link(label=_("Evaluation reports"), url=reverse("evaluation_reports"), order=60))


@hooks.register(TEAM_PAGE)
def add_evaluation_reports_link(page: SharedPage, items: list) -> None:
    """My team: the training-effect reports of the courses the team completed."""
    if page.viewer.has_role(Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR):
        _reports_link(items)


@hooks.register(TRAINER_HOME)
def add_trainer_evaluation_reports_link(page: SharedPage, items: list) -> None:
    """My work (trainers): the training-effect reports of every course."""
    _reports_link(items)
