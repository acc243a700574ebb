from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bygdevekst.access.matrix import ROLES, ROUTES, SECOND_PASS, discover_routes
from bygdevekst.access.permissions import PERMISSIONS

SHORT = {"statsforvalter-innlandet": "sf-inn", "politiker-trysil": "pol-try", "partner-trysil": "partner",
         "anonymous": "anon"}


def render():
    routes = discover_routes()
    out = [
        "# Permissions",
        "",
        "Rendered by `manage.py render_permissions` from `bygdevekst/access/permissions.py` (who may do what)",
        "and `bygdevekst/access/matrix.py` (what each demo role gets at each route). Do not edit by hand.",
        "`tests/security/test_permission_matrix.py` checks every cell below against the running app.",
        "",
        "## Actions and their rules",
        "",
        "| permission | allowed when |",
        "|---|---|",
    ]
    for name, predicate in sorted(PERMISSIONS.items()):
        rule = predicate.name.replace("|", "\\|")  # a bare | would end the table cell
        out.append(f"| `{name}` | `{rule}` |")
    out += [
        "",
        "## Routes × roles",
        "",
        "Demo roles: kdd, kdd2 (KDD case officers); trysil, smola, vinje, kafjord, solund (project managers);",
        "innlandet (county council officer); sf-inn (state administrator in Innlandet); pol-try (politician",
        "in Trysil); partner (Husbanken, cooperation partner in Trysil-regionen); admin; anon (not logged in).",
        "Objects: the Trysil-regionen draft agreement and its pilot,",
        "round 2, Trysil kommune.",
        "",
        "| route | path | method | " + " | ".join(SHORT.get(r, r) for r in ROLES) + " | note |",
        "|---|---|---|" + "---|" * len(ROLES) + "---|",
    ]
    for name in sorted(ROUTES):
        route = ROUTES[name]
        for method in ("GET", "POST"):
            expected = route.expected(method)
            cells = " | ".join(str(expected[role]) for role in ROLES)
            note = route.note if method == "GET" else ""
            out.append(f"| `{name}` | `/{routes.get(name, '?')}` | {method} | {cells} | {note} |")
    if SECOND_PASS:
        out += ["", "## Routes not yet declared (second pass)", "", ", ".join(f"`{n}`" for n in sorted(SECOND_PASS))]
    return "\n".join(out) + "\n"


class Command(BaseCommand):
    help = "Write docs/permissions.md from the permission table and the permission matrix."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "permissions.md"))

    def handle(self, output, **options):
        Path(output).write_text(render(), encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
