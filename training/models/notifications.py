"""Notifications: what the site tells a person, in their inbox and (once) by e-mail."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import User


class Notification(models.Model):
    """One message to one person about one event.

    (user, event, key) names the event naturally (e.g. "training_overdue", "<assigned id>:
    <due date>"), and the database refuses a second row for it: telling someone twice about
    the same thing is impossible, however often a producer or a task runs.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    event = models.CharField(_("event"), max_length=64)
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "key"], name="notification_once_per_event"
            ),
        ]
        indexes = [
            # The inbox, newest first; and the header's unread count.
            models.Index(fields=["user", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return self.title
