"""Wagtail admin pages for the helpdesk API tokens: list, create (shown once), revoke."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages
from wagtail.admin.auth import permission_required

from evaluation.forms import ApiTokenForm
from evaluation.models import KpiApiToken
from evaluation.tokens import api_token_create, api_token_revoke

PERMISSION = "evaluation.manage_kpi_api_tokens"


@permission_required(PERMISSION)
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The tokens, newest first, and a form for a new one.

    A new token is shown once, in the answer to the form (never stored in the clear, not
    even in the session for a redirect)."""
    form = ApiTokenForm(request.POST or None)
    plain = ""
    if request.method == "POST" and form.is_valid():
        _token, plain = api_token_create(name=form.cleaned_data["name"], created_by=request.user)
        form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": KpiApiToken.objects.select_related("created_by"),
        "new_token": plain,
        "endpoint": request.build_absolute_uri(reverse("evaluation_api_kpis")),
    }
    return TemplateResponse(request, "evaluation/admin/api_tokens.html", context)


@permission_required(PERMISSION)
@require_POST
def api_token_revoke_view(request, token_id: int):
    token = get_object_or_404(KpiApiToken, pk=token_id)
    if api_token_revoke(token=token):
        messages.success(
            request,
            _("The token “%(name)s” was revoked; it opens nothing from now on.")
            % {"name": token.name},
        )
    else:
        messages.info(
            request, _("The token “%(name)s” was already revoked.") % {"name": token.name}
        )
    return redirect("evaluation_api_tokens")
