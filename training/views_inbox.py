"""The inbox: a person's notifications, and their choice about e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training.models import Notification
from training.notifications import (
    inbox_for,
    notification_open,
    notifications_mark_all_read,
    user_set_email_notifications,
)

PAGE_SIZE = 20


@login_required
def inbox(request):
    page = Paginator(inbox_for(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/inbox.html", {"page": page})


@login_required
def inbox_open(request, pk: int):
    """Open a notification: it is read from now on, and the person goes where it points."""
    try:
        notification = notification_open(viewer=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("inbox")


@login_required
@require_POST
def inbox_mark_all_read(request):
    count = notifications_mark_all_read(viewer=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("inbox")


@login_required
@require_POST
def email_notifications(request):
    """The person's own switch for e-mail notifications (on the account page)."""
    choice = request.POST.get("email_notifications")
    if choice not in ("on", "off"):
        messages.error(request, _("Choose whether to receive notifications by e-mail."))
        return redirect("profile")
    user_set_email_notifications(user=request.user, enabled=choice == "on")
    if choice == "on":
        messages.success(request, _("You will receive notifications by e-mail."))
    else:
        messages.success(
            request,
            _("You will no longer receive notifications by e-mail. Your inbox keeps them all."),
        )
    return redirect("profile")
