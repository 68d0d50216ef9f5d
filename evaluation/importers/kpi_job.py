"""The KPI file import as an import job: the helpdesk's monthly figures, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

from evaluation.importers.kpi_file import ParsedKpiFile, kpi_file_read, kpi_file_validate
from evaluation.models import AgentKpi
from evaluation.services import kpis_save
from training.imports import ImportInput, ImportKind

KIND = "evaluation.kpis"


@dataclass(frozen=True)
class _Plan:
    parsed: ParsedKpiFile
    values: int  # what the write's progress counts


def _check(job: ImportInput) -> _Plan:
    parsed = kpi_file_read(name=job.filename, data=job.data)
    batch = kpi_file_validate(parsed)  # every problem now, before the write starts
    return _Plan(parsed=parsed, values=len(batch.values))


def _write(job: ImportInput, plan: _Plan) -> dict:
    # Checked again inside the write's transaction: the roster may have changed between.
    batch = kpi_file_validate(plan.parsed)
    result = kpis_save(values=batch.values, source=AgentKpi.Source.FILE, progress=job.progress)
    return {**result.as_dict(), "rows": batch.rows, "blanks": batch.blanks}


def _summary(result: dict) -> str:
    return gettext(
        "The KPIs were imported: %(created)s values added, %(updated)s changed, "
        "%(unchanged)s already as in the file."
    ) % {key: result.get(key, 0) for key in ("created", "updated", "unchanged")}


KPI_IMPORT = ImportKind(
    name=KIND,
    check=_check,
    write=_write,
    summary=_summary,
    size=lambda plan: plan.values,
    label=gettext_lazy("Import agent KPIs"),
    upload_url_name="evaluation_kpi_import",
    result_template="evaluation/admin/kpi_result.html",
)
