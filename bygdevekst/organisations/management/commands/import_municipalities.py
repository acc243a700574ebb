from django.core.management.base import BaseCommand

from bygdevekst.organisations.register import import_municipalities


class Command(BaseCommand):
    help = "Create or update all counties and municipalities from the bundled SSB list."

    def handle(self, **options):
        count = import_municipalities()
        self.stdout.write(f"{count} municipalities in the register")
