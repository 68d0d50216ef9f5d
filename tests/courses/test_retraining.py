"""Progress that stays earned: a completed course stays completed when content is published
later; a change marked "requires re-training" gives only what changed, with its own due date."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import (
    CourseCompletion,
    CoursePage,
    LessonPage,
    ModulePage,
    RetrainingItem,
    RetrainingRequirement,
)
from courses.programmes import ProgrammeCourse, ProgrammePage
from courses.progress import lesson_complete
from courses.services import SENIOR_TRAINER
from courses.updates import retraining_require
from tests.factories import make_person
from training.assignments import assignment_create, trainings_for_learner
from training.models import Notification
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trainer(db):
    person = make_person(Role.TRAINER)
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    return person


@pytest.fixture
def manager(learner):
    manager = make_person(Role.MANAGER, team=learner.profile.team)
    return manager


@pytest.fixture
def graduate(course, learner, trainer):
    """The learner, assigned the course (due long ago) and finished with it months ago."""
    assignment_create(
        page=course,
        assigned_by=trainer,
        people=[learner],
        due_date=timezone.localdate() - datetime.timedelta(days=60),
    )
    months_ago = timezone.now() - datetime.timedelta(days=90)
    # The course was written before they took it.
    Page.objects.descendant_of(course, inclusive=True).update(
        first_published_at=months_ago - datetime.timedelta(days=30),
        last_published_at=months_ago - datetime.timedelta(days=30),
    )
    for lesson in course.lessons():
        lesson_complete(user=learner, lesson=lesson, when=months_ago)
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()
    return learner


def publish_lesson(course, *, slug="new-refund", title="新退款政策", days=None):
    module = course.modules().last()
    lesson = LessonPage(title=title, slug=slug, body=[])
    module.add_child(instance=lesson)
    lesson.retraining_required, lesson.retraining_days = days is not None, days
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def edit_form(client, url):
    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    form["body-count"] = "0"  # the body editor is drawn by JavaScript; these lessons are empty
    return form


def my_status(user, page):
    (status,) = [t for t in trainings_for_learner(viewer=user) if t.page.pk == page.pk]
    return status


def test_a_completed_course_stays_completed_after_a_new_required_lesson(
    client, course, graduate, manager
):
    publish_lesson(course)

    status = my_status(graduate, course)
    assert status.state == "completed"
    assert (status.done, status.total) == (4, 4) and status.percent == 100
    assert not RetrainingItem.objects.exists()

    client.force_login(graduate)
    html = client.get(reverse("my_training")).content.decode()
    assert "training training--completed" in html
    assert "Overdue" not in html and "In progress" not in html
    client.force_login(manager)
    html = client.get(reverse("team_home")).content.decode()
    assert "assigned-row--completed" in html
    assert "assigned-row--overdue" not in html and "Overdue" not in html


def test_a_change_marked_for_retraining_gives_only_the_new_lesson_due_in_14_days(
    client, course, graduate, manager
):
    publish_lesson(course, slug="unmarked", title="无需重学的补充")  # judged not to need it
    new = publish_lesson(course, days=14)

    due = timezone.localdate() + datetime.timedelta(days=14)
    status = my_status(graduate, course)
    assert status.completed and status.state == "updated"
    assert status.update.due_on == due
    assert (status.update.new, status.update.changed) == (1, 0)
    owed = set(RetrainingItem.objects.filter(user=graduate).values_list("page_id", flat=True))
    assert owed == {new.pk}
    assert status.resume_url.endswith(f"/{new.slug}/")
    # The original completion stays.
    assert CourseCompletion.objects.filter(user=graduate, course=course).count() == 1

    client.force_login(graduate)
    html = client.get(reverse("my_training")).content.decode()
    assert "training training--updated" in html
    assert "1 new lesson" in html and f"Due {due:%Y-%m-%d}" in html
    assert "Overdue" not in html  # the old assignment's due date does not come back
    client.force_login(manager)
    html = client.get(reverse("team_home")).content.decode()
    assert "assigned-row--updated" in html and "1 new lesson" in html
    assert "Overdue" not in html


def test_a_change_marked_for_retraining_tells_each_graduate_once(
    course, graduate, learner, mailoutbox, django_capture_on_commit_callbacks
):
    never_finished = make_person(team=learner.profile.team)
    Notification.objects.all().delete()  # the assignment's own
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = publish_lesson(course, days=14)
        # Published again (a second handling of the same revision): nobody is told twice.
        retraining_require(page=new, revision=new.live_revision, days=14)

    due = timezone.localdate() + datetime.timedelta(days=14)
    (notification,) = Notification.objects.filter(user=graduate)
    # In the person's language: Chinese unless they chose otherwise.
    assert notification.title == f"培训内容已更新：{course.title}"
    assert f"{due:%Y-%m-%d}" in notification.body
    assert notification.url == reverse("my_training")
    assert not Notification.objects.filter(user=never_finished).exists()
    assert [mail.to for mail in mailoutbox] == [[graduate.email]]


def test_completing_the_owed_items_clears_the_update_and_keeps_the_completion(
    client, course, graduate
):
    new = publish_lesson(course, days=14)
    first_completion = CourseCompletion.objects.get(user=graduate, course=course).completed_at

    client.force_login(graduate)
    response = client.post(reverse("lesson_complete", args=[new.pk]))
    assert response.status_code == 302

    status = my_status(graduate, course)
    assert status.state == "completed" and status.update is None
    assert not RetrainingItem.objects.filter(user=graduate, done_at__isnull=True).exists()
    completion = CourseCompletion.objects.get(user=graduate, course=course)
    assert completion.completed_at == first_completion
    html = client.get(reverse("my_training")).content.decode()
    assert "training training--updated" not in html and "new lesson" not in html


def test_a_changed_lesson_marked_in_the_editor_is_owed_again_once(
    client, course, graduate, trainer
):
    lesson = course.lessons().first()  # empty body: no StreamField JS needed
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    client.force_login(trainer)
    form = edit_form(client, edit_url)
    form["title"] = "下单到签收（新流程）"
    form["retraining_required"] = "on"
    form["retraining_days"] = "14"
    form["action-publish"] = "action-publish"

    response = client.post(edit_url, form, follow=True)

    requirement = RetrainingRequirement.objects.get()
    due = f"{requirement.due_on:%Y-%m-%d}"
    assert f"Re-training: 1 person who completed the course must learn this change by {due}." in (
        response.content.decode()
    )
    assert requirement.created_by == trainer and requirement.page_id == lesson.pk
    assert requirement.due_on == timezone.localdate() + datetime.timedelta(days=14)
    (item,) = RetrainingItem.objects.filter(user=graduate)
    assert (item.page_id, item.change) == (lesson.pk, "changed")
    assert my_status(graduate, course).update.changed == 1

    # The mark does not stick: the editor shows it off, and the next publish reopens nothing.
    form = edit_form(client, edit_url)
    assert "retraining_required" not in form
    form["title"] = "下单到签收（错别字修正）"
    form["action-publish"] = "action-publish"
    assert client.post(edit_url, form).status_code == 302
    assert RetrainingRequirement.objects.count() == 1

    # Doing the changed lesson again clears it.
    lesson_complete(user=graduate, lesson=LessonPage.objects.get(pk=lesson.pk))
    assert my_status(graduate, course).update is None


def test_a_course_marked_as_a_whole_owes_what_is_new_or_changed_since_each_completion(
    course, graduate, learner_client
):
    new = publish_lesson(course, slug="unmarked", title="补充")
    changed = course.lessons().first()
    changed.title = "下单到签收（新流程）"
    changed.save_revision().publish()
    untouched = course.lessons()[1]

    course.retraining_required, course.retraining_days = True, 7
    course.save_revision().publish()

    owed = dict(RetrainingItem.objects.filter(user=graduate).values_list("page_id", "change"))
    assert owed == {new.pk: "new", changed.pk: "changed"}
    assert untouched.pk not in owed
    course.refresh_from_db()
    assert not course.retraining_required  # consumed
    html = learner_client.get(course.url).content.decode()
    assert "1 new lesson" in html and "1 changed lesson" in html
    assert "You have completed this course." in html


def test_the_editor_refuses_retraining_without_a_number_of_days(client, course, trainer):
    lesson = course.lessons().first()  # empty body: no StreamField JS needed
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    client.force_login(trainer)
    form = edit_form(client, edit_url)
    form["title"] = "改过的标题"
    form["retraining_required"] = "on"
    form["action-publish"] = "action-publish"

    response = client.post(edit_url, form)

    assert response.status_code == 200
    assert LessonPage.objects.get(pk=lesson.pk).title == "下单到签收"
    assert not RetrainingRequirement.objects.exists()


def test_a_learner_who_had_not_finished_sees_the_new_lesson_as_normal_progress(
    course, learner, trainer
):
    assignment_create(page=course, assigned_by=trainer, people=[learner])
    lesson_complete(user=learner, lesson=course.lessons().first())

    publish_lesson(course, days=14)

    status = my_status(learner, course)
    assert status.update is None and status.state == "in_progress"
    assert (status.done, status.total) == (1, 4)
    assert not RetrainingItem.objects.exists()


def test_a_marked_change_applies_when_a_senior_trainer_approves_it(
    client, course, graduate, trainer
):
    author = make_person(Role.TRAINER)  # may edit, not publish
    lesson = course.lessons().first()
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    client.force_login(author)
    form = edit_form(client, edit_url)
    form["title"] = "下单到签收（新流程）"
    form["retraining_required"] = "on"
    form["retraining_days"] = "10"
    form["action-submit"] = "submit"
    assert client.post(edit_url, form).status_code == 302
    assert not RetrainingItem.objects.exists()  # nothing before it goes live
    assert "retraining_required" in edit_form(client, edit_url)  # still pending, ticked

    WorkflowState.objects.get(object_id=str(lesson.pk)).current_task_state.approve(user=trainer)

    requirement = RetrainingRequirement.objects.get()
    assert requirement.created_by == author
    assert requirement.due_on == timezone.localdate() + datetime.timedelta(days=10)
    assert RetrainingItem.objects.filter(user=graduate, page=lesson).exists()


def test_the_programme_page_shows_the_course_completed_with_its_update(
    catalog, course, graduate, learner_client
):
    programme = ProgrammePage(title="入职培训", slug="onboarding")
    programme.programme_courses = [ProgrammeCourse(course=course, start_day=1, end_day=3)]
    catalog.add_child(instance=programme)
    programme.save_revision().publish()
    new = publish_lesson(course, days=14)

    html = learner_client.get(programme.url).content.decode()

    assert "1 of 1 courses completed (100%)" in html
    assert "1 new lesson" in html and new.url in html


def test_a_completed_programme_stays_completed_when_a_course_is_added_to_it(
    catalog, course, learner, trainer
):
    programme = ProgrammePage(title="入职培训", slug="onboarding")
    programme.programme_courses = [ProgrammeCourse(course=course, start_day=1, end_day=3)]
    catalog.add_child(instance=programme)
    programme.save_revision().publish()
    assignment_create(page=programme, assigned_by=trainer, people=[learner])
    for lesson in course.lessons():
        lesson_complete(user=learner, lesson=lesson)
    assert my_status(learner, programme).state == "completed"

    extra = CoursePage(title="新品知识", slug="new-products", summary="…")
    catalog.add_child(instance=extra)
    extra.save_revision().publish()
    module = ModulePage(title="新品", slug="new")
    extra.add_child(instance=module)
    module.save_revision().publish()
    lesson = LessonPage(title="新品介绍", slug="intro", body=[])
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    programme = ProgrammePage.objects.get(pk=programme.pk)
    programme.programme_courses.add(ProgrammeCourse(course=extra, start_day=4, end_day=5))
    programme.save_revision().publish()

    status = my_status(learner, ProgrammePage.objects.get(pk=programme.pk))
    assert status.state == "completed" and status.percent == 100


def test_retraining_not_done_by_its_due_date_is_overdue_for_the_learner_and_the_manager(
    client, course, graduate, manager
):
    publish_lesson(course, days=14)
    RetrainingRequirement.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=1))

    status = my_status(graduate, course)
    assert status.completed and status.overdue and status.state == "overdue"

    client.force_login(manager)
    html = client.get(reverse("team_home")).content.decode()
    assert "assigned-row--overdue" in html and "1 new lesson" in html


def test_the_manager_sees_the_update_on_the_member_page_and_in_the_team_export(
    client, course, graduate, manager
):
    import io

    import openpyxl

    publish_lesson(course, days=14)
    due = timezone.localdate() + datetime.timedelta(days=14)
    client.force_login(manager)

    html = client.get(reverse("team_member", args=[graduate.pk])).content.decode()
    row = html[html.index("assigned-row--updated") :].split("</tr>")[0]
    assert "Completed" in row and "1 new lesson" in row and f"Due {due:%Y-%m-%d}" in row
    assert "Not started" not in row

    response = client.get(reverse("team_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    (mine,) = [row for row in rows[1:] if row[2] == graduate.get_full_name()]
    assert (mine[6], mine[11]) == (course.title, "Completed, with an update to learn")
