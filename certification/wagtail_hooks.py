"""Certification in the Wagtail admin (programmes, certificates, revoking) and on My training."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from certification import admin_views
from certification.admin_certificates import (
    CertificateIndexView,
    CertificateInspectView,
    certificate_issue_view,
)
from certification.forms import ProgrammeForm, RequirementsPanel
from certification.models import Certificate, CertificationProgramme
from training.panels import (
    LEARNER_HOME,
    MEMBER_PAGE,
    TEAM_PAGE,
    TRAINER_HOME,
    Link,
    SectionPanel,
    SharedPage,
)


class ProgrammeViewSet(ModelViewSet):
    model = CertificationProgramme
    icon = "tasks"
    menu_label = pgettext_lazy("certification", "Programmes")
    add_to_admin_menu = False
    search_fields = ["name"]
    list_display = ["name", "validity_months", "active", "required_for_duty", "version"]
    list_filter = ["active", "required_for_duty"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("positions"), FieldPanel("tiers")]),
            MultiFieldPanel(
                [
                    FieldPanel("validity_months"),
                    FieldPanel("recertification_window_days"),
                    FieldPanel("active"),
                    FieldPanel("required_for_duty"),
                ],
                heading=_("Validity"),
            ),
            RequirementsPanel(
                "requirements",
                heading=_("Requirements (all must hold)"),
                label=_("Requirement"),
                panels=[
                    FieldPanel("kind"),
                    FieldPanel("page"),
                    FieldPanel("min_score"),
                    FieldPanel("criterion_minimums"),
                    FieldPanel("checklist"),
                    FieldPanel("days"),
                    FieldPanel("applies_to"),
                ],
            ),
        ],
        base_form_class=ProgrammeForm,
    )


class RevokeColumn(Column):
    """A link to revoke a certificate that is still valid."""

    def get_value(self, instance):
        if instance.status != "valid":
            return ""
        return format_html(
            '<a class="button button-small button-secondary" href="{}">{}</a>',
            reverse("certification_certificate_revoke", args=[instance.pk]),
            _("Revoke"),
        )


class StatusColumn(Column):
    """The certificate's status as of now, with "update due by …" while re-training is owed."""

    def get_value(self, instance):
        if instance.state == "valid" and instance.update_due_on:
            return _("Valid — update due by %(date)s") % {
                "date": instance.update_due_on.isoformat()
            }
        return instance.get_state_display()


class CertificateEditView(generic.EditView):
    """A certificate is never edited: changes go through revoking, which asks for a reason
    and writes the audit trail."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("certification_certificate_revoke", pk=kwargs["pk"])


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "success"
    menu_label = _("Certificates")
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = CertificateInspectView
    index_view_class = CertificateIndexView
    search_fields = ["person__name", "person__email", "code"]
    search_backend_name = None
    list_filter = ["programme", "status"]
    list_display = [
        "person",
        "programme",
        "issued_at",
        "expires_at",
        StatusColumn("status", label=_("Status")),
        RevokeColumn("revoke", label=_("Revoke")),
    ]
    inspect_view_fields = [
        "person",
        "programme",
        "programme_version",
        "issued_at",
        "expires_at",
        "status",
        "update_due_on",
        "recertification_opened_at",
        "code",
        "evidence_record_ids",
        "issued_by",
        "reason",
    ]
    form_fields = ["reason"]
    edit_view_class = CertificateEditView


class CertificationViewSetGroup(ViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "success"
    menu_order = 180
    items = (
        ProgrammeViewSet("certification_programme"),
        CertificateViewSet("certification_certificate"),
    )


@hooks.register("register_admin_viewset")
def register_certification():
    return CertificationViewSetGroup()


@hooks.register("register_admin_urls")
def register_revoke_url():
    return [
        path(
            "certification/certificates/<int:pk>/revoke/",
            admin_views.certificate_revoke_view,
            name="certification_certificate_revoke",
        )
    ]


@hooks.register("register_admin_urls")
def register_issue_url():
    return [
        path(
            "certification/certificates/issue/",
            certificate_issue_view,
            name="certification_certificate_issue",
        )
    ]


@hooks.register(LEARNER_HOME)
def add_my_certificates(page: SharedPage, items: list) -> None:
    from certification.panels import MyCertificatesPanel

    items.append(MyCertificatesPanel(page.viewer))


@hooks.register(MEMBER_PAGE)
def add_member_certification(page: SharedPage, items: list) -> None:
    """A member's page: which requirement is missing, and their certificates."""
    from certification.panels import member_certification_panel

    items.append(member_certification_panel(viewer=page.viewer, member=page.member))


@hooks.register(TEAM_PAGE)
def add_certification_matrix(page: SharedPage, items: list) -> None:
    """The team page: who is cleared, expiring, expired or in progress, per programme."""
    from django.utils.translation import gettext

    from certification.filters import PeopleFilterForm
    from certification.matrix import certification_matrix

    filters = PeopleFilterForm(page.request.GET, viewer=page.viewer)
    matrix = certification_matrix(
        viewer=page.viewer, filters=filters, page=page.request.GET.get("page")
    )
    if not matrix.programmes:
        return  # no programme yet: the team page stays as it was
    items.append(
        SectionPanel(
            heading=gettext("Certification"),
            template_name="certification/panels/matrix.html",
            context={"matrix": matrix, "filters": filters},
            order=10,
        )
    )


@hooks.register(TRAINER_HOME)
def add_cleared_today_link(page: SharedPage, items: list) -> None:
    """My work: who is cleared for duty today, across every team (trainers see everyone)."""
    from django.utils.translation import gettext

    items.append(
        Link(label=gettext("Cleared for duty today"), url=reverse("certification_cleared_today"))
    )
