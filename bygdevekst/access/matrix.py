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


def ROUND2(objects):  # noqa: N802  reads like a constant in the table
    return {"number": objects["round"].number}


# Common rows
KDD_FORM = expect(403, **{"200": KDD})
ANON_403 = "anonymous 403 (lead: a login redirect, 302, would be kinder)"
READ_POST = "POST is not refused on this read-only page (lead: require_safe → 405)"


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
                                    kwargs=lambda o: {"uidb64": "MQ", "token": "-".join(["invalid", "link"])},
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
    # ---- Wave 1 of the feature apps (declared from the demo; the lead's second pass reviews) ----
    "pages:accessibility": Route(GET=everyone(200)),
    "pages:privacy": Route(GET=everyone(200)),
    "search:search": Route(GET=everyone(200), POST=everyone(200), note="search through the visibility rules; " + READ_POST),
    "opendata:index": Route(GET=everyone(200)),
    "opendata:agreements_json": Route(GET=everyone(200), kwargs=ROUND2),
    "opendata:agreements_csv": Route(GET=everyone(200), kwargs=ROUND2),
    "opendata:action_plans_json": Route(GET=everyone(200), kwargs=ROUND2),
    "opendata:action_plans_csv": Route(GET=everyone(200), kwargs=ROUND2),
    "programme:round_ics": Route(GET=everyone(200), POST=everyone(200), kwargs=pk("round"), note=READ_POST),
    "programme:pilot_ics": Route(GET=everyone(200), POST=everyone(200), kwargs=pk("pilot"), note=READ_POST),
    "programme:round_create": Route(GET=KDD_FORM, POST=KDD_FORM, note=ANON_403),
    "programme:round_edit": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=pk("round"), note=ANON_403),
    "programme:pilot_edit": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=pk("pilot"), note=ANON_403),
    "programme:pilot_create": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=lambda o: {"round_pk": o["round"].pk},
                                    note=ANON_403),
    "programme:milestone_create": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=lambda o: {"round_pk": o["round"].pk},
                                        note=ANON_403),
    "meetings:list": Route(GET=KDD_FORM, POST=KDD_FORM, note=ANON_403 + "; " + READ_POST),
    "meetings:create": Route(GET=KDD_FORM, POST=KDD_FORM, note=ANON_403),
    "notifications:list": Route(GET=expect(200, anonymous=404), POST=expect(200, anonymous=404),
                                note="anonymous 404 (lead: a login redirect, 302, would be kinder); " + READ_POST),
    "notifications:read_all": Route(GET=everyone(405), POST=expect(302, anonymous=404)),
    "notifications:settings": Route(GET=expect(200, anonymous=404), POST=expect(200, anonymous=404)),
    "actionplans:overview": Route(GET=KDD_FORM, POST=KDD_FORM, note=ANON_403 + "; " + READ_POST),
    "actionplans:overview_csv": Route(GET=KDD_FORM, POST=KDD_FORM, note=ANON_403 + "; " + READ_POST),
    "actionplans:overview_xlsx": Route(GET=KDD_FORM, POST=KDD_FORM, note=ANON_403 + "; " + READ_POST),
    "actionplans:agreement": Route(GET=expect(404, **{"302": TRYSIL}), POST=expect(404, **{"302": TRYSIL}),
                                   kwargs=pk("draft"), note="redirects to the agreement's current plan"),
    "agreements:versions": Route(GET=expect(404, **{"200": TRYSIL}), kwargs=pk("draft")),
    "agreements:compare": Route(GET=expect(404, **{"200": TRYSIL}), kwargs=pk("draft")),
    "agreements:editor": Route(
        GET=expect(404, **{"403": TRYSIL, "200": {"trysil", "admin"}}),
        POST=expect(404, **{"403": TRYSIL, "200": {"trysil", "admin"}}),
        kwargs=pk("draft"), note="the project manager edits the draft; its other readers 403, outsiders 404",
    ),
    "process:agreement": Route(GET=expect(404, **{"200": TRYSIL}), POST=expect(404, **{"200": TRYSIL}),
                               kwargs=pk("draft"), note=READ_POST),
    "process:matrix_current": Route(GET=KDD_FORM, POST=KDD_FORM, note=ANON_403 + "; " + READ_POST),
    "process:matrix": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=pk("round"), note=ANON_403 + "; " + READ_POST),
    "correspondence:cases": Route(GET=expect(200, anonymous=404), POST=expect(200, anonymous=404),
                                  note="each user sees the cases of their pilots; " + READ_POST),
    "correspondence:letters": Route(GET=expect(404, **{"200": KDD}), POST=expect(404, **{"200": KDD}),
                                    note="KDD's letters; " + READ_POST),
    "correspondence:letter_new": Route(GET=expect(404, **{"200": KDD}), POST=expect(404, **{"200": KDD})),
    "api:search_api": Route(GET=everyone(422), note="without ?q= a 422 problem"),
    "api:list_cases": Route(GET=everyone(200)),
}

# Routes other helpers are adding in this wave, seen but not yet declared: the lead's second pass moves
# each into ROUTES. The matrix test fails for any route in neither place.
SECOND_PASS = {
    "actionplans:adopt", "actionplans:budget_add", "actionplans:budget_delete",
    "actionplans:budget_edit", "actionplans:export_docx", "actionplans:export_pdf", "actionplans:export_xlsx",
    "actionplans:goals", "actionplans:import", "actionplans:measure", "actionplans:measure_add",
    "actionplans:measure_delete", "actionplans:measure_edit", "actionplans:measure_status", "actionplans:new_year",
    "actionplans:plan",
    "actionplans:report", "actionplans:report_meeting", "actionplans:report_submit", "actionplans:reports",
    "actionplans:start",
    "agreements:comment_create", "agreements:comment_reopen", "agreements:comment_resolve",
    "agreements:compare_pdf", "agreements:element_edit", "agreements:element_move",
    "agreements:element_new", "agreements:element_remove", "agreements:freeze", "agreements:overview",
    "agreements:version", "agreements:version_docx", "agreements:version_pdf",
    "api:change_version", "api:compare_versions", "api:create_comment", "api:create_decision", "api:export_xlsx",
    "api:get_current_plan", "api:get_entry", "api:get_version", "api:import_xlsx",
    "api:list_comments", "api:list_decisions", "api:list_entries", "api:list_measures", "api:list_plans",
    "api:list_versions", "api:post_transition", "api:problem-not-found",
    "correspondence:case", "correspondence:download", "correspondence:entry",
    "correspondence:export_case", "correspondence:export_range", "correspondence:letter",
    "correspondence:letter_approve", "correspondence:letter_edit",
    "correspondence:letter_preview",
    "meetings:add_item", "meetings:add_participant", "meetings:detail", "meetings:edit",
    "meetings:outcomes",
    "notifications:read",
    "process:add_addendum", "process:approve_addendum", "process:send_addendum", "process:approve_response", "process:confirm_commitments",
    "process:confirm_county_commitment", "process:county_role", "process:edit_response",
    "process:minutes", "process:publish_response", "process:record_decision",
    "process:record_exception", "process:response", "process:sign", "process:signed_copy", "process:transition",
    "programme:milestone_edit",
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
