from django.core.management.base import BaseCommand

from bygdevekst.organisations.register import import_municipalities


class Command(BaseCommand):
    help = ("Create or update all counties and municipalities (names, parallel names) and the organisation "
            "numbers of municipalities, county councils and state administrators from the bundled files.")

    def handle(self, **options):
        count = import_municipalities()
        self.stdout.write(f"{count} municipalities in the register")
