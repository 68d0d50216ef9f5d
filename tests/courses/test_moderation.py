"""Trainers write course pages; senior trainers approve them before they go live."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import ModulePage
from courses.services import SENIOR_TRAINER, WORKFLOW_NAME, catalog_ensure
from tests.factories import make_person
from training.roles import Role


@pytest.fixture
def trainer(db):
    return make_person(Role.TRAINER)


@pytest.fixture
def senior_trainer(db):
    person = make_person(Role.TRAINER)
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    return person


@pytest.mark.django_db
def test_the_workflow_asks_senior_trainers_to_approve():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    (task,) = workflow.tasks.specific()
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == [SENIOR_TRAINER]


@pytest.mark.django_db
def test_course_pages_use_the_senior_trainer_workflow(course):
    lesson = course.lessons().first()
    assert lesson.get_workflow().name == WORKFLOW_NAME


@pytest.mark.django_db
def test_catalog_ensure_is_idempotent(catalog):
    permissions = GroupPagePermission.objects.filter(page=catalog).count()
    assert catalog_ensure().pk == catalog.pk
    assert GroupPagePermission.objects.filter(page=catalog).count() == permissions
    assert catalog.get_workflow().name == WORKFLOW_NAME


@pytest.mark.django_db
def test_trainers_edit_but_cannot_publish_course_pages(course, trainer, senior_trainer):
    module = course.modules().first()
    trainer_can = module.permissions_for_user(trainer)
    assert trainer_can.can_edit()
    assert trainer_can.can_add_subpage()
    assert not trainer_can.can_publish()
    assert module.permissions_for_user(senior_trainer).can_publish()


@pytest.mark.django_db
def test_learners_and_managers_get_nothing_in_the_admin(client, course):
    for role in (Role.LEARNER, Role.MANAGER):
        person = make_person(role)
        assert not course.permissions_for_user(person).can_edit()
        client.force_login(person)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
        assert response.status_code == 302


@pytest.mark.django_db
def test_a_trainers_submission_waits_for_a_senior_trainer(client, course, trainer, senior_trainer):
    module = course.modules().first()
    edit_url = reverse("wagtailadmin_pages:edit", args=[module.pk])
    client.force_login(trainer)
    form = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    form["title"] = "订单处理（修订）"
    form["action-submit"] = "submit"

    response = client.post(edit_url, form)

    assert response.status_code == 302
    state = WorkflowState.objects.get(
        object_id=str(module.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert state.workflow.name == WORKFLOW_NAME
    assert state.requested_by == trainer
    task = state.current_task_state.task.specific
    assert list(task.groups.values_list("name", flat=True)) == [SENIOR_TRAINER]
    # Still the old title for learners until a senior trainer approves.
    assert ModulePage.objects.get(pk=module.pk).title == "订单"

    state.current_task_state.approve(user=senior_trainer)

    module.refresh_from_db()
    assert module.title == "订单处理（修订）"
    assert module.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


@pytest.mark.django_db
def test_workflow_start_from_a_revision(course, trainer):
    lesson = course.lessons().first()
    lesson.title = "新标题"
    lesson.save_revision(user=trainer)

    state = lesson.get_workflow().start(lesson, trainer)

    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "高级培训师审核"


@pytest.mark.django_db
def test_the_admin_menu_leads_trainers_to_the_catalogue(client, catalog, trainer):
    client.force_login(trainer)
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("courses_catalog_explorer") in home.content.decode()

    response = client.get(reverse("courses_catalog_explorer"))
    assert response["Location"] == reverse("wagtailadmin_explore", args=[catalog.pk])
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_submission_reads_in_chinese_for_the_trainer_and_the_senior_trainer(
    client, course, trainer, senior_trainer, mailoutbox, django_capture_on_commit_callbacks
):
    module = course.modules().first()
    edit_url = reverse("wagtailadmin_pages:edit", args=[module.pk])
    client.force_login(trainer)
    page = client.get(edit_url).content.decode()
    assert "提交给高级培训师审批" in page  # the workflow's name, not "Senior trainer approval"
    form = querydict_from_html(page, form_id="page-edit-form")
    form["action-submit"] = "submit"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, form)

    (submitted,) = [m for m in mailoutbox if senior_trainer.email in m.to]
    assert "订单" in submitted.subject and "高级培训师审核" in submitted.subject
    state = WorkflowState.objects.get(object_id=str(module.pk))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=senior_trainer)
    (approved,) = [m for m in mailoutbox if trainer.email in m.to]
    for mail in (submitted, approved):  # no English word outside the links
        assert "订单" in mail.subject
        words = mail.subject + re.sub(r"https?://\S+", "", mail.body)
        assert not re.search(r"[A-Za-z]{3,}", words), words
