from django.core.management.base import BaseCommand, CommandError

from bygdevekst.audit.backup import BackupError, restore
from bygdevekst.audit.log import log_action
from bygdevekst.audit.verify import verify


class Command(BaseCommand):
    help = ("Replace the database and the stored files with a backup archive made by `manage.py backup` (stop the "
            "app first). The archive is checked against its manifest first; afterwards every record is verified.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("file", help="the backup archive (var/backups/<timestamp>/bygdevekst-backup.tar)")
        parser.add_argument("--noinput", action="store_true", help="do not ask for confirmation")

    def handle(self, file, noinput=False, database="default", **options):
        if not noinput:
            answer = input(f"Replace all data and stored files with {file}? Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled")
        try:
            manifest = restore(file, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The restored database's log gets one row saying it was restored (the rows after the backup are gone).
        log_action("system.restored", data={"file": str(file), "files": len(manifest)}, using=database)
        self.stdout.write(f"Restored from {file} ({len(manifest) - 1} stored files)")
        report = verify(using=database)
        for line in report.lines():
            (self.stderr if line.startswith("FAILED") else self.stdout).write(line)
        if not report.ok:
            raise CommandError(f"Restored, but verify found {len(report.findings)} problem(s): see above")
