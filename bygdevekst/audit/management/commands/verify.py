from django.core.management.base import BaseCommand

from bygdevekst.audit.verify import nightly, verify


class Command(BaseCommand):
    help = ("Check every agreement version and stored file against its SHA-256 and walk the action log's hash "
            "chain. Prints a report; exits with status 1 if anything does not match.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("--notify", action="store_true",
                            help="as the nightly job: log the result and tell the administrators of any problem")

    def handle(self, database="default", notify=False, **options):
        report = nightly() if notify else verify(using=database)
        for line in report.lines():
            (self.stderr if line.startswith("FAILED") else self.stdout).write(line)
        if not report.ok:
            raise SystemExit(1)
