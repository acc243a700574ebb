from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bygdevekst.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user; the token is the last word of the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, username, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}") from exc
        _token, raw = ApiToken.issue(user, name)
        self.stdout.write(f"API token for {username}: {raw}")
