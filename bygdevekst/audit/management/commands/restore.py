from django.core.management.base import BaseCommand, CommandError

from bygdevekst.audit.backup import BackupError, restore
from bygdevekst.audit.log import log_action


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup` (stop the app first)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("file", help="the backup file (bygdevekst.sqlite3 or bygdevekst.pgdump)")
        parser.add_argument("--noinput", action="store_true", help="do not ask for confirmation")

    def handle(self, file, noinput=False, database="default", **options):
        if not noinput:
            answer = input(f"Replace all data with {file}? Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled")
        try:
            restore(file, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The restored database's log gets one row saying it was restored (the rows after the backup are gone).
        log_action("system.restored", data={"file": str(file)}, using=database)
        self.stdout.write(f"Restored from {file}")
