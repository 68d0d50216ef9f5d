"""Notifications, for every app: one service that writes a person's inbox and queues the
e-mail, the selectors that read the inbox, and the settings a person keeps for it.

Producers (courses, quizzes, role-play, certification, evaluation) call `notify`; this module
imports none of them. Each event is named by (event, key), unique per person in the database,
so a producer or a task that runs twice tells nobody twice, and the e-mail goes out once.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from training.branding import site_name
from training.models import Notification, User


class Event:
    """The events the site tells people about (new ones are added here, one line each)."""

    TRAINING_ASSIGNED = "training_assigned"
    TRAINING_DUE_SOON = "training_due_soon"
    TRAINING_OVERDUE = "training_overdue"
    MEMBER_TRAINING_OVERDUE = "member_training_overdue"
    ESSAY_GRADED = "essay_graded"
    ROLEPLAY_REVIEWED = "roleplay_reviewed"
    RETRAINING_REQUIRED = "retraining_required"
    CERTIFICATE_ISSUED = "certificate_issued"
    CERTIFICATE_EXPIRING = "certificate_expiring"
    CERTIFICATE_EXPIRED = "certificate_expired"
    RECERTIFICATION_OPEN = "recertification_open"
    CERTIFICATE_LAPSED = "certificate_lapsed"
    EVALUATION_WAVE_OPEN = "evaluation_wave_open"
    EVALUATION_WAVE_REMINDER = "evaluation_wave_reminder"


def language_for(user: User) -> str:
    """The language a person is written to in: their own if the site knows it, else Chinese."""
    language = getattr(user, "language", "") or ""
    supported = {code for code, _name in settings.LANGUAGES}
    return language if language in supported else settings.LANGUAGE_CODE


def _text(value: str | Promise, params: Mapping[str, object] | None) -> str:
    text = str(value)
    return text % params if params else text


def notify(
    *,
    user: User,
    event: str,
    key: str | int,
    title: str | Promise,
    body: str | Promise = "",
    url: str = "",
    params: Mapping[str, object] | None = None,
) -> Notification | None:
    """Tell one person about one event: a row in their inbox, and an e-mail sent by the
    worker after the surrounding transaction commits (unless they turned e-mail off).

    `title` and `body` are written in the recipient's language: pass `gettext_lazy` texts
    with %(name)s placeholders, filled from `params`. `url` is a path on this site.
    Returns the new notification, or None when this event was already notified (nothing is
    written or sent then) or the person's account is inactive.
    """
    key = str(key)
    if not event or not key:
        raise ValueError("A notification needs an event and a key.")
    if not user.is_active:
        return None
    if Notification.objects.filter(user=user, event=event, key=key).exists():
        return None
    with translation.override(language_for(user)):
        title_text = _text(title, params)[:255]
        body_text = _text(body, params)
    try:
        with transaction.atomic():  # a savepoint: losing a race leaves the caller's work intact
            notification = Notification.objects.create(
                user=user, event=event, key=key, title=title_text, body=body_text, url=url
            )
    except IntegrityError:
        return None  # notified at the same moment by someone else
    if user.email_notifications and user.email:
        _queue_email(notification.pk)
    return notification


def _queue_email(notification_id: int) -> None:
    from training.tasks import send_notification_email

    transaction.on_commit(lambda: send_notification_email.delay(notification_id))


def notification_send_email(*, notification_id: int) -> bool:
    """E-mail one notification; returns whether a mail went out.

    Idempotent: a notification already e-mailed is not sent again, and nothing goes to a
    person who turned e-mail off (or whose account is inactive) after it was queued.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        user = notification.user
        if not (user.is_active and user.email_notifications and user.email):
            return False
        with translation.override(language_for(user)):
            context = {
                "user": user,
                "notification": notification,
                "link": f"{settings.SITE_URL}{notification.url}" if notification.url else "",
                "settings_link": f"{settings.SITE_URL}{reverse('profile')}",
                "site_name": site_name(),
            }
            subject = render_to_string(
                "training/email/notification_subject.txt", context
            ).strip()
            body = render_to_string("training/email/notification_body.txt", context)
        send_mail(" ".join(subject.split()), body, None, [user.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


# --- the inbox ------------------------------------------------------------------------------


def inbox_for(*, viewer: User) -> QuerySet[Notification]:
    """The viewer's own notifications, newest first."""
    return Notification.objects.filter(user=viewer).order_by("-created_at", "-pk")


def unread_count(*, viewer: User) -> int:
    """How many of the viewer's notifications are unread (one COUNT on a partial index)."""
    return Notification.objects.filter(user=viewer, read_at__isnull=True).count()


def notification_open(*, viewer: User, notification_id: int) -> Notification:
    """The viewer opens one of their own notifications: it is read from now on.

    Raises Notification.DoesNotExist for anybody else's."""
    notification = Notification.objects.get(pk=notification_id, user=viewer)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, viewer: User) -> int:
    """Mark every unread notification of the viewer's read; returns how many."""
    return Notification.objects.filter(user=viewer, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def user_set_email_notifications(*, user: User, enabled: bool) -> None:
    """A person turns e-mail notifications on or off for themselves (the inbox stays)."""
    User.objects.filter(pk=user.pk).update(email_notifications=enabled)
    user.email_notifications = enabled
