"""Writing course content: the catalogue, who may edit it, and how edits get approved."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from courses.models import CourseCatalogPage
from training.i18n import in_site_language
from training.roles import Role

# The group whose members approve course changes before they go live (高级培训师).
SENIOR_TRAINER = "senior_trainer"
SENIOR_TRAINER_LABEL = _("Senior trainer")
WORKFLOW_NAME = "高级培训师审批"  # the interface's language (see migration 0006)
TASK_NAME = "高级培训师审核"

# Page permissions on the catalogue subtree. Trainers write; publishing goes through the
# senior trainers' approval (or a senior trainer publishes directly).
CATALOG_PERMISSIONS = {
    Role.TRAINER.value: ["add_page", "change_page", "lock_page"],
    SENIOR_TRAINER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def senior_trainer_workflow_ensure() -> Workflow:
    """The "Senior trainer approval" workflow with its one group-approval task.

    Created by a migration; made again here if someone deleted it. Idempotent.
    """
    group, _created = Group.objects.get_or_create(name=SENIOR_TRAINER)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.add(group)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _site_root() -> Page:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is not None:
        return site.root_page
    return Page.get_first_root_node()


@transaction.atomic
def catalog_ensure(*, title: str = "", slug: str = "courses") -> CourseCatalogPage:
    """The course catalogue, created and published under the site root if missing.

    Also makes sure trainers and senior trainers hold their page permissions on it and that
    changes under it go through the senior trainers' approval (unless an administrator has
    chosen another workflow for it). Idempotent: running it again changes nothing.
    """
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        if not title:
            with in_site_language():
                title = str(_("Courses"))
        catalog = CourseCatalogPage(title=title, slug=slug)
        _site_root().add_child(instance=catalog)
        catalog.save_revision().publish()

    for group_name, codenames in CATALOG_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=catalog, permission=permission
            )

    if not WorkflowPage.objects.filter(page=catalog).exists():
        WorkflowPage.objects.create(page=catalog, workflow=senior_trainer_workflow_ensure())
    return catalog
