"""The permission matrix: for every route (by URL name) and method, the status each demo role gets.

tests/security/test_permission_matrix.py walks role × route × method against the loaded demo and
compares with this table; a route in the URL resolver that is neither here nor in SECOND_PASS fails the
test, so every new page or API operation must be declared. It is what the tests expect of the demo, not
production code: the rules themselves are in bygdevekst/access/permissions.py. tests/security/matrix_doc.py
renders this table as docs/permission-matrix.md.

Statuses: 200 page/JSON, 201 created, 302 redirect (to the login page for anonymous users, or after a
successful POST), 400 bad form, 403 may see but not do, 404 may not see (or does not exist), 405 wrong
method. GET and POST are checked for every route: a route that declares no POST expects 405.
"""

import hashlib
from dataclasses import dataclass, field

ROLES = [
    "kdd", "kdd2", "trysil", "smola", "vinje", "kafjord", "solund",
    "innlandet", "statsforvalter-innlandet", "politiker-trysil", "partner-trysil", "admin", "anonymous",
]
KDD = {"kdd", "kdd2", "admin"}
# The people of the Trysil-regionen draft: its project manager and politician, Innlandet county council
# (main party), the state administrator in Innlandet — and KDD and the administrator, who see everything.
TRYSIL = KDD | {"trysil", "politiker-trysil", "innlandet", "statsforvalter-innlandet"}
# Husbanken, a cooperation partner of the Trysil draft: not one of TRYSIL (it sees none of the draft's pages),
# it reads and comments on its own sub-goals on the partner page, which KDD and the administrator may open too.
PARTNER = "partner-trysil"
PARTNER_PAGE = KDD | {PARTNER}
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
    """kwargs: a function (objects) -> URL kwargs, with objects from demo_objects(). data: POST form body,
    json: POST JSON body (for the API); either may be a function (objects) -> body."""

    GET: dict | None = None
    POST: dict | None = None
    kwargs: object = None
    data: object = field(default_factory=dict)
    json: object = None
    query: str = ""
    url: str = ""  # a literal URL, for routes that cannot be reversed
    note: str = ""

    def body(self, objects):
        """(body, content type) for the POST: the JSON body when declared, else the form data."""
        if self.json is not None:
            import json

            body = self.json(objects) if callable(self.json) else self.json
            return json.dumps(body), "application/json"
        return (self.data(objects) if callable(self.data) else self.data), None

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
    from bygdevekst.actionplans.models import ActionPlan, BudgetLine, Measure, YearlyReport
    from bygdevekst.agreements.models import Commitment
    from bygdevekst.correspondence.models import Case, DocumentObject, Letter, RegistryEntry
    from bygdevekst.meetings.models import Meeting
    from bygdevekst.notifications.models import Notification
    from bygdevekst.process.models import AnchoringDecision, StateResponse

    draft = trysil.agreement
    plan = ActionPlan.objects.filter(agreement=draft).order_by("-year", "-revision").first()
    measure = Measure.objects.filter(plan=plan).order_by("number").first()
    commitment = Commitment.objects.filter(agreement=draft).order_by("pk").first()
    case = Case.objects.get(pilot=trysil)
    entry = RegistryEntry.objects.filter(case=case).order_by("number").first()
    report = YearlyReport.objects.order_by("pk").first()
    return {
        "plan": plan,
        "measure": measure,
        "budget_line": BudgetLine.objects.filter(measure=measure).order_by("pk").first(),
        "commitment": commitment,
        "county_commitment": Commitment.objects.filter(agreement=draft, party=trysil.county_council).order_by("pk").first(),
        "report": report,  # a submitted status report (round 1, Rindal og Holtålen: approved)
        "case": case,
        "entry": entry,
        "document": DocumentObject.objects.filter(description__entry=entry).order_by("pk").first(),
        "letter": Letter.objects.order_by("pk").first(),  # round 2's common letter, sent
        "meeting": Meeting.objects.filter(agreement__pilot__name="Vest-Telemark").first(),
        "attachment": _meeting_attachment(Meeting.objects.filter(agreement__pilot__name="Vest-Telemark").first()),
        "notification": Notification.objects.filter(user__username="kdd").order_by("pk").first(),
        "decision": AnchoringDecision.objects.filter(agreement=draft).order_by("pk").first(),
        "response": StateResponse.objects.filter(agreement__pilot__name="Vest-Telemark").get(),
        "milestone": trysil.round.milestones.order_by("date").first(),
        "round": trysil.round,
        "round1": Round.objects.get(number=1),
        "pilot": trysil,
        "draft": trysil.agreement,
        "approved": Agreement.objects.filter(state="approved").order_by("pk").first(),
        "organisation": trysil.lead_municipality,
        "token": token,
    }


def _meeting_attachment(meeting):
    """A document attached to the Vest-Telemark meeting (the demo has none): made here, inside the matrix
    module's rolled-back transaction."""
    from django.core.files.base import ContentFile

    from bygdevekst.meetings.models import Attachment

    found = meeting.attachments.order_by("pk").first()
    if found is None:
        content = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
        found = Attachment(meeting=meeting, title="Presentasjon", filename="presentasjon.pdf",
                           sha256=hashlib.sha256(content).hexdigest())  # (a download checks it)
        found.file.save("matrix-presentasjon.pdf", ContentFile(content), save=False)
        found.save()
    return found


def pk(name):
    return lambda objects: {"pk": objects[name].pk}


def ROUND2(objects):  # noqa: N802  reads like a constant in the table
    return {"number": objects["round"].number}


def _kw(**spec):
    """_kw(pk="plan") → kwargs from the demo objects; a value "name.attr" takes an attribute, a non-str is literal."""
    def make(objects):
        out = {}
        for key, ref in spec.items():
            if not isinstance(ref, str) or ref.startswith("="):
                out[key] = ref.removeprefix("=") if isinstance(ref, str) else ref
                continue
            name, _, attr = ref.partition(".")
            out[key] = getattr(objects[name], attr or "pk")
        return out
    return make




def pending_invitation(objects):
    """A pending invitation to the Trysil pilot for a new address (municipal staff in Trysil kommune), made in the
    test's transaction, and its raw token (only the hash is stored, so each call makes its own)."""
    from django.utils import timezone

    from bygdevekst.accounts.invitations import VALIDITY, new_token
    from bygdevekst.accounts.models import Invitation, User
    from bygdevekst.organisations.enums import Role

    raw, digest = new_token()
    invitation = Invitation.objects.create(
        pilot=objects["pilot"], email="invitert.matrise@demo.example", name="Invitert Matrise",
        organisation=objects["pilot"].lead_municipality, role=Role.MUNICIPAL_STAFF, token_hash=digest,
        invited_by=User.objects.get(username="trysil"), expires_at=timezone.now() + VALIDITY,
    )
    return invitation, raw


DRAFT = _kw(pk="draft")
DRAFT_ID = _kw(agreement_id="draft")
COMMITMENT = _kw(pk="draft", kind="=commitment", uid="commitment.uid")
KW = {
    "actionplans:adopt": _kw(pk="plan"), "actionplans:budget_add": _kw(measure_pk="measure"),
    "actionplans:budget_delete": _kw(pk="budget_line"), "actionplans:budget_edit": _kw(pk="budget_line"),
    "actionplans:export_docx": _kw(pk="plan"), "actionplans:export_pdf": _kw(pk="plan"),
    "actionplans:export_xlsx": _kw(pk="plan"), "actionplans:goals": DRAFT, "actionplans:import": DRAFT,
    "actionplans:measure": _kw(pk="measure"), "actionplans:measure_add": _kw(plan_pk="plan"),
    "actionplans:measure_delete": _kw(pk="measure"), "actionplans:measure_edit": _kw(pk="measure"),
    "actionplans:measure_status": _kw(pk="measure"), "actionplans:new_year": _kw(pk="plan"),
    "actionplans:plan": _kw(pk="plan"), "actionplans:report": _kw(pk="report"),
    "actionplans:report_meeting": _kw(pk="report"), "actionplans:report_submit": _kw(pk="report"),
    "actionplans:reports": DRAFT, "actionplans:start": DRAFT,
    "agreements:comment_create": _kw(pk="draft", number=2),
    "agreements:comment_reopen": _kw(pk="draft", comment_id=999999),
    "agreements:comment_resolve": _kw(pk="draft", comment_id=999999),
    "agreements:compare_pdf": DRAFT, "agreements:compare_docx": DRAFT, "agreements:element_edit": COMMITMENT,
    "agreements:partner_comment": _kw(pk="draft", number=2),
    "agreements:element_move": COMMITMENT, "agreements:element_new": _kw(pk="draft", kind="=commitment"),
    "agreements:element_remove": COMMITMENT, "agreements:freeze": DRAFT, "agreements:overview": DRAFT,
    "agreements:version": _kw(pk="draft", number=2), "agreements:version_docx": _kw(pk="draft", number=2),
    "agreements:version_pdf": _kw(pk="draft", number=2),
    "api:compare_versions": DRAFT_ID, "api:create_comment": DRAFT_ID, "api:create_decision": DRAFT_ID,
    "api:export_xlsx": DRAFT_ID, "api:get_current_plan": DRAFT_ID, "api:get_entry": _kw(entry_id="entry"),
    "api:get_version": _kw(agreement_id="draft", number=2), "api:import_xlsx": DRAFT_ID,
    "api:list_comments": DRAFT_ID, "api:list_decisions": DRAFT_ID, "api:list_entries": None,
    "api:list_measures": _kw(plan_id="plan"), "api:list_plans": DRAFT_ID, "api:list_versions": DRAFT_ID,
    "api:post_transition": DRAFT_ID,
    "api:get_response": _kw(agreement_id="response.agreement_id", response_id="response.pk"),
    "api:approve_state_response": _kw(agreement_id="response.agreement_id", response_id="response.pk"),
    "correspondence:case": _kw(pk="case"),
    "correspondence:download": _kw(pk="document", filename="document.filename"),
    "correspondence:entry": _kw(pk="entry"), "correspondence:export_case": _kw(pk="case"),
    "correspondence:export_range": None, "correspondence:letter": _kw(pk="letter"),
    "correspondence:letter_approve": _kw(pk="letter"), "correspondence:letter_edit": _kw(pk="letter"),
    "correspondence:letter_preview": _kw(pk="letter"),
    "meetings:add_item": _kw(pk="meeting"), "meetings:add_participant": _kw(pk="meeting"),
    "meetings:detail": _kw(pk="meeting"), "meetings:edit": _kw(pk="meeting"), "meetings:outcomes": _kw(pk="meeting"),
    "meetings:cancel": _kw(pk="meeting"),
    "meetings:answer": _kw(pk="meeting"), "meetings:minutes": _kw(pk="meeting"),
    "meetings:minutes_pdf": _kw(pk="meeting"), "meetings:minutes_docx": _kw(pk="meeting"),
    "meetings:register_minutes": _kw(pk="meeting"), "meetings:attach": _kw(pk="meeting"),
    "meetings:attachment": _kw(pk="meeting", doc="attachment"),
    "meetings:withdraw_attachment": _kw(pk="meeting", doc="attachment"),
    "notifications:read": _kw(pk="notification"),
    "process:add_addendum": DRAFT, "process:partner_confirm": DRAFT,
    "process:approve_addendum": _kw(pk="draft", number=1),
    "process:send_addendum": _kw(pk="draft", number=1), "process:approve_response": _kw(pk="response"),
    "process:confirm_commitments": DRAFT,
    "process:confirm_county_commitment": _kw(pk="draft", uid="county_commitment.uid"),
    "process:county_role": DRAFT, "process:edit_response": DRAFT, "process:minutes": _kw(pk="decision"),
    "process:publish_response": _kw(pk="response"), "process:record_decision": DRAFT,
    "process:record_exception": DRAFT, "process:response": _kw(pk="response"), "process:sign": DRAFT,
    "process:signed_copy": DRAFT, "process:transition": DRAFT,
    "programme:milestone_edit": _kw(pk="milestone"),
}

KW["agreements:element_new"] = _kw(pk="draft", kind="=section")
KW["api:correct_decision_api"] = KW["api:withdraw_decision_api"] = _kw(agreement_id="draft", decision_id="decision")
KW["process:correct_record"] = KW["process:withdraw_record"] = _kw(pk="draft", kind="=decision", record_pk="decision")


# Common rows
KDD_FORM = expect(403, anonymous=302, **{"200": KDD})
NOT_POST = everyone(405)
OUTSIDERS = {"smola", "vinje", "kafjord", "solund"}
EDITORS = {"trysil", "admin"}  # the project manager edits the Trysil draft; the administrator may do anything the guards allow
STATSFORVALTER = "statsforvalter-innlandet"
POLITICIAN = "politiker-trysil"
VEST_TELEMARK = KDD | {"vinje"}  # the demo meeting and state response belong to Vest-Telemark


def draft_view(status=200):
    """The Trysil draft and what hangs on it: its people see it, outsiders and the public get 404."""
    return expect(404, **{str(status): TRYSIL})


def draft_edit(status):
    """Work on the Trysil draft: the project manager (and administrator); its other readers 403, outsiders 404."""
    return expect(404, **{"403": TRYSIL, str(status): EDITORS})


def draft_kdd(status):
    """KDD's own work on the Trysil draft: the draft's other readers 403, outsiders 404."""
    return expect(404, **{"403": TRYSIL, str(status): KDD})


def API_COMMENT(objects):  # noqa: N802  a body in the table
    return {"version": 2, "target_kind": "commitment", "target_uid": str(objects["commitment"].uid), "body": "Matrix"}


def API_DECISION(objects):  # noqa: N802
    return {"organisation": objects["pilot"].county_council_id, "body": "fylkesting", "meeting_date": "2024-11-21"}


API_COMMENT_POST = expect(404, **{"201": TRYSIL - {STATSFORVALTER}, "403": {STATSFORVALTER}})
API_DECISION_POST = expect(404, **{"409": KDD | {"trysil", "innlandet"}, "403": {STATSFORVALTER, POLITICIAN}})


def API_MEASURE(objects):  # noqa: N802  a body in the table
    return {"title": "Matrix"}


def API_BUDGET_LINE(objects):  # noqa: N802
    line = objects["budget_line"]
    return {"year": line.year, "source": line.source, "organisation": line.organisation_id, "planned": 1}


def API_LETTER(objects):  # noqa: N802
    return {"round": objects["round"].pk, "title": "Matrix", "body": "Matrix",
            "case_officer": _kdd_case_officer(), "signatories": [{"name": "Matrix", "title": "Matrix"}]}


def _kdd_case_officer():
    from bygdevekst.accounts.models import User

    return User.objects.get(username="kdd").pk


def API_RECIPIENTS(objects):  # noqa: N802
    return {"recipients": [objects["pilot"].lead_municipality_id], "lock_version": objects["letter"].lock_version}


def API_INVITATION(objects):  # noqa: N802
    return {"name": "Matrix", "email": "matrix.api@demo.example", "role": "municipal_staff",
            "organisation": objects["pilot"].lead_municipality_id}


def DELIVERY(objects):  # noqa: N802
    return {"delivery_id": objects["letter"].deliveries.order_by("pk").first().pk}


SUBMITTED_REPORT = expect(404, **{"403": {"kdd", "kdd2"}, "409": {"admin"}})
# The API uses only these methods; test_every_api_operation_uses_declared_methods keeps it so, so the matrix's
# GET and POST of every api: route cover every operation × method.
API_METHODS_COVERED = {"GET", "POST"}

READ_ONLY = Route(GET=everyone(200), note="read-only page (require_safe: POST 405)")

ROUTES = {
    # ---- Foundation pages ----
    "healthz": Route(GET=everyone(200), POST=everyone(200), note="health check for the load balancer"),
    "programme:home": READ_ONLY,
    "programme:round": Route(GET=everyone(200), kwargs=pk("round"), note=READ_ONLY.note),
    "programme:pilot": Route(GET=everyone(200), kwargs=pk("pilot"), note=READ_ONLY.note),
    "organisations:list": READ_ONLY,
    "organisations:detail": Route(GET=everyone(200), kwargs=pk("organisation"), note=READ_ONLY.note),
    "agreements:detail": Route(
        GET=draft_view(), kwargs=pk("draft"),
        note="a draft: its parties, KDD and the state administrator; outsiders and the public 404",
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
    # Invitations (issue 5): the link itself is the permission; a logged-in user is someone else (403)
    "accounts:invitation": Route(
        GET=expect(403, anonymous=200), POST=expect(403, anonymous=400),
        kwargs=lambda o: {"token": pending_invitation(o)[1]},
        note="a pending invitation for a new address: the new-account form (an empty POST is a bad form); "
             "anyone logged in is someone else: 403",
    ),
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
    "search:search": Route(GET=everyone(200), note="search through the visibility rules"),
    "opendata:index": Route(GET=everyone(200)),
    "opendata:agreements_json": Route(GET=everyone(200), kwargs=ROUND2),
    "opendata:agreements_csv": Route(GET=everyone(200), kwargs=ROUND2),
    "opendata:action_plans_json": Route(GET=everyone(200), kwargs=ROUND2),
    "opendata:action_plans_csv": Route(GET=everyone(200), kwargs=ROUND2),
    "opendata:agreement_version": Route(GET=everyone(200), kwargs=lambda o: {
        "number": o["approved"].pilot.round.number, "agreement_id": o["approved"].pk,
        "version": o["approved"].versions.filter(kind="final").latest("number").number}),
    "programme:round_ics": Route(GET=everyone(200), kwargs=pk("round"), note=READ_ONLY.note),
    "programme:timeline": Route(GET=everyone(200), kwargs=pk("round"), note=READ_ONLY.note),
    "programme:round_export": Route(GET=KDD_FORM, kwargs=lambda o: {"pk": o["round"].pk, "kind": "matrix",
                                                                   "fmt": "xlsx"}, note="the round's tables: KDD"),
    "programme:pilot_ics": Route(GET=everyone(200), kwargs=pk("pilot"), note=READ_ONLY.note),
    "programme:round_create": Route(GET=KDD_FORM, POST=KDD_FORM, note="anonymous: to the login page"),
    "programme:round_edit": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=pk("round")),
    "programme:pilot_edit": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=pk("pilot")),
    "programme:pilot_create": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=lambda o: {"round_pk": o["round"].pk}),
    "programme:milestone_create": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=lambda o: {"round_pk": o["round"].pk}),
    "programme:milestone_edit": Route(GET=KDD_FORM, POST=KDD_FORM, kwargs=KW["programme:milestone_edit"],
                                      note="an empty POST re-shows the form"),
    "agreements:start": Route(
        POST=login_required(403), kwargs=lambda o: {"pilot_pk": o["pilot"].pk},
        note="starts a pilot's agreement (PM, KDD, admin) only while it has none: Trysil has one, so 403 "
             "with the reason (tests/agreements/test_start.py walks the allowed path)",
    ),
    "programme:people": Route(
        GET=expect(404, anonymous=302, **{"403": TRYSIL, "200": EDITORS}),
        POST=expect(404, anonymous=302, **{"403": TRYSIL, "400": EDITORS}), kwargs=pk("pilot"),
        note="the pilot's people and invitations (programme.invite_people): the project manager and the "
             "administrator; KDD and the pilot's other people 403, outsiders 404; an empty POST is a bad form",
    ),
    "programme:invitation_revoke": Route(
        GET=login_required(405), POST=expect(404, anonymous=302, **{"403": TRYSIL, "302": EDITORS}),
        kwargs=lambda o: {"pk": o["pilot"].pk, "invitation_pk": pending_invitation(o)[0].pk},
        note="a pending invitation to the Trysil pilot: its project manager and the administrator revoke it",
    ),
    "meetings:list": Route(GET=KDD_FORM, note="KDD's meetings; anonymous: to the login page"),
    "meetings:create": Route(GET=KDD_FORM, POST=KDD_FORM),
    "notifications:list": Route(GET=login_required(200), note="each user's own notifications"),
    "notifications:read_all": Route(GET=expect(405, anonymous=302), POST=login_required(302)),
    "notifications:settings": Route(GET=login_required(200), POST=login_required(200)),
    "actionplans:overview": Route(GET=KDD_FORM, note="every plan of the round: KDD"),
    "actionplans:overview_csv": Route(GET=KDD_FORM),
    "actionplans:overview_xlsx": Route(GET=KDD_FORM),
    "actionplans:agreement": Route(GET=draft_view(302), kwargs=pk("draft"),
                                   note="redirects to the agreement's current plan"),
    "agreements:versions": Route(GET=draft_view(), kwargs=pk("draft")),
    "agreements:open_threads": Route(GET=draft_view(), kwargs=pk("draft"), note="the draft's open comment threads"),
    "agreements:compare": Route(GET=draft_view(), kwargs=pk("draft")),
    "agreements:editor": Route(
        GET=expect(404, **{"403": TRYSIL, "200": {"trysil", "admin"}}),
        POST=expect(404, **{"403": TRYSIL, "200": {"trysil", "admin"}}),
        kwargs=pk("draft"), note="the project manager edits the draft; its other readers 403, outsiders 404",
    ),
    "process:agreement": Route(GET=draft_view(), kwargs=pk("draft")),
    "process:matrix_current": Route(GET=KDD_FORM, note="the anchoring matrix: KDD"),
    "process:matrix": Route(GET=KDD_FORM, kwargs=pk("round")),
    "correspondence:cases": Route(GET=login_required(200), note="each user sees the cases of their pilots"),
    "correspondence:letters": Route(GET=expect(404, anonymous=302, **{"200": KDD}), note="KDD's letters"),
    "correspondence:letter_new": Route(GET=expect(404, anonymous=302, **{"200": KDD}),
                                       POST=expect(404, anonymous=302, **{"200": KDD})),
    "api:search_api": Route(GET=everyone(422), note="without ?q= a 422 problem"),
    "api:list_cases": Route(GET=everyone(200)),
    # ---- Second pass: the feature apps (decided from the rules; objects from demo_objects()) ----
    # Action plans: the Trysil draft's plan
    "actionplans:plan": Route(GET=draft_view(), kwargs=KW["actionplans:plan"]),
    "actionplans:goals": Route(GET=draft_view(), kwargs=KW["actionplans:goals"]),
    "actionplans:measure": Route(GET=draft_view(), kwargs=KW["actionplans:measure"], note="a measure's history"),
    "actionplans:export_docx": Route(GET=draft_view(), kwargs=KW["actionplans:export_docx"]),
    "actionplans:export_pdf": Route(GET=draft_view(), kwargs=KW["actionplans:export_pdf"]),
    "actionplans:export_xlsx": Route(GET=draft_view(), kwargs=KW["actionplans:export_xlsx"]),
    "actionplans:start": Route(POST=draft_edit(302), kwargs=KW["actionplans:start"]),
    "actionplans:adopt": Route(POST=draft_edit(302), kwargs=KW["actionplans:adopt"]),
    "actionplans:new_year": Route(POST=draft_edit(302), kwargs=KW["actionplans:new_year"]),
    "actionplans:import": Route(GET=draft_edit(200), POST=draft_edit(200), kwargs=KW["actionplans:import"],
                                note="an empty POST re-shows the form"),
    "actionplans:measure_add": Route(GET=draft_edit(200), POST=draft_edit(422), kwargs=KW["actionplans:measure_add"],
                                     note="an empty form: 422 with the error summary"),
    "actionplans:measure_edit": Route(GET=draft_edit(200), POST=draft_edit(422), kwargs=KW["actionplans:measure_edit"]),
    "actionplans:measure_delete": Route(POST=draft_edit(302), kwargs=KW["actionplans:measure_delete"]),
    "actionplans:measure_status": Route(POST=draft_edit(302), kwargs=KW["actionplans:measure_status"]),
    "actionplans:budget_add": Route(GET=draft_edit(200), POST=draft_edit(422), kwargs=KW["actionplans:budget_add"]),
    "actionplans:budget_edit": Route(GET=draft_edit(200), POST=draft_edit(422), kwargs=KW["actionplans:budget_edit"]),
    "actionplans:budget_delete": Route(POST=draft_edit(302), kwargs=KW["actionplans:budget_delete"]),
    "actionplans:reports": Route(GET=draft_view(), POST=draft_edit(200), kwargs=KW["actionplans:reports"],
                                 note="the project manager starts a yearly report here"),
    # A submitted 2024 report of round 1 (Rindal og Holtålen): none of the round-2 users is a party.
    "actionplans:report": Route(GET=expect(404, **{"200": KDD}), POST=expect(404, **{"403": {"kdd", "kdd2"}, "422": {"admin"}}),
                                kwargs=KW["actionplans:report"], note="round 1: KDD reads; only the administrator may edit"),
    "actionplans:report_submit": Route(POST=expect(404, **{"403": {"kdd", "kdd2"}, "302": {"admin"}}),
                                       kwargs=KW["actionplans:report_submit"]),
    "actionplans:report_meeting": Route(POST=expect(404, **{"403": {"kdd", "kdd2"}, "302": {"admin"}}),
                                        kwargs=KW["actionplans:report_meeting"]),
    # Agreements: editing, versions and comments of the Trysil draft
    "agreements:overview": Route(GET=draft_edit(200), POST=draft_edit(200), kwargs=KW["agreements:overview"],
                                 note="an empty POST re-shows the form"),
    "agreements:element_new": Route(GET=draft_edit(200), POST=draft_edit(400), kwargs=KW["agreements:element_new"]),
    "agreements:element_edit": Route(GET=draft_edit(200), POST=draft_edit(400), kwargs=KW["agreements:element_edit"]),
    "agreements:element_move": Route(POST=draft_edit(409), kwargs=KW["agreements:element_move"],
                                     note="without lock_version: 409, the edit conflict page"),
    "agreements:element_remove": Route(POST=draft_edit(409), kwargs=KW["agreements:element_remove"]),
    "agreements:freeze": Route(POST=draft_edit(400), kwargs=KW["agreements:freeze"], note="an empty POST is a bad form"),
    "agreements:version": Route(GET=draft_view(), kwargs=KW["agreements:version"]),
    "agreements:version_pdf": Route(GET=draft_view(), kwargs=KW["agreements:version_pdf"]),
    "agreements:version_docx": Route(GET=draft_view(), kwargs=KW["agreements:version_docx"]),
    "agreements:compare_pdf": Route(GET=draft_view(), kwargs=KW["agreements:compare_pdf"], query="?from=1&to=2"),
    "agreements:compare_docx": Route(GET=draft_view(), kwargs=KW["agreements:compare_docx"], query="?from=1&to=2"),
    "agreements:comment_create": Route(
        POST=expect(404, **{"302": TRYSIL - {STATSFORVALTER}, "403": {STATSFORVALTER}}),
        kwargs=KW["agreements:comment_create"], note="the parties and KDD comment; the state administrator reads",
    ),
    # The partner page (issue 5): Husbanken's sub-goals of the latest version; KDD and the administrator too
    "agreements:partner": Route(GET=expect(404, **{"200": PARTNER_PAGE}), kwargs=pk("draft"),
                                note="a cooperation partner's sub-goals only; the draft's other readers and outsiders 404"),
    "agreements:partner_comment": Route(
        POST=expect(404, **{"302": PARTNER_PAGE}), kwargs=KW["agreements:partner_comment"],
        note="an empty POST: back to the partner page with the form's error; a target outside the partner's "
             "sub-goals is 403 (tests/security/test_partner.py)",
    ),
    "agreements:comment_resolve": Route(POST=everyone(404), kwargs=KW["agreements:comment_resolve"],
                                        note="no such comment: 404 (covered with real comments in tests/agreements)"),
    "agreements:comment_reopen": Route(POST=everyone(404), kwargs=KW["agreements:comment_reopen"],
                                       note="no such comment: 404 (covered with real comments in tests/agreements)"),
    # Process: the Trysil draft, the Vest-Telemark response
    "process:transition": Route(POST=draft_edit(302), kwargs=KW["process:transition"],
                                data={"action": "submit", "confirm": "1"},
                                note="submit: the project manager; readers 403 (the guards' refusal is a redirect)"),
    "process:county_role": Route(POST=draft_edit(302), kwargs=KW["process:county_role"]),
    "process:confirm_county_commitment": Route(
        POST=expect(404, **{"403": TRYSIL - {"innlandet"}, "302": EDITORS | {"innlandet"}}),
        kwargs=KW["process:confirm_county_commitment"],
        note="R3: the project manager or the county council's own officer confirms a flagged commitment",
    ),
    "process:confirm_commitments": Route(
        GET=expect(404, **{"200": KDD | {"trysil", "innlandet"}, "403": {STATSFORVALTER, POLITICIAN}}),
        POST=expect(404, **{"200": KDD | {"trysil", "innlandet"}, "403": {STATSFORVALTER, POLITICIAN}}),
        kwargs=KW["process:confirm_commitments"], note="the parties confirm their own commitments",
    ),
    "process:partner_confirm": Route(
        POST=expect(404, **{"302": PARTNER_PAGE}), kwargs=KW["process:partner_confirm"],
        note="the partner confirms its commitments from the partner page; an empty POST: back with the errors",
    ),
    "process:record_decision": Route(
        GET=expect(404, **{"200": KDD | {"trysil", "innlandet"}, "403": {STATSFORVALTER, POLITICIAN}}),
        POST=expect(404, **{"200": KDD | {"trysil", "innlandet"}, "403": {STATSFORVALTER, POLITICIAN}}),
        kwargs=KW["process:record_decision"], note="an empty POST re-shows the form",
    ),
    "process:record_exception": Route(GET=draft_kdd(200), POST=draft_kdd(200), kwargs=KW["process:record_exception"]),
    "process:correct_record": Route(
        GET=expect(404, **{"200": KDD | {"trysil"}, "403": {STATSFORVALTER, POLITICIAN, "innlandet"}}),
        POST=expect(404, **{"200": KDD | {"trysil"}, "403": {STATSFORVALTER, POLITICIAN, "innlandet"}}),
        kwargs=KW["process:correct_record"],
        note="R9: whoever records decisions for that organisation, or KDD; the county officer records only the "
             "county's; an empty POST re-shows the form",
    ),
    "process:withdraw_record": Route(
        GET=expect(404, **{"200": KDD | {"trysil"}, "403": {STATSFORVALTER, POLITICIAN, "innlandet"}}),
        POST=expect(404, **{"200": KDD | {"trysil"}, "403": {STATSFORVALTER, POLITICIAN, "innlandet"}}),
        kwargs=KW["process:withdraw_record"], note="R9: as correcting; an empty POST (no reason) re-shows the form",
    ),
    "process:minutes": Route(GET=everyone(404), kwargs=KW["process:minutes"],
                             note="the demo decision has no minutes file: 404 (tested in tests/process)"),
    "process:edit_response": Route(GET=draft_kdd(302), POST=draft_kdd(302), kwargs=KW["process:edit_response"],
                                   note="KDD: a draft has no response yet, back to the process page"),
    "process:response": Route(GET=expect(404, **{"200": VEST_TELEMARK}), kwargs=KW["process:response"]),
    "process:approve_response": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}),
                                      kwargs=KW["process:approve_response"]),
    "process:publish_response": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}),
                                      kwargs=KW["process:publish_response"]),
    "process:sign": Route(GET=draft_kdd(302), POST=draft_kdd(302), kwargs=KW["process:sign"],
                          note="KDD: not approved yet, back to the process page"),
    "process:signed_copy": Route(GET=everyone(404), kwargs=KW["process:signed_copy"], note="not signed: 404"),
    "process:add_addendum": Route(GET=draft_kdd(302), POST=draft_kdd(302), kwargs=KW["process:add_addendum"],
                                  note="KDD: addenda only to approved agreements, back to the process page"),
    "process:send_addendum": Route(POST=expect(404, **{"403": TRYSIL - KDD}), kwargs=KW["process:send_addendum"],
                                   note="no addendum 1: KDD 404; the draft's readers are refused first (403)"),
    "process:approve_addendum": Route(POST=expect(404, **{"403": TRYSIL - KDD}), kwargs=KW["process:approve_addendum"],
                                      note="no addendum 1: KDD 404; the draft's readers are refused first (403)"),
    # Meetings: the Vest-Telemark dialogue meeting
    "meetings:detail": Route(GET=expect(404, **{"200": VEST_TELEMARK}), kwargs=KW["meetings:detail"]),
    "meetings:edit": Route(GET=expect(404, **{"200": KDD, "403": {"vinje"}}),
                           POST=expect(404, **{"200": KDD, "403": {"vinje"}}), kwargs=KW["meetings:edit"]),
    "meetings:add_participant": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}),
                                      kwargs=KW["meetings:add_participant"]),
    "meetings:add_item": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}), kwargs=KW["meetings:add_item"]),
    "meetings:outcomes": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}), kwargs=KW["meetings:outcomes"]),
    "meetings:cancel": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}), kwargs=KW["meetings:cancel"],
                             note="cancels and sends METHOD:CANCEL"),
    "meetings:answer": Route(GET=expect(404, anonymous=302, **{"200": {"kdd", "kdd2", "vinje"}, "403": {"admin"}}),
                             POST=expect(404, anonymous=302, **{"400": {"kdd", "kdd2", "vinje"}, "403": {"admin"}}),
                             kwargs=KW["meetings:answer"],
                             note="the participants' people (KDD answers for the ministry, a party); an empty POST "
                                  "is a bad form; the administrator belongs to no participant"),
    "meetings:minutes": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}), kwargs=KW["meetings:minutes"],
                              note="an empty POST is refused with a message, back to the page"),
    "meetings:minutes_pdf": Route(GET=expect(404, **{"200": VEST_TELEMARK}), kwargs=KW["meetings:minutes_pdf"]),
    "meetings:minutes_docx": Route(GET=expect(404, **{"200": VEST_TELEMARK}), kwargs=KW["meetings:minutes_docx"]),
    "meetings:register_minutes": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}),
                                       kwargs=KW["meetings:register_minutes"],
                                       note="no minutes written yet: refused, back to the page"),
    "meetings:attach": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}), kwargs=KW["meetings:attach"],
                             note="an empty POST is refused with a message, back to the page"),
    "meetings:attachment": Route(GET=expect(404, **{"200": VEST_TELEMARK}), kwargs=KW["meetings:attachment"]),
    "meetings:withdraw_attachment": Route(POST=expect(404, **{"302": KDD, "403": {"vinje"}}),
                                          kwargs=KW["meetings:withdraw_attachment"],
                                          note="an empty POST gives no reason: refused, back to the page"),
    # A person's own calendar address
    "calendar:mine": Route(GET=login_required(200)),
    "calendar:create_token": Route(POST=login_required(200), note="shows the new address once"),
    "calendar:revoke_token": Route(POST=login_required(302)),
    "calendar:feed": Route(GET=everyone(404), url="/calendar/cal_unknown.ics",
                           note="an unknown or revoked address; a valid one: tests/meetings/test_feeds.py"),
    # Notifications: one of kdd's
    "notifications:read": Route(GET=expect(405, anonymous=302), POST=expect(404, anonymous=302, **{"302": {"kdd"}}),
                                kwargs=KW["notifications:read"], note="only its owner; anyone else 404"),
    # Correspondence: the Trysil case, round 2's letter
    "correspondence:case": Route(GET=draft_view(), kwargs=KW["correspondence:case"]),
    "correspondence:entry": Route(GET=draft_view(), kwargs=KW["correspondence:entry"]),
    "correspondence:download": Route(GET=draft_view(), kwargs=KW["correspondence:download"]),
    "correspondence:export_case": Route(GET=draft_kdd(200), kwargs=KW["correspondence:export_case"]),
    "correspondence:export_range": Route(GET=KDD_FORM, note="the archive package: KDD"),
    "correspondence:letter": Route(GET=expect(404, **{"200": KDD}), kwargs=KW["correspondence:letter"]),
    "correspondence:letter_preview": Route(GET=expect(404, **{"200": KDD}), kwargs=KW["correspondence:letter_preview"]),
    "correspondence:letter_edit": Route(GET=expect(404, **{"403": KDD}),
                                        POST=expect(404, **{"403": KDD}),
                                        kwargs=KW["correspondence:letter_edit"],
                                        note="the letter is sent: no one, the administrator included, edits it"),
    "correspondence:letter_approve": Route(POST=expect(404, **{"403": KDD}),
                                           kwargs=KW["correspondence:letter_approve"],
                                           note="the letter is sent: no one, the administrator included, approves it"),
    # ---- API, second pass: GET and POST of every operation (API_METHODS_COVERED: the API has no others) ----
    "api:list_versions": Route(GET=draft_view(), kwargs=KW["api:list_versions"]),
    "api:agreement_history": Route(GET=draft_view(), kwargs=DRAFT_ID,
                                   note="the agreement page's history in words: its readers, KDD, the administrator"),
    "api:get_version": Route(GET=draft_view(), kwargs=KW["api:get_version"]),
    "api:compare_versions": Route(GET=draft_view(), kwargs=KW["api:compare_versions"], query="?from=1&to=2"),
    "api:list_comments": Route(GET=draft_view(), POST=API_COMMENT_POST, kwargs=KW["api:list_comments"],
                               json=API_COMMENT, note="GET and POST share this path with api:create_comment"),
    "api:create_comment": Route(GET=draft_view(), POST=API_COMMENT_POST, kwargs=KW["api:create_comment"],
                                json=API_COMMENT, note="the state administrator reads, does not comment"),
    "api:list_decisions": Route(GET=draft_view(), POST=API_DECISION_POST, kwargs=KW["api:list_decisions"],
                                data=API_DECISION, note="GET and POST share this path with api:create_decision"),
    "api:create_decision": Route(GET=draft_view(), POST=API_DECISION_POST, kwargs=KW["api:create_decision"],
                                 data=API_DECISION, note="409: Innlandet's decision is already recorded (a reason)"),
    "api:correct_decision_api": Route(
        POST=expect(404, **{"409": KDD | {"trysil"}, "403": {STATSFORVALTER, POLITICIAN, "innlandet"}}),
        kwargs=KW["api:correct_decision_api"], data=lambda objects: {**API_DECISION(objects), "correction_reason": "Feil"},
        note="R9: 409: the correction names another organisation than the decision's (a reason)",
    ),
    "api:withdraw_decision_api": Route(
        POST=expect(404, **{"409": KDD | {"trysil"}, "403": {STATSFORVALTER, POLITICIAN, "innlandet"}}),
        kwargs=KW["api:withdraw_decision_api"], json={"reason": " "},
        note="R9: 409: a withdrawal with a blank reason is refused, with the reason (an empty one fails the schema: 422)",
    ),
    "api:post_transition": Route(POST=expect(404, **{"403": TRYSIL, "409": EDITORS}), kwargs=KW["api:post_transition"],
                                 json={"action": "submit"}, note="409: the guards refuse, with reasons"),
    "api:get_response": Route(GET=expect(404, **{"200": KDD}), kwargs=KW["api:get_response"],
                              note="the state's response through the API is KDD's: drafts are internal"),
    "api:approve_state_response": Route(
        POST=expect(404, **{"409": KDD, "403": {"vinje"}}), kwargs=KW["api:approve_state_response"],
        json={"shown_sha256": "0" * 64},
        note="409: Vest-Telemark's response is published (and kdd wrote it); R10 409s in tests/process"),
    "api:get_current_plan": Route(GET=draft_view(), POST=draft_edit(200), kwargs=KW["api:get_current_plan"],
                                  note="POST shares this path with api:start_plan"),
    "api:list_plans": Route(GET=draft_view(), kwargs=KW["api:list_plans"]),
    "api:list_measures": Route(GET=draft_view(), POST=draft_edit(201), kwargs=KW["api:list_measures"],
                               json=API_MEASURE, note="POST shares this path with api:create_measure"),
    "api:export_xlsx": Route(GET=draft_view(), kwargs=KW["api:export_xlsx"]),
    "api:import_xlsx": Route(POST=everyone(422), kwargs=KW["api:import_xlsx"],
                             note="without a file django-ninja refuses the request (422) before the view; "
                                  "permissions with a file: tests/actionplans"),
    "api:list_entries": Route(GET=everyone(200), note="the public journal: each caller sees what they may"),
    "api:get_entry": Route(GET=draft_view(), kwargs=KW["api:get_entry"]),
    # ---- API: action plans written, letters, people, notifications, tasks (GET and POST of every operation) ----
    "api:start_plan": Route(GET=draft_view(), POST=draft_edit(200), kwargs=DRAFT_ID,
                            note="the current plan, started if there is none: the project manager"),
    "api:create_measure": Route(GET=draft_view(), POST=draft_edit(201), kwargs=_kw(plan_id="plan"), json=API_MEASURE,
                                note="the page's measure form: the project manager; readers 403, outsiders 404"),
    "api:adopt": Route(POST=draft_edit(200), kwargs=_kw(plan_id="plan")),
    "api:new_year": Route(POST=draft_edit(201), kwargs=_kw(plan_id="plan"), json={"year": 2099}),
    "api:get_measure": Route(GET=draft_view(), POST=draft_edit(200), kwargs=_kw(measure_id="measure"),
                             json=API_MEASURE, note="POST shares this path with api:update_measure"),
    "api:update_measure": Route(GET=draft_view(), POST=draft_edit(200), kwargs=_kw(measure_id="measure"),
                                json=API_MEASURE, note="without lock_version: no lock check, as the page's form"),
    "api:remove_measure": Route(POST=draft_edit(200), kwargs=_kw(measure_id="measure")),
    "api:change_measure_status": Route(POST=draft_edit(200), kwargs=_kw(measure_id="measure"),
                                       json={"status": "in_progress", "note": "Matrix"}),
    "api:create_budget_line": Route(POST=draft_edit(201), kwargs=_kw(measure_id="measure"),
                                    json={"year": 2099, "source": "kdd_grant", "planned": 1}),
    "api:update_budget_line": Route(POST=draft_edit(200), kwargs=_kw(line_id="budget_line"), json=API_BUDGET_LINE),
    "api:remove_budget_line": Route(POST=draft_edit(200), kwargs=_kw(line_id="budget_line")),
    "api:list_reports": Route(GET=draft_view(), POST=draft_edit(201), kwargs=DRAFT_ID, json={"year": 2099},
                              note="POST shares this path with api:create_report"),
    "api:create_report": Route(GET=draft_view(), POST=draft_edit(201), kwargs=DRAFT_ID, json={"year": 2099},
                               note="a draft yearly report: the project manager"),
    # The submitted 2024 report of round 1 (as actionplans:report): KDD reads; the administrator is refused (409)
    "api:get_report": Route(GET=expect(404, **{"200": KDD}), POST=SUBMITTED_REPORT, kwargs=_kw(report_id="report"),
                            json={"summary": "Matrix"}, note="POST shares this path with api:save_report_api"),
    "api:save_report_api": Route(GET=expect(404, **{"200": KDD}), POST=SUBMITTED_REPORT,
                                 kwargs=_kw(report_id="report"), json={"summary": "Matrix"},
                                 note="409: the report is submitted and can no longer be changed"),
    "api:submit_report_api": Route(POST=SUBMITTED_REPORT, kwargs=_kw(report_id="report"),
                                   note="409: already submitted"),
    "api:link_report_meeting": Route(POST=expect(404, **{"403": {"kdd", "kdd2"}, "200": {"admin"}}),
                                     kwargs=_kw(report_id="report"), json={"meeting": None},
                                     note="a meeting is linked after submission too (as on the page)"),
    # Letters: KDD's working material, anyone else 404 (as correspondence:letters); round 2's letter is sent
    "api:list_letters": Route(GET=expect(404, **{"200": KDD}), POST=expect(404, **{"201": KDD}), json=API_LETTER,
                              note="POST shares this path with api:create_letter"),
    "api:create_letter": Route(GET=expect(404, **{"200": KDD}), POST=expect(404, **{"201": KDD}), json=API_LETTER,
                               note="a draft with the address list of R8"),
    "api:get_letter": Route(GET=expect(404, **{"200": KDD}), kwargs=_kw(letter_id="letter")),
    "api:change_letter_recipients": Route(
        POST=expect(404, **{"409": KDD}), kwargs=_kw(letter_id="letter"), json=API_RECIPIENTS,
        note="409: the letter is sent (the guard's reason), for the administrator too"),
    "api:approve_letter": Route(POST=expect(404, **{"409": KDD}), kwargs=_kw(letter_id="letter"),
                                json={"shown_sha256": "0" * 64},
                                note="409: the letter is sent; R10 and four eyes in tests/api/test_letters_api.py"),
    "api:list_deliveries": Route(GET=expect(404, **{"200": KDD}), kwargs=_kw(letter_id="letter")),
    "api:get_delivery": Route(GET=expect(404, **{"200": KDD}), kwargs=DELIVERY),
    "api:send_delivery_again": Route(POST=expect(404, **{"409": KDD}), kwargs=DELIVERY,
                                     note="409: the delivery was sent; only a failed one is sent again"),
    # People and invitations (programme.invite_people, as programme:people): the public gets 404, not a login page
    "api:list_people": Route(GET=expect(404, **{"403": TRYSIL, "200": EDITORS}), kwargs=_kw(pilot_id="pilot")),
    "api:list_invitations": Route(GET=expect(404, **{"403": TRYSIL, "200": EDITORS}),
                                  POST=expect(404, **{"403": TRYSIL, "201": EDITORS}), kwargs=_kw(pilot_id="pilot"),
                                  json=API_INVITATION, note="POST shares this path with api:create_invitation"),
    "api:create_invitation": Route(GET=expect(404, **{"403": TRYSIL, "200": EDITORS}),
                                   POST=expect(404, **{"403": TRYSIL, "201": EDITORS}), kwargs=_kw(pilot_id="pilot"),
                                   json=API_INVITATION),
    "api:revoke_invitation": Route(
        POST=expect(404, **{"403": TRYSIL, "200": EDITORS}),
        kwargs=lambda o: {"pilot_id": o["pilot"].pk, "invitation_id": pending_invitation(o)[0].pk},
        note="a pending invitation to the Trysil pilot"),
    # Notifications: each caller's own; the public has none (404)
    "api:list_notifications": Route(GET=expect(200, anonymous=404)),
    "api:read_notification": Route(POST=expect(404, **{"200": {"kdd"}}), kwargs=_kw(notification_id="notification"),
                                   note="only its owner; anyone else 404"),
    "api:read_all_notifications": Route(POST=expect(200, anonymous=404)),
    "api:get_notification_preference": Route(GET=expect(200, anonymous=404), POST=expect(200, anonymous=404),
                                             json={"frequency": "daily"},
                                             note="POST shares this path with api:set_notification_preference"),
    "api:set_notification_preference": Route(GET=expect(200, anonymous=404), POST=expect(200, anonymous=404),
                                             json={"frequency": "daily"}),
    "api:list_tasks": Route(GET=everyone(200), note="the caller's tasks (the front page's); the public has none"),
    "api:problem-not-found": Route(GET=everyone(404), POST=everyone(404), url="/api/v1/no-such-resource",
                                   note="any unknown /api/v1/ path: a 404 problem"),
}


# ---- Webhooks (bygdevekst.webhooks): the administrator's alone (webhooks.manage) ----
def webhook(objects):
    """A webhook endpoint of Trysil kommune with an earlier key still signing and one failed delivery, made in the
    test's transaction (the demo has none)."""
    import datetime

    from django.utils import timezone

    from bygdevekst.webhooks.models import Delivery, Endpoint, Event, SigningKey

    now = timezone.now()
    endpoint = Endpoint.objects.create(organisation=objects["organisation"], url="https://sak.trysil.example/hooks",
                                       events=["proposal.submitted"])
    old = SigningKey.objects.create(endpoint=endpoint, created_at=now - datetime.timedelta(hours=1),
                                    valid_until=now + datetime.timedelta(days=1))
    SigningKey.objects.create(endpoint=endpoint, created_at=now)
    event = Event.objects.create(type="proposal.submitted", time=now, payload={"id": "matrix"})
    delivery = Delivery.objects.create(event=event, endpoint=endpoint, status="failed", attempts=1, failure="refused",
                                       response_code=503, last_error="HTTP 503")
    return {"endpoint": endpoint, "old_key": old, "delivery": delivery}


ADMIN_ONLY = login_required(403) | {"admin": 200}
WEBHOOK = {"organisation": 0, "url": "https://sak.trysil.example/v2", "events": ["proposal.submitted", "letter.sent"]}


def WEBHOOK_JSON(objects):  # noqa: N802  a body in the table
    return {**WEBHOOK, "organisation": objects["organisation"].pk}


def api_admin(status):
    """An /api/v1/webhooks/ operation: the administrator gets `status`, everyone else (anonymous too) 403."""
    return expect(403, **{str(status): {"admin"}})


ROUTES.update({
    "webhooks:endpoints": Route(GET=ADMIN_ONLY, POST=login_required(405), note="administrators only (webhooks.manage)"),
    "webhooks:endpoint_new": Route(GET=ADMIN_ONLY, POST=login_required(403) | {"admin": 400},
                                   note="an empty form is a bad form (400)"),
    "webhooks:endpoint": Route(GET=ADMIN_ONLY, POST=login_required(405), kwargs=lambda o: {"pk": webhook(o)["endpoint"].pk}),
    "webhooks:endpoint_edit": Route(GET=ADMIN_ONLY, POST=login_required(403) | {"admin": 400},
                                    kwargs=lambda o: {"pk": webhook(o)["endpoint"].pk}, note="an empty form: 400"),
    "webhooks:endpoint_delete": Route(GET=login_required(405), POST=login_required(403) | {"admin": 302},
                                      kwargs=lambda o: {"pk": webhook(o)["endpoint"].pk}),
    "webhooks:rotate_key": Route(GET=login_required(405), POST=ADMIN_ONLY, kwargs=lambda o: {"pk": webhook(o)["endpoint"].pk},
                                 note="200: the new secret, shown once"),
    "webhooks:retire_key": Route(GET=login_required(405), POST=login_required(403) | {"admin": 302},
                                 kwargs=lambda o: {"pk": webhook(o)["old_key"].pk}),
    "webhooks:redeliver": Route(GET=login_required(405), POST=login_required(403) | {"admin": 302},
                                kwargs=lambda o: {"pk": webhook(o)["delivery"].pk}),
    "api:list_webhook_endpoints": Route(GET=api_admin(200), POST=api_admin(201), json=WEBHOOK_JSON,
                                        note="GET and POST share this path with api:create_webhook_endpoint"),
    "api:create_webhook_endpoint": Route(GET=api_admin(200), POST=api_admin(201), json=WEBHOOK_JSON,
                                         note="201 with the first key's secret, shown once"),
    "api:get_webhook_endpoint": Route(GET=api_admin(200), POST=api_admin(200), json={"active": False},
                                      kwargs=lambda o: {"endpoint_id": webhook(o)["endpoint"].pk},
                                      note="POST changes the fields given (api:update_webhook_endpoint)"),
    "api:update_webhook_endpoint": Route(GET=api_admin(200), POST=api_admin(200), json={"active": False},
                                         kwargs=lambda o: {"endpoint_id": webhook(o)["endpoint"].pk}),
    "api:delete_webhook_endpoint": Route(GET=everyone(405), POST=api_admin(204),
                                         kwargs=lambda o: {"endpoint_id": webhook(o)["endpoint"].pk}),
    "api:rotate_webhook_key": Route(GET=everyone(405), POST=api_admin(201),
                                    kwargs=lambda o: {"endpoint_id": webhook(o)["endpoint"].pk}),
    "api:retire_webhook_key": Route(
        GET=everyone(405), POST=api_admin(200),
        kwargs=lambda o: (lambda w: {"endpoint_id": w["endpoint"].pk, "key_id": w["old_key"].key_id})(webhook(o)),
        note="the earlier key, still in its grace period (the current key: 409)"),
    "api:list_webhook_deliveries": Route(GET=api_admin(200), kwargs=lambda o: {"endpoint_id": webhook(o)["endpoint"].pk}),
    "api:redeliver_webhook": Route(GET=everyone(405), POST=api_admin(202),
                                   kwargs=lambda o: {"delivery_id": webhook(o)["delivery"].pk}),
})
# ---- API: the draft, comments, process records, the response, signing, addenda, meetings ----
# Schema-valid bodies, so each role meets the permission check and the guards (not the schema); lock_version 0 is
# never the draft's, so an editor's edit is the 409 of someone who saved first and nothing changes.
def _api(**spec):
    return _kw(agreement_id="draft", **spec)


RECORD_999 = {"record_id": 999999}
DRAFT_API_EDIT = draft_edit(409)
PROCESS_READ = draft_view(200)
NO_RECORD = expect(404, **{"403": TRYSIL - KDD - {"trysil", "innlandet"}})  # may correct: 404, no record 999999
VT_MEETING = _kw(meeting_id="meeting")
# R3: the county council's officer, the project manager and the administrator may confirm a flagged county
# commitment; the demo's first county commitment is refused with the reason (409).
COUNTY_CONFIRM = expect(404, **{"409": {"trysil", "innlandet", "admin"},
                                "403": TRYSIL - {"trysil", "innlandet", "admin"}})
# Innlandet's commitments: its officer (and the administrator) confirm them; other parties' people are refused
# with the reason that they do not speak for it (409); readers who are no party 403.
PARTNER_CONFIRM = expect(404, **{"201": {"innlandet", "admin"}, "409": {"kdd", "kdd2", "trysil"},
                                 "403": {STATSFORVALTER, POLITICIAN}})
MEETING_MANAGE = expect(404, **{"403": {"vinje"}})
API_ROUTES = {
    "api:get_draft": Route(GET=draft_view(), POST=DRAFT_API_EDIT, kwargs=_api(),
                           json={"lock_version": 0, "title": "Matrix"}, note="POST shares the path: api:edit_overview"),
    "api:edit_overview": Route(GET=draft_view(), POST=DRAFT_API_EDIT, kwargs=_api(),
                               json={"lock_version": 0, "title": "Matrix"}, note="409: a stale lock_version"),
    "api:add_element": Route(POST=DRAFT_API_EDIT, kwargs=_api(kind="=section"),
                             json={"lock_version": 0, "title": "Matrix"}),
    "api:edit_element": Route(POST=DRAFT_API_EDIT, kwargs=_api(kind="=commitment", uid="commitment.uid"),
                              json={"lock_version": 0, "text": "Matrix"}),
    "api:move_element": Route(POST=DRAFT_API_EDIT, kwargs=_api(kind="=commitment", uid="commitment.uid"),
                              json={"lock_version": 0, "direction": "up"}),
    "api:remove_element": Route(POST=DRAFT_API_EDIT, kwargs=_api(kind="=commitment", uid="commitment.uid"),
                                json={"lock_version": 0}),
    "api:freeze": Route(POST=DRAFT_API_EDIT, kwargs=_api(), json={"lock_version": 0, "label": "Matrix"}),
    "api:resolve_comment": Route(POST=expect(404, **{"403": {STATSFORVALTER}}), kwargs=_api(comment_id=999999),
                                 note="no comment 999999: 404 for whoever may comment"),
    "api:reopen_comment": Route(POST=expect(404, **{"403": {STATSFORVALTER}}), kwargs=_api(comment_id=999999),
                                note="no comment 999999: 404 for whoever may comment"),
    "api:change_county_role": Route(POST=draft_edit(200), kwargs=_api(), json={"county_role": "main_party"}),
    "api:list_partner_confirmations": Route(GET=PROCESS_READ, POST=PARTNER_CONFIRM, kwargs=_api(),
                                            json=lambda o: {"organisation": o["pilot"].county_council_id, "agreed": True},
                                            note="POST shares the path: api:confirm_commitments"),
    "api:confirm_commitments": Route(GET=PROCESS_READ, POST=PARTNER_CONFIRM, kwargs=_api(),
                                     json=lambda o: {"organisation": o["pilot"].county_council_id, "agreed": True}),
    "api:list_county_confirmations": Route(
        GET=PROCESS_READ, POST=COUNTY_CONFIRM, kwargs=_api(),
        json=lambda o: {"commitment": str(o["county_commitment"].uid), "note": "Matrix"},
        note="POST shares the path: api:confirm_county_commitment"),
    "api:confirm_county_commitment": Route(
        GET=PROCESS_READ, POST=COUNTY_CONFIRM, kwargs=_api(),
        json=lambda o: {"commitment": str(o["county_commitment"].uid), "note": "Matrix"}),
    "api:list_exceptions": Route(GET=PROCESS_READ, POST=draft_kdd(409), kwargs=_api(),
                                 json=lambda o: {"organisation": o["organisation"].pk, "reason": "Matrix"},
                                 note="POST shares the path: api:record_exception"),
    "api:record_exception": Route(GET=PROCESS_READ, POST=draft_kdd(409), kwargs=_api(),
                                  json=lambda o: {"organisation": o["organisation"].pk, "reason": "Matrix"},
                                  note="409: Trysil kommune is anchored, so it needs no exception (a reason)"),
    "api:correct_exception": Route(POST=draft_kdd(404), kwargs=_api(**RECORD_999),
                                   json={"correction_reason": "Feil", "reason": "Riktig"}),
    "api:withdraw_exception": Route(POST=draft_kdd(404), kwargs=_api(**RECORD_999), json={"reason": "Feil"}),
    "api:correct_partner_confirmation": Route(POST=NO_RECORD, kwargs=_api(**RECORD_999),
                                              json={"correction_reason": "Feil", "agreed": True}),
    "api:withdraw_partner_confirmation": Route(POST=NO_RECORD, kwargs=_api(**RECORD_999), json={"reason": "Feil"}),
    "api:correct_county_confirmation": Route(POST=NO_RECORD, kwargs=_api(**RECORD_999),
                                             json={"correction_reason": "Feil", "note": "Riktig"}),
    "api:withdraw_county_confirmation": Route(POST=NO_RECORD, kwargs=_api(**RECORD_999), json={"reason": "Feil"}),
    "api:list_signings": Route(GET=PROCESS_READ, POST=everyone(422), kwargs=_api(),
                               data=lambda o: {"signed_on": "2024-12-01", "organisation": [o["organisation"].pk],
                                               "name": ["Matrix"]},
                               note="POST shares the path: api:sign; without the signed copy the schema refuses"),
    "api:sign": Route(GET=PROCESS_READ, POST=everyone(422), kwargs=_api(),
                      data=lambda o: {"signed_on": "2024-12-01", "organisation": [o["organisation"].pk],
                                      "name": ["Matrix"]},
                      note="the signed copy is required (schema): permissions with a file in tests/api"),
    "api:correct_signing": Route(POST=draft_kdd(404), kwargs=_api(**RECORD_999),
                                 data=lambda o: {"signed_on": "2024-12-01", "organisation": [o["organisation"].pk],
                                                 "name": ["Matrix"], "correction_reason": "Feil"}),
    "api:withdraw_signing": Route(POST=draft_kdd(404), kwargs=_api(**RECORD_999), json={"reason": "Feil"}),
    "api:write_response": Route(POST=draft_kdd(409), kwargs=_api(), json={"general": "Matrix"},
                                note="409: a draft has no proposal to respond to"),
    "api:publish_response": Route(
        POST=expect(404, **{"409": KDD, "403": {"vinje"}}),
        kwargs=_kw(agreement_id="response.agreement_id", response_id="response.pk"),
        note="409: Vest-Telemark's response is already published"),
    "api:list_addenda": Route(GET=PROCESS_READ, POST=draft_kdd(409), kwargs=_api(), json={"title": "M", "text": "M"},
                              note="POST shares the path: api:create_addendum"),
    "api:create_addendum": Route(GET=PROCESS_READ, POST=draft_kdd(409), kwargs=_api(),
                                 json={"title": "M", "text": "M"}, note="409: addenda only to an approved agreement"),
    "api:send_addendum": Route(POST=draft_kdd(404), kwargs=_api(number=1), note="no addendum 1"),
    "api:approve_addendum": Route(POST=draft_kdd(404), kwargs=_api(number=1), note="no addendum 1"),
    "api:list_meetings": Route(GET=everyone(200), POST=expect(403, **{"201": KDD}),
                               json=lambda o: {"agreement": o["draft"].pk, "kind": "dialogue", "title": "M",
                                               "date": "2024-12-01"},
                               note="each caller sees the meetings they may; POST shares the path: api:create_meeting"),
    "api:create_meeting": Route(GET=everyone(200), POST=expect(403, **{"201": KDD}),
                                json=lambda o: {"agreement": o["draft"].pk, "kind": "dialogue", "title": "M",
                                                "date": "2024-12-01"}),
    "api:get_meeting": Route(GET=expect(404, **{"200": VEST_TELEMARK}), POST=expect(404, **{"409": KDD, "403": {"vinje"}}),
                             kwargs=VT_MEETING,
                             json={"kind": "dialogue", "title": "M", "date": "2024-12-01", "lock_version": 0},
                             note="POST shares the path: api:edit_meeting (409: a stale lock_version)"),
    "api:edit_meeting": Route(GET=expect(404, **{"200": VEST_TELEMARK}), POST=expect(404, **{"409": KDD, "403": {"vinje"}}),
                              kwargs=VT_MEETING,
                              json={"kind": "dialogue", "title": "M", "date": "2024-12-01", "lock_version": 0}),
    "api:add_participant": Route(POST=expect(404, **{"201": KDD, "403": {"vinje"}}), kwargs=VT_MEETING,
                                 json=lambda o: {"organisation": o["organisation"].pk, "capacity": "observer"}),
    "api:add_item": Route(POST=expect(404, **{"201": KDD, "403": {"vinje"}}), kwargs=VT_MEETING, json={"title": "M"}),
    "api:record_outcomes": Route(POST=expect(404, **{"200": KDD, "403": {"vinje"}}), kwargs=VT_MEETING,
                                 json={"outcomes": []}),
    "api:cancel_meeting": Route(POST=expect(404, **{"200": KDD, "403": {"vinje"}}), kwargs=VT_MEETING),
    "api:answer_meeting": Route(POST=expect(404, **{"200": {"kdd", "kdd2", "vinje"}, "403": {"admin"}}),
                                kwargs=VT_MEETING, json={"answer": "ACCEPTED"},
                                note="the participants' people (KDD answers for the ministry); the administrator "
                                     "belongs to no participant"),
    "api:register_meeting_minutes": Route(POST=expect(404, **{"409": KDD, "403": {"vinje"}}), kwargs=VT_MEETING,
                                          note="no minutes written yet: 409 with the reason"),
    "api:minutes_pdf": Route(GET=expect(404, **{"200": VEST_TELEMARK}), kwargs=VT_MEETING),
    "api:minutes_docx": Route(GET=expect(404, **{"200": VEST_TELEMARK}), kwargs=VT_MEETING),
    "api:list_attachments": Route(GET=expect(404, **{"200": VEST_TELEMARK}), POST=everyone(422), kwargs=VT_MEETING,
                                  note="POST shares the path: api:attach_document"),
    "api:attach_document": Route(GET=expect(404, **{"200": VEST_TELEMARK}), POST=everyone(422), kwargs=VT_MEETING,
                                 note="without a file django-ninja refuses the request (422) before the view; "
                                      "permissions with a file: tests/api/test_meetings_api_more.py"),
    "api:download_attachment": Route(GET=expect(404, **{"200": VEST_TELEMARK}),
                                     kwargs=_kw(meeting_id="meeting", attachment_id="attachment")),
    "api:withdraw_attachment": Route(POST=expect(404, **{"200": KDD, "403": {"vinje"}}),
                                     kwargs=_kw(meeting_id="meeting", attachment_id="attachment"),
                                     json={"reason": "Feil fil lastet opp"}),
    "api:create_calendar_token": Route(POST=expect(201, anonymous=403), note="the caller's own; the token shown once"),
    "api:revoke_calendar_token": Route(POST=expect(200, anonymous=403), note="the caller's own; none: revoked 0"),
}
ROUTES.update(API_ROUTES)

# Routes seen but not yet declared (empty: every route is declared). The matrix test fails for any route in
# neither place.
SECOND_PASS = set()


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
