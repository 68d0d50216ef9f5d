"""Import the HR roster (CSV or XLSX): all or nothing, by employee number."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training.importers.errors import ImportRejected, format_problems
from training.importers.roster import roster_import_file
from training.importers.tabular import MAX_FILE_BYTES
from training.importers.upload import read_path


class Command(BaseCommand):
    help = (
        "Create or update people from an HR roster (CSV or XLSX) with the columns "
        "employee_no,name,email,team,position,tier,hire_date,role (or 工号,姓名,邮箱,团队,"
        "岗位,级别,入职日期,角色). A file with any problem is refused whole. Teams the file "
        "names that do not exist yet are created and listed; check them for typos."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the roster file (.csv or .xlsx).")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = read_path(path, limit=MAX_FILE_BYTES)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except ImportRejected as rejected:
            raise CommandError(format_problems(rejected.problems)) from None
        try:
            result = roster_import_file(name=path.name, data=data)
        except ImportRejected as rejected:
            raise CommandError(format_problems(rejected.problems)) from None

        for label, numbers in (("Created", result.created), ("Updated", result.updated)):
            listed = f": {', '.join(numbers)}" if numbers else ""
            self.stdout.write(f"{label} {len(numbers)}{listed}")
        self.stdout.write(f"Unchanged {len(result.unchanged)}")
        for team in result.new_teams:
            managers = ", ".join(team.managers) if team.managers else "no manager"
            self.stdout.write(f"New team: {team.name} ({managers})")
        if result.created:
            self.stdout.write("Invitations are e-mailed to the new people.")
        self.stdout.write(self.style.SUCCESS("Roster imported."))
