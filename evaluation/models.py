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
