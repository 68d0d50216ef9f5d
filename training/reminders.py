"""Reminders about assigned training: due within three days, and overdue.

Run daily by Celery beat (`training.notify_due_trainings`). Each reminder is keyed by the
assigned training and its due date, so running it twice, or every day, tells nobody twice;
moving the due date makes a new reminder for the new date.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.models import AssignedTraining, Notification
from training.notifications import Event, notify

DUE_SOON_DAYS = 3


def _completed_ids(rows: list[AssignedTraining]) -> set[int]:
    """Ids of the rows whose person has completed the training (one query per page)."""
    by_page: dict[int, list[AssignedTraining]] = defaultdict(list)
    for row in rows:
        by_page[row.page_id].append(row)
    completed = set()
    for page_rows in by_page.values():
        page = page_rows[0].page.specific
        if not hasattr(page, "progress_for_users"):
            continue
        progress = page.progress_for_users([row.user for row in page_rows])
        for row in page_rows:
            done, total = progress.get(row.user_id, (0, 0))
            if total and done >= total:
                completed.add(row.pk)
    return completed


def _key(row: AssignedTraining) -> str:
    return f"{row.pk}:{row.due_on.isoformat()}"


def trainings_notify_due(*, today: datetime.date | None = None) -> int:
    """Tell learners about training due within three days and about overdue training, and
    tell each overdue learner's team managers. Returns how many notifications were written.

    Only live courses and programmes not yet completed, for active people, count.
    """
    today = today or timezone.localdate()
    rows = list(
        AssignedTraining.objects.filter(
            due_on__isnull=False,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            user__is_active=True,
            page__live=True,
        )
        .select_related("user", "page", "user__profile__team")
        .prefetch_related("user__profile__team__managers")
    )
    # Who was told already: skip them before the progress queries.
    told = set(
        Notification.objects.filter(
            Q(event=Event.TRAINING_DUE_SOON) | Q(event=Event.TRAINING_OVERDUE),
            user__in={row.user_id for row in rows},
        ).values_list("user_id", "event", "key")
    )
    pending = [
        row
        for row in rows
        if (row.user_id, _event_for(row, today), _key(row)) not in told
    ]
    completed = _completed_ids(pending)
    written = 0
    for row in pending:
        if row.pk in completed:
            continue
        written += _notify_row(row, today)
    return written


def _event_for(row: AssignedTraining, today: datetime.date) -> str:
    return Event.TRAINING_OVERDUE if row.due_on < today else Event.TRAINING_DUE_SOON


def _notify_row(row: AssignedTraining, today: datetime.date) -> int:
    params = {"title": row.page.title, "due": row.due_on.isoformat()}
    if _event_for(row, today) == Event.TRAINING_DUE_SOON:
        sent = notify(
            user=row.user,
            event=Event.TRAINING_DUE_SOON,
            key=_key(row),
            title=_("Training due soon: %(title)s"),
            body=_("Please complete “%(title)s” by %(due)s."),
            url=reverse("my_training"),
            params=params,
        )
        return int(sent is not None)
    written = int(
        notify(
            user=row.user,
            event=Event.TRAINING_OVERDUE,
            key=_key(row),
            title=_("Training overdue: %(title)s"),
            body=_("“%(title)s” was due on %(due)s. Please complete it as soon as you can."),
            url=reverse("my_training"),
            params=params,
        )
        is not None
    )
    profile = getattr(row.user, "profile", None)
    team = profile.team if profile else None
    for manager in team.managers.all() if team else ():
        if manager.pk == row.user_id:
            continue
        sent = notify(
            user=manager,
            event=Event.MEMBER_TRAINING_OVERDUE,
            key=_key(row),
            title=_("Overdue in your team: %(name)s, %(title)s"),
            body=_("%(name)s has not completed “%(title)s”, which was due on %(due)s."),
            url=reverse("team_home"),
            params={**params, "name": row.user.get_full_name()},
        )
        written += int(sent is not None)
    return written
