from django.core.management.base import BaseCommand

from bygdevekst.correspondence.receivers import refresh_version_documents


class Command(BaseCommand):
    help = ("Give each registered agreement version the version's stored document (the one renderer) as a new "
            "document version, where the case log still holds an earlier rendering. Nothing is replaced.")

    def handle(self, **options):
        added = refresh_version_documents()
        self.stdout.write(f"{added} registered documents got a new version")
