"""docs/permission-matrix.md: the permission matrix (tests/security/matrix.py) as a table for readers.

The table is the tests' expectation of the demo, so it is rendered from the test tree, not by a management
command: `TESTING=1 .venv/bin/python -m tests.security.matrix_doc` rewrites the file, and
test_permission_matrix.py fails while the file differs from the matrix.
"""

from pathlib import Path

SHORT = {"statsforvalter-innlandet": "sf-inn", "politiker-trysil": "pol-try", "partner-trysil": "partner",
         "anonymous": "anon"}
DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "permission-matrix.md"


def render():
    from .matrix import ROLES, ROUTES, SECOND_PASS, discover_routes

    routes = discover_routes()
    out = [
        "# Permission matrix",
        "",
        "What each demo role gets at each route and method, rendered from `tests/security/matrix.py` by",
        "`TESTING=1 .venv/bin/python -m tests.security.matrix_doc`. Do not edit by hand.",
        "`tests/security/test_permission_matrix.py` checks every cell below against the running app; the rules",
        "behind them are in `permissions.md` (`bygdevekst/access/permissions.py`).",
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


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bygdevekst.settings")
    django.setup()
    DOCUMENT.write_text(render(), encoding="utf-8")
    print(f"Wrote {DOCUMENT}")
