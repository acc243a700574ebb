from django.core.management.base import BaseCommand, CommandError

from bygdevekst.audit.backup import BackupError, backup
from bygdevekst.audit.log import log_action
from bygdevekst.core.integrity import file_hash


class Command(BaseCommand):
    help = ("Back up the database and every stored file (MEDIA_ROOT) into one archive with a SHA-256 manifest, "
            "var/backups/<timestamp>/bygdevekst-backup.tar.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("--to", dest="target_dir", help="directory for the backup (default var/backups/<timestamp>)")

    def handle(self, target_dir=None, database="default", **options):
        try:
            path = backup(target_dir, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        with path.open("rb") as handle:
            digest = file_hash(handle)
        # Logged in the database that was backed up, after the copy (so not in the backup itself).
        log_action("system.backup_made", data={"file": str(path), "sha256": digest}, using=database)
        self.stdout.write(f"Backup written to {path}\nSHA-256 of the archive: {digest}")
