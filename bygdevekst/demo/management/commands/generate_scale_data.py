import time

from django.core.management.base import BaseCommand

from bygdevekst.demo.scale import generate


class Command(BaseCommand):
    help = ("Add the national-scale dataset (6 rounds, 120 pilots, 40 versions per agreement, 6,000 measures, "
            "20,000 log rows, 2,000 registry entries, 300 users) to the database; loads the demo first if empty. "
            "--scale 0.1 makes a smaller set.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=19)
        parser.add_argument("--no-reindex", action="store_true", help="Leave the search index alone.")

    def handle(self, scale, seed, no_reindex, **options):
        started = time.monotonic()
        added = generate(scale=scale, seed=seed, out=self.stdout.write)
        if not no_reindex:
            from bygdevekst.search.indexers import reindex_all

            self.stdout.write("Rebuilding the search index …")
            reindex_all()
        self.stdout.write(f"Added {added} in {time.monotonic() - started:.0f} s.")
