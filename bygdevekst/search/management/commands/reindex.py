from django.core.management.base import BaseCommand

from bygdevekst.search.indexers import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index from the agreements, comments, measures and registry entries."

    def handle(self, *args, **options):
        counts = reindex_all()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
