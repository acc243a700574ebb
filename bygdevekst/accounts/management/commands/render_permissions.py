from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bygdevekst.access.permissions import PERMISSIONS


def render():
    out = [
        "# Permissions",
        "",
        "Rendered by `manage.py render_permissions` from `bygdevekst/access/permissions.py` (who may do what).",
        "Do not edit by hand. What each demo role gets at each route and method is in `permission-matrix.md`,",
        "which `tests/security/test_permission_matrix.py` checks cell by cell against the running app.",
        "",
        "## Actions and their rules",
        "",
        "| permission | allowed when |",
        "|---|---|",
    ]
    for name, predicate in sorted(PERMISSIONS.items()):
        rule = predicate.name.replace("|", "\\|")  # a bare | would end the table cell
        out.append(f"| `{name}` | `{rule}` |")
    return "\n".join(out) + "\n"


class Command(BaseCommand):
    help = "Write docs/permissions.md from the permission table (access/permissions.py)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "permissions.md"))

    def handle(self, output, **options):
        Path(output).write_text(render(), encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
