"""Notifications: one inbox per person, e-mail once per event, and the person's own switch."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from courses.models import CoursePage
from courses.services import catalog_ensure
from tests.factories import make_person
from training.assignments import assignment_create
from training.models import Notification
from training.notifications import Event, notify
from training.roles import Role
from training.tasks import send_notification_email

pytestmark = pytest.mark.django_db


def tell(user, key="1", **changes):
    data = {
        "user": user,
        "event": Event.TRAINING_ASSIGNED,
        "key": key,
        "title": gettext_lazy("New training for you: %(title)s"),
        "body": gettext_lazy("“%(title)s” has been assigned to you."),
        "url": reverse("my_training"),
        "params": {"title": "退款流程"},
    }
    return notify(**{**data, **changes})


def test_notifying_twice_about_one_event_writes_one_notification_and_sends_one_email(
    django_capture_on_commit_callbacks,
):
    learner = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        first = tell(learner)
    with django_capture_on_commit_callbacks(execute=True):
        second = tell(learner)
    assert first is not None and second is None
    assert Notification.objects.filter(user=learner).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    first.refresh_from_db()
    assert first.emailed_at is not None


def test_the_email_task_run_twice_sends_one_email(django_capture_on_commit_callbacks):
    learner = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        notification = tell(learner)
    assert send_notification_email(notification.pk) is False  # a retried or duplicated task
    assert len(mail.outbox) == 1


def test_text_and_email_are_in_chinese_by_default_whatever_the_senders_language(
    django_capture_on_commit_callbacks,
):
    learner = make_person()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notification = tell(learner)
    assert notification.title == "新培训任务：退款流程"
    message = mail.outbox[0]
    assert "新培训任务：退款流程" in message.subject
    assert "“退款流程”已分配给您。" in message.body
    assert "http://" in message.body and "/my-training/" in message.body
    assert "/profile/" in message.body  # where to turn these e-mails off


def test_a_person_who_turned_email_off_gets_the_inbox_only(django_capture_on_commit_callbacks):
    learner = make_person()
    client = Client()
    client.force_login(learner)
    response = client.post(reverse("email_notifications"), {"email_notifications": "off"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.email_notifications is False
    with django_capture_on_commit_callbacks(execute=True):
        tell(learner)
    assert Notification.objects.filter(user=learner).count() == 1
    assert mail.outbox == []
    page = client.get(reverse("inbox")).content.decode()
    assert "新培训任务：退款流程" in page


def test_email_turned_off_after_the_email_was_queued_is_not_sent(
    django_capture_on_commit_callbacks,
):
    learner = make_person()
    with django_capture_on_commit_callbacks() as queued:
        tell(learner)
    learner.email_notifications = False
    learner.save()
    for callback in queued:
        callback()
    assert mail.outbox == []


def test_a_bad_choice_on_the_profile_changes_nothing():
    learner = make_person()
    client = Client()
    client.force_login(learner)
    client.post(reverse("email_notifications"), {"email_notifications": "maybe"})
    learner.refresh_from_db()
    assert learner.email_notifications is True


def test_the_header_shows_the_unread_count_and_opening_one_marks_it_read():
    learner = make_person()
    for key in "123":
        tell(learner, key=key)
    client = Client()
    client.force_login(learner)
    page = client.get(reverse("profile")).content.decode()
    assert 'data-unread="3"' in page
    first = Notification.objects.filter(user=learner).first()
    response = client.get(reverse("inbox_open", args=[first.pk]))
    assert response.status_code == 302 and response.url == reverse("my_training")
    page = client.get(reverse("profile")).content.decode()
    assert 'data-unread="2"' in page
    client.post(reverse("inbox_mark_all_read"))
    page = client.get(reverse("profile")).content.decode()
    assert "data-unread" not in page


def test_the_inbox_lists_newest_first_in_pages_and_only_ones_own():
    learner, other = make_person(), make_person()
    for number in range(25):
        tell(learner, key=str(number), params={"title": f"课程{number:02d}"})
    theirs = tell(other, params={"title": "别人的课程"})
    client = Client()
    client.force_login(learner)
    page = client.get(reverse("inbox")).content.decode()
    assert page.index("课程24") < page.index("课程23")
    assert "课程04" not in page and "别人的课程" not in page
    older = client.get(reverse("inbox") + "?page=2").content.decode()
    assert "课程04" in older and "课程00" in older
    assert client.get(reverse("inbox_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_assigning_training_tells_each_learner_once(django_capture_on_commit_callbacks):
    catalog = catalog_ensure(title="课程中心")
    course = CoursePage(title="服务规范", slug="service", kind="onboarding", summary="…")
    catalog.add_child(instance=course)
    course.save_revision().publish()
    trainer = make_person(Role.TRAINER)
    learner = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(page=course, assigned_by=trainer, people=[learner])
        # Assigned again (another assignment of the same course): still one message.
        assignment_create(page=course, assigned_by=trainer, people=[learner])
    notes = Notification.objects.filter(user=learner, event=Event.TRAINING_ASSIGNED)
    assert [n.title for n in notes] == ["新培训任务：服务规范"]
    assert notes[0].url == reverse("my_training")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
    assert not Notification.objects.filter(user=trainer).exists()


def test_someone_who_chose_english_on_the_site_is_written_to_in_english(
    django_capture_on_commit_callbacks,
):
    learner = make_person()
    client = Client()
    client.force_login(learner)
    client.post("/i18n/setlang/", {"language": "en", "next": "/my-training/"})
    learner.refresh_from_db()
    assert learner.language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        notification = tell(learner)
    assert notification.title == "New training for you: 退款流程"
    assert "New training for you: 退款流程" in mail.outbox[0].subject
    assert "To stop these e-mails" in mail.outbox[0].body
    # A language the site does not offer is not kept.
    client.post("/i18n/setlang/", {"language": "xx", "next": "/my-training/"})
    learner.refresh_from_db()
    assert learner.language == "en"
