from django.core.management.base import BaseCommand

from bygdevekst.core.scheduler import declared_jobs, loop


class Command(BaseCommand):
    help = "Run the apps' periodic jobs (reminders, digests) until stopped; --once runs each job once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--tick", type=int, default=30)

    def handle(self, once, tick, **options):
        jobs = declared_jobs()
        self.stdout.write(f"Scheduler: {len(jobs)} periodic job(s): " + ", ".join(p for p, _ in jobs))
        loop(tick=tick, iterations=1 if once else None)
