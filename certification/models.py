"""Certification: programmes a person is certified against, and the certificates issued.

A programme's requirements are read from the learning record only (`certification.evaluation`);
nothing here knows a quiz or a role-play table. A course, quiz or scenario is named by its
Wagtail page (`wagtailcore.Page`), so this app imports no producer.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


class CertificationProgramme(ClusterableModel):
    """What a person must have done to be certified (e.g. 上岗认证, "cleared for duty")."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Position and tier values (training.models.Position / Tier); empty: everyone.
    positions = models.JSONField(_("positions"), default=list, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave empty when the certificate never expires."),
    )
    recertification_window_days = models.PositiveSmallIntegerField(
        _("recertification opens (days before expiry)"),
        default=30,
        validators=[MaxValueValidator(365)],
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active programmes issue certificates and show on My training."),
    )
    required_for_duty = models.BooleanField(
        _("required to take customers"),
        default=False,
        help_text=_(
            "The people it applies to may go on duty only while they hold it: it decides who "
            "is on the “cleared for duty today” list (上岗认证)."
        ),
    )
    # Bumped on every edit in the admin; a certificate pins the version it was issued on.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("certification programme")
        verbose_name_plural = _("certification programmes")

    def __str__(self):
        return self.name

    def applies_to(self, *, position: str | None, tier: str | None) -> bool:
        """Whether a person in this position and tier is certified against this programme."""
        if self.positions and position not in self.positions:
            return False
        return not (self.tiers and tier not in self.tiers)


class RequirementKind(models.TextChoices):
    COURSE = "course", _("Course completed")
    QUIZ = "quiz", _("Quiz passed")
    ROLEPLAY = "roleplay", _("Role-play passed in assessment mode")
    SIGNOFF = "signoff", _("Supervisor sign-off")
    TENURE = "tenure", _("Minimum tenure")


# The kinds of requirement met by an activity (a page): a course, a quiz, a scenario.
PAGE_KINDS = frozenset({RequirementKind.COURSE, RequirementKind.QUIZ, RequirementKind.ROLEPLAY})

# The kinds whose evidence must be fresh for a renewal (done after the window opened); a course
# completion and tenure are facts that stay (a changed course is handled by re-training).
FRESH_KINDS = frozenset({RequirementKind.QUIZ, RequirementKind.ROLEPLAY, RequirementKind.SIGNOFF})


class RequirementPath(models.TextChoices):
    """Which path a requirement is on: first certification, renewal, or both."""

    BOTH = "both", _("First certification and renewal")
    INITIAL = "initial", _("First certification only")
    RENEWAL = "renewal", _("Renewal only")


class ProgrammeRequirement(Orderable):
    """One requirement of a programme; all of them must hold."""

    programme = ParentalKey(
        CertificationProgramme, on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RequirementKind.choices)
    # The course, quiz or role-play scenario (any page: certification imports no producer).
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course, quiz or scenario"),
    )
    min_score = models.PositiveSmallIntegerField(
        _("minimum score (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Quiz: the score to reach; role-play: the total to reach. Empty: a pass."),
    )
    checklist = models.TextField(
        _("sign-off checklist"),
        blank=True,
        help_text=_("Supervisor sign-off: one item per line, all of which the supervisor ticks."),
    )
    days = models.PositiveSmallIntegerField(
        _("minimum tenure (days)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    applies_to = models.CharField(
        _("applies to"),
        max_length=8,
        choices=RequirementPath.choices,
        default=RequirementPath.BOTH,
        help_text=_(
            "Renewal is the shorter path for someone whose certificate is about to expire; "
            "its quiz, role-play and sign-off must be done after recertification opened."
        ),
    )
    # Role-play: criterion key -> the least score (%) the assessed attempt must reach on it.
    criterion_minimums = models.JSONField(
        _("minimum per criterion (%)"), default=dict, blank=True
    )

    class Meta(Orderable.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self):
        title = self.page.title if self.page_id else ""
        return f"{self.get_kind_display()} {title}".strip()

    def on_path(self, *, renewal: bool) -> bool:
        """Whether this requirement is part of the renewal path (or the first-certification
        path when `renewal` is false)."""
        excluded = RequirementPath.INITIAL if renewal else RequirementPath.RENEWAL
        return self.applies_to != excluded

    @property
    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]

    def assessment_criteria(self) -> list[tuple[str, str]]:
        """The chosen page's assessment criteria as (key, name) — a role-play scenario's
        rubric — through the course item protocol (training.course_tree); [] for others."""
        if not self.page_id:
            return []
        criteria = getattr(self.page.specific, "assessment_criteria", None)
        return list(criteria()) if callable(criteria) else []

    def clean(self):
        super().clean()
        if self.kind in PAGE_KINDS and not self.page_id:
            raise ValidationError({"page": _("Choose the page this requirement is about.")})
        if self.criterion_minimums:
            from certification.criterion_minimums import minimums_problems

            problems = minimums_problems(self)
            if problems:
                raise ValidationError({"criterion_minimums": problems})
        if self.kind == RequirementKind.SIGNOFF and not self.checklist_items:
            raise ValidationError({"checklist": _("List at least one item to sign off.")})
        if self.kind == RequirementKind.TENURE and not self.days:
            raise ValidationError({"days": _("Say how many days of tenure are required.")})


def new_certificate_code() -> str:
    return secrets.token_urlsafe(18)


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    # Renewed: a newer certificate of the same programme replaced it before it expired.
    SUPERSEDED = "superseded", pgettext_lazy("certificate status", "Renewed")
    # Lapsed: the update training a course change required was not done by its due date.
    LAPSED = "lapsed", _("Lapsed (update training not completed in time)")


class CertificateQuerySet(models.QuerySet):
    def for_lists(self):
        """With what a list of many people's certificates reads of each, in the same query:
        the programme (its recertification window) and when it was revoked
        (`revoked_event_at`, the latest revoke event's time; None if never revoked)."""
        revoked = CertificateEvent.objects.filter(
            certificate=models.OuterRef("pk"), action=CertificateAction.REVOKE
        ).order_by("-at", "-pk")
        return self.select_related("programme").annotate(
            revoked_event_at=models.Subquery(revoked.values("at")[:1])
        )


class Certificate(models.Model):
    """A certificate held (or once held) by a person. Dates are stored, never computed."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("person"),
    )
    programme = models.ForeignKey(
        CertificationProgramme,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=pgettext_lazy("certification", "programme"),
    )
    programme_version = models.PositiveIntegerField(_("programme version"))
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_certificate_code
    )
    # The ids of the learning records it was issued on (training's read API ids).
    evidence_record_ids = models.JSONField(_("evidence"), default=list, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    reason = models.TextField(_("reason"), blank=True)  # for a certificate issued by hand
    # The re-training a course change requires of the holder (a course the programme asks
    # for) is due by this date; stored when the change is published, cleared when it is done.
    update_due_on = models.DateField(_("update due by"), null=True, blank=True)
    # When the daily round opened recertification (and assigned the renewal path): once only.
    recertification_opened_at = models.DateTimeField(
        _("recertification opened"), null=True, blank=True
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # One valid certificate per person and programme: issuing twice issues one.
            models.UniqueConstraint(
                fields=["person", "programme"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_programme",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="certificate_expiry")]

    def __str__(self):
        return f"{self.programme} · {self.person}"

    @property
    def state(self) -> str:
        """The status as of now: a valid certificate past its stored expiry date is expired,
        even before the daily task has marked it so."""
        expired = self.expires_at is not None and self.expires_at <= timezone.now()
        if self.status == CertificateStatus.VALID and expired:
            return CertificateStatus.EXPIRED
        return self.status

    def get_state_display(self) -> str:
        return CertificateStatus(self.state).label

    @property
    def recertification_opens_at(self):
        """When the programme's recertification window opens for this certificate (None when
        it never expires)."""
        if self.expires_at is None:
            return None
        return self.expires_at - datetime.timedelta(days=self.programme.recertification_window_days)


class CertificateAction(models.TextChoices):
    ISSUE = "issue", _("Issued")
    RENEW = "renew", _("Renewed")
    REVOKE = "revoke", _("Revoked")
    EXPIRE = "expire", _("Expired")
    SUPERSEDE = "supersede", _("Replaced by a renewal")
    LAPSE = "lapse", _("Lapsed: update training overdue")


class CertificateEvent(models.Model):
    """The audit trail: who did what to a certificate, when and why (empty actor: the system)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("certificate")
    )
    action = models.CharField(_("action"), max_length=16, choices=CertificateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"))
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self):
        return f"{self.get_action_display()} · {self.certificate}"


class SupervisorSignOff(models.Model):
    """A supervisor's on-the-job sign-off of a person for a programme: the source of the
    observation record a sign-off requirement reads."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        CertificationProgramme, on_delete=models.CASCADE, related_name="signoffs"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    items = models.JSONField(default=dict)  # checklist item -> ticked
    notes = models.TextField(blank=True)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("supervisor sign-off")
        verbose_name_plural = _("supervisor sign-offs")

    def __str__(self):
        return f"{self.programme} · {self.person}"
