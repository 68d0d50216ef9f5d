"""Level-4 results: the agents' monthly KPIs, as the helpdesk measured them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluation.kpis import Metric


class AgentKpi(models.Model):
    """One agent's value of one metric in one month.

    Rates are fractions 0–1, times seconds (evaluation/kpis.py). A metric the helpdesk did
    not measure that month has no row: there is no "empty" value.
    """

    class Source(models.TextChoices):
        FILE = "file", _("File import")
        API = "api", _("Helpdesk API")
        DEMO = "demo", _("Demo data")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kpis",
        verbose_name=_("person"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month measured."))
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["person", "month", "metric"]
        verbose_name = _("agent KPI")
        verbose_name_plural = _("agent KPIs")
        permissions = [("import_kpis", _("Can import agent KPIs"))]
        constraints = [
            # Re-importing a month updates its values, never adds a second one.
            models.UniqueConstraint(
                fields=["person", "month", "metric"], name="agentkpi_one_per_month"
            ),
        ]
        # "These people, these months" reads the unique constraint's (person, month, …)
        # index; reports over every agent of some months read this one.
        indexes = [models.Index(fields=["month", "metric"], name="agentkpi_month_metric")]

    def __str__(self):
        return f"{self.person_id} {self.month:%Y-%m} {self.metric}={self.value}"


class KpiApiToken(models.Model):
    """A key a helpdesk system sends to push KPIs (`Authorization: Bearer <token>`).

    Only a hash of the token is kept: it is shown once, when an administrator creates it. A
    revoked token stays listed (who made it, when it was last used) but opens nothing.
    """

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses it, e.g. “Helpdesk (Zendesk)”.")
    )
    prefix = models.CharField(_("beginning of the token"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("KPI API token")
        verbose_name_plural = _("KPI API tokens")
        permissions = [("manage_kpi_api_tokens", _("Can create and revoke KPI API tokens"))]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# Surveys (level 1) and observations (level 3) live in their own modules.
from evaluation.observation_models import (  # noqa: E402, F401
    Observation,
    ObservationBehaviour,
    ObservationChecklist,
    ObservationDraft,
)

# Pre-computed reports.
from evaluation.snapshot_models import ReportSnapshot  # noqa: E402,F401
from evaluation.survey_models import (  # noqa: E402, F401
    CourseSurvey,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)

# The evaluation waves live in their own module; Django finds them through this import.
from evaluation.wave_models import EvaluationPlan, WaveInstance, WaveStatus  # noqa: E402,F401


class DemoResult(models.Model):
    """The source of a learning record that the demo's evaluation history writes
    (`evaluation.demo`): a course completed or a quiz sat months ago. Evaluation imports no
    producer, so the demo cannot make the courses' or quizzes' own rows; the record's
    source is this row instead (one per person and `key`), so loading the demo again
    updates the same record rather than adding one."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("demo result")
        verbose_name_plural = _("demo results")
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="demoresult_one_per_key")
        ]

    def __str__(self):
        return f"{self.person_id} {self.key}"
