"""The permission matrix: for every route (by URL name) and method, the status each demo role gets.

tests/security/test_permission_matrix.py walks role × route × method against the loaded demo and
compares with this table; a route in the URL resolver that is neither here nor in SECOND_PASS fails the
test, so every new page or API operation must be declared. `manage.py render_permissions` writes
docs/permissions.md from this table and access/permissions.PERMISSIONS.

Statuses: 200 page/JSON, 201 created, 302 redirect (to the login page for anonymous users, or after a
successful POST), 400 bad form, 403 may see but not do, 404 may not see (or does not exist), 405 wrong
method. GET and POST are checked for every route: a route that declares no POST expects 405.
"""

from dataclasses import dataclass, field

ROLES = [
    "kdd", "kdd2", "trysil", "smola", "vinje", "kafjord", "solund",
    "innlandet", "statsforvalter-innlandet", "politiker-trysil", "admin", "anonymous",
]
KDD = {"kdd", "kdd2", "admin"}
# The people of the Trysil-regionen draft: its project manager and politician, Innlandet county council
# (main party), the state administrator in Innlandet — and KDD and the administrator, who see everything.
TRYSIL = KDD | {"trysil", "politiker-trysil", "innlandet", "statsforvalter-innlandet"}
LOGGED_IN = set(ROLES) - {"anonymous"}


def everyone(status):
    return {role: status for role in ROLES}


def expect(default, anonymous=None, **groups):
    """expect(404, anonymous=302, **{"200": TRYSIL}) → a status per role."""
    table = everyone(default)
    for status, roles in groups.items():
        for role in roles:
            table[role] = int(status)
    if anonymous is not None:
        table["anonymous"] = anonymous
    return table


def login_required(status_for_users):
    return expect(status_for_users, anonymous=302)


@dataclass
class Route:
    """kwargs: a function (objects) -> URL kwargs, with objects from demo_objects(). data: POST body."""

    GET: dict | None = None
    POST: dict | None = None
    kwargs: object = None
    data: dict = field(default_factory=dict)
    query: str = ""
    note: str = ""

    def expected(self, method):
        table = getattr(self, method)
        return table if table is not None else everyone(405)


def demo_objects():
    """The demo objects the routes are resolved with (looked up by natural keys, not ids)."""
    from bygdevekst.accounts.models import ApiToken, User
    from bygdevekst.agreements.models import Agreement
    from bygdevekst.programme.models import Pilot, Round

    trysil = Pilot.objects.select_related("agreement", "round").get(name="Trysil-regionen")
    trysil_user = User.objects.get(username="trysil")
    token = ApiToken.objects.filter(user=trysil_user, name="matrix").first() or ApiToken.issue(trysil_user, "matrix")[0]
    return {
        "round": trysil.round,
        "round1": Round.objects.get(number=1),
        "pilot": trysil,
        "draft": trysil.agreement,
        "approved": Agreement.objects.filter(state="approved").order_by("pk").first(),
        "organisation": trysil.lead_municipality,
        "token": token,
    }


def pk(name):
    return lambda objects: {"pk": objects[name].pk}


PUBLIC_PAGE = Route(
    GET=everyone(200), POST=everyone(200),
    note="read-only page; POST is not refused yet (lead: require_safe would make it 405)",
)

ROUTES = {
    # ---- Foundation pages ----
    "healthz": Route(GET=everyone(200), POST=everyone(200), note="health check for the load balancer"),
    "programme:home": PUBLIC_PAGE,
    "programme:round": Route(GET=everyone(200), POST=everyone(200), kwargs=pk("round"), note=PUBLIC_PAGE.note),
    "programme:pilot": Route(GET=everyone(200), POST=everyone(200), kwargs=pk("pilot"), note=PUBLIC_PAGE.note),
    "organisations:list": PUBLIC_PAGE,
    "organisations:detail": Route(GET=everyone(200), POST=everyone(200), kwargs=pk("organisation"),
                                  note=PUBLIC_PAGE.note),
    "agreements:detail": Route(
        GET=expect(404, **{"200": TRYSIL}), POST=expect(404, **{"200": TRYSIL}), kwargs=pk("draft"),
        note="a draft: its parties, KDD and the state administrator; outsiders 404",
    ),
    # ---- Accounts ----
    "login": Route(GET=expect(302, anonymous=200), POST=expect(302, anonymous=200),
                   note="logged-in users are sent on; an empty POST re-shows the form"),
    "logout": Route(GET=everyone(405), POST=everyone(302)),
    "set_language": Route(POST=everyone(302), data={"language": "nn"}),
    "password_reset": Route(GET=everyone(200), POST=everyone(200), note="an empty POST re-shows the form"),
    "password_reset_done": Route(GET=everyone(200)),
    "password_reset_confirm": Route(GET=everyone(200), POST=everyone(200),
                                    kwargs=lambda o: {"uidb64": "MQ", "token": "bad-token"},
                                    note="an invalid link says so"),
    "password_reset_complete": Route(GET=everyone(200)),
    "oidc_authentication_init": Route(GET=everyone(404), POST=everyone(404), note="404 unless OIDC is configured"),
    "oidc_authentication_callback": Route(GET=everyone(404), POST=everyone(404),
                                          note="404 unless OIDC is configured"),
    "accounts:profile": Route(GET=login_required(200), POST=login_required(400), note="an empty POST is a bad form"),
    "accounts:token_create": Route(GET=login_required(405), POST=login_required(201), data={"name": "matrix test"}),
    "accounts:token_revoke": Route(
        GET=login_required(405), POST=expect(404, anonymous=302, **{"302": {"trysil"}}), kwargs=pk("token"),
        note="only the token's owner; anyone else 404",
    ),
    "accounts:password_change": Route(GET=login_required(200), POST=login_required(200),
                                      note="an empty POST re-shows the form"),
    "accounts:password_change_done": Route(GET=login_required(200), POST=login_required(405)),
    # ---- Audit ----
    "audit:log": Route(GET=expect(403, anonymous=302, **{"200": {"admin"}}), POST=login_required(405),
                       note="the whole log: administrators only (audit.view_all)"),
    # ---- API (django-ninja; anonymous callers see public data) ----
    "api:openapi-json": Route(GET=everyone(200), POST=everyone(200), note="django-ninja answers any method here"),
    "api:openapi-view": Route(GET=everyone(200), POST=everyone(200), note="django-ninja answers any method here"),
    "api:api-root": Route(GET=everyone(404), POST=everyone(404), note="no index resource at /api/v1/"),
    "api:list_organisations": Route(GET=everyone(200)),
    "api:get_organisation": Route(GET=everyone(200), kwargs=lambda o: {"organisation_id": o["organisation"].pk}),
    "api:list_rounds": Route(GET=everyone(200)),
    "api:list_pilots": Route(GET=everyone(200)),
    "api:get_pilot": Route(GET=everyone(200), kwargs=lambda o: {"pilot_id": o["pilot"].pk}),
    "api:list_agreements": Route(GET=everyone(200)),
    "api:get_agreement": Route(GET=expect(404, **{"200": TRYSIL}), kwargs=lambda o: {"agreement_id": o["draft"].pk},
                               note="a draft: its parties, KDD and the state administrator"),
}

# Routes other helpers are adding in this wave, seen but not yet declared: the lead's second pass moves
# each into ROUTES. The matrix test fails for any route in neither place.
SECOND_PASS = {
    "actionplans:adopt", "actionplans:agreement", "actionplans:budget_add", "actionplans:budget_delete",
    "actionplans:budget_edit", "actionplans:export_docx", "actionplans:export_pdf", "actionplans:export_xlsx",
    "actionplans:goals", "actionplans:import", "actionplans:measure", "actionplans:measure_add",
    "actionplans:measure_delete", "actionplans:measure_edit", "actionplans:measure_status", "actionplans:new_year",
    "actionplans:overview", "actionplans:overview_csv", "actionplans:overview_xlsx", "actionplans:plan",
    "actionplans:report", "actionplans:report_meeting", "actionplans:report_submit", "actionplans:reports",
    "actionplans:start",
    "agreements:comment_create", "agreements:comment_reopen", "agreements:comment_resolve", "agreements:compare",
    "agreements:compare_pdf", "agreements:editor", "agreements:element_edit", "agreements:element_move",
    "agreements:element_new", "agreements:element_remove", "agreements:freeze", "agreements:overview",
    "agreements:version", "agreements:version_docx", "agreements:version_pdf", "agreements:versions",
    "api:change_version", "api:compare_versions", "api:create_comment", "api:create_decision", "api:export_xlsx",
    "api:get_current_plan", "api:get_entry", "api:get_version", "api:import_xlsx", "api:list_cases",
    "api:list_comments", "api:list_decisions", "api:list_entries", "api:list_measures", "api:list_plans",
    "api:list_versions", "api:post_transition", "api:problem-not-found", "api:search_api",
    "correspondence:case", "correspondence:cases", "correspondence:download", "correspondence:entry",
    "correspondence:export_case", "correspondence:export_range", "correspondence:letter",
    "correspondence:letter_approve", "correspondence:letter_edit", "correspondence:letter_new",
    "correspondence:letter_preview", "correspondence:letters",
    "meetings:add_item", "meetings:add_participant", "meetings:create", "meetings:detail", "meetings:edit",
    "meetings:list", "meetings:outcomes",
    "notifications:list", "notifications:read", "notifications:read_all", "notifications:settings",
    "opendata:action_plans_csv", "opendata:action_plans_json", "opendata:agreements_csv",
    "opendata:agreements_json", "opendata:index",
    "pages:accessibility", "pages:privacy",
    "process:add_addendum", "process:agreement", "process:approve_response", "process:confirm_commitments",
    "process:confirm_county_commitment", "process:county_role", "process:edit_response", "process:matrix",
    "process:matrix_current", "process:minutes", "process:publish_response", "process:record_decision",
    "process:record_exception", "process:response", "process:sign", "process:signed_copy", "process:transition",
    "programme:milestone_create", "programme:milestone_edit", "programme:pilot_create", "programme:pilot_edit",
    "programme:pilot_ics", "programme:round_create", "programme:round_edit", "programme:round_ics",
    "search:search",
}


def discover_routes():
    """Every named route in the URL resolver, as {name: pattern}, skipping admin/ and static files."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                ns = ":".join(filter(None, [namespace, entry.namespace])) or None
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if route.startswith(("static/", "media/", "^static", "^media")):
                    continue
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
                found[name] = route

    walk(get_resolver().url_patterns, "", None)
    return found
