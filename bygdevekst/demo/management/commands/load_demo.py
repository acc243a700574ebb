from django.core.management.base import BaseCommand

from bygdevekst.demo.loader import load_demo
from bygdevekst.programme.models import Pilot


class Command(BaseCommand):
    help = "Load the round-2 demo (idempotent). With --if-empty, only when no pilot exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, if_empty, **options):
        if if_empty and Pilot.objects.exists():
            self.stdout.write("Demo data already present; nothing loaded.")
            return
        ctx = load_demo()
        self.stdout.write(
            f"Demo loaded: {len(ctx['round2_pilots'])} round-2 pilots, {len(ctx['users'])} demo users (password: demo)."
        )
