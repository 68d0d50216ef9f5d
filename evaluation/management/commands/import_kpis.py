"""Import agents' monthly KPIs (CSV or XLSX): all or nothing, by agent, month and metric."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.importers.kpi_file import kpi_file_read, kpi_file_validate
from evaluation.models import AgentKpi
from evaluation.services import kpis_preview, kpis_save
from training.importers.errors import ImportRejected, format_problems
from training.importers.tabular import MAX_FILE_BYTES
from training.importers.upload import read_path


class Command(BaseCommand):
    help = (
        "Create or update agents' monthly KPIs from a CSV or XLSX file with the columns "
        "employee_no,month,csat,first_response_s,resolution_rate,complaint_rate,order_accuracy "
        "(or 工号,月份,满意度,首次响应时长(秒),解决率,投诉率,订单准确率). Months as YYYY-MM; rates "
        "as 0-1 or percent (a value above 1, or with %, is a percentage); a blank cell is not "
        "measured. A file with any problem is refused whole. See docs/evaluation.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the KPI file (.csv or .xlsx).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without writing anything.",
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            data = read_path(path, limit=MAX_FILE_BYTES)
            batch = kpi_file_validate(kpi_file_read(name=path.name, data=data))
            if dry_run:
                result = kpis_preview(values=batch.values)
            else:
                result = kpis_save(values=batch.values, source=AgentKpi.Source.FILE)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except ImportRejected as rejected:
            raise CommandError(format_problems(rejected.problems)) from None

        created, updated = ("Would create", "Would update") if dry_run else ("Created", "Updated")
        self.stdout.write(f"Rows (agent and month): {batch.rows}")
        self.stdout.write(f"{created}: {result.created}")
        self.stdout.write(f"{updated}: {result.updated}")
        self.stdout.write(f"Unchanged: {result.unchanged}")
        self.stdout.write(f"Blank (not measured, left as they were): {batch.blanks}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS("KPIs imported."))
