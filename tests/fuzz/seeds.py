"""States the crawl never meets in the demo, made explicitly, so that their forms are fuzzed too.

The demo holds one snapshot of each pilot's process; forms that appear only in a passing state (a
letter or a state response in draft, an addendum being drafted, a yearly report in progress, a
comment thread to resolve) are never on a page the crawl reads. Each seed puts demo objects into
that state through the domain functions, inside the test's transaction, and names the pages (and
the role) whose forms are then fuzzed. `targets` are the routes the seed exists for: a seed whose
pages no longer carry one of them fails (tests/fuzz/test_forms.py), rather than fuzzing nothing.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse


@dataclass
class Seed:
    name: str
    role: str  # a demo user allowed to use the targets' forms
    targets: frozenset
    setup: object  # () -> [page URLs]: makes the state, returns the pages carrying the forms

    def __str__(self):
        return self.name


def _user(username):
    return get_user_model().objects.get(username=username)


def _agreement(pilot):
    from bygdevekst.agreements.models import Agreement

    return Agreement.objects.select_related("pilot__round", "pilot__county_council").get(pilot__name=pilot)


def _draft_response(pilot="Smøla og Aure", author="kdd2"):
    """A draft response to a submitted proposal, written by one case officer (the other approves)."""
    from bygdevekst.process.domain import response
    from bygdevekst.process.enums import Disposition

    agreement = _agreement(pilot)
    version = response.proposal_version(agreement)
    items = [(row["uid"], row["title"], Disposition.AGREED, "Fuzz: enig.") for row in response.targets(version)[:3]]
    return response.save_response(agreement, _user(author), "Fuzz: statens svar.", items)


def response_draft():
    draft = _draft_response()
    return [reverse("process:response", args=[draft.pk]), reverse("process:edit_response", args=[draft.agreement_id])]


def response_approved():
    from bygdevekst.core.shown import content_hash
    from bygdevekst.process.domain import response

    draft = _draft_response()
    approved = response.approve_response(draft, _user("kdd"),
                                         shown_sha256=content_hash(response.response_content(draft)))
    return [reverse("process:response", args=[approved.pk])]


def county_commitment_flagged():
    """R3: a county-council commitment that is more than personnel, flagged for confirmation."""
    from bygdevekst.agreements.domain.editing import apply_edit
    from bygdevekst.agreements.enums import CommitmentKind
    from bygdevekst.agreements.models import Commitment

    agreement = _agreement("Trysil-regionen")
    commitment = Commitment.objects.filter(agreement=agreement, party=agreement.pilot.county_council).order_by("pk").first()

    def change(locked):
        commitment.kind = CommitmentKind.FINANCIAL
        commitment.save(update_fields=["kind"])
        return commitment, {"kind": {"before": CommitmentKind.PERSONNEL, "after": CommitmentKind.FINANCIAL}}

    apply_edit(agreement, _user("trysil"), agreement.lock_version, "agreement.element_edited", change)
    return [reverse("process:agreement", args=[agreement.pk])]


def ready_to_sign():
    """Nord-Troms is approved; without its signing record it waits to be signed."""
    from bygdevekst.process.models import Signing

    agreement = _agreement("Nord-Troms")
    Signing.objects.filter(agreement=agreement).delete()
    return [reverse("process:sign", args=[agreement.pk])]


def _addendum(state):
    from bygdevekst.process.domain import addenda
    from bygdevekst.process.enums import AddendumState
    from bygdevekst.process.models import Addendum

    agreement = _agreement("Nord-Troms")
    addendum = Addendum.objects.create(agreement=agreement, number=agreement.addenda.count() + 1,
                                       created_by=_user("kdd2"), state=AddendumState.DRAFT,
                                       title="Tillegg: nytt delmål", text="Partene blir enige om et nytt delmål.")
    if state == AddendumState.IN_APPROVAL:
        addenda.send_for_approval(addendum, _user("kdd2"))
    return agreement


def addendum_draft():
    agreement = _addendum("draft")
    return [reverse("process:agreement", args=[agreement.pk]), reverse("process:add_addendum", args=[agreement.pk])]


def addendum_in_approval():
    agreement = _addendum("in_approval")
    return [reverse("process:agreement", args=[agreement.pk])]


def letter_draft():
    """A letter to the Trysil pilot composed by one case officer, waiting for the other's approval."""
    from bygdevekst.correspondence.domain.letters import compose

    agreement = _agreement("Trysil-regionen")
    letter = compose(round_=agreement.pilot.round, pilot=agreement.pilot, author=_user("kdd2"),
                     title="Fuzz: innkalling til dialogmøte", body="Departementet inviterer til dialogmøte.",
                     signatories=[("Avdelingsdirektør KDD", "avdelingsdirektør", True)])
    return [reverse("correspondence:letter", args=[letter.pk]), reverse("correspondence:letter_edit", args=[letter.pk])]


def comment_threads():
    """Two comment threads on the Trysil draft's version 2: one open (to resolve), one resolved (to reopen)."""
    from bygdevekst.agreements.domain.comments import post_comment, set_resolved
    from bygdevekst.agreements.domain.diff import index

    agreement = _agreement("Trysil-regionen")
    version = agreement.versions.get(number=2)
    kdd = _user("kdd")
    commitments = sorted(uid for uid, entry in index(version.content).items() if entry["kind"] == "commitment")[:2]
    post_comment(version, kdd, "commitment", commitments[0], "Fuzz: et åpent spørsmål.")
    resolved = post_comment(version, kdd, "commitment", commitments[1], "Fuzz: et avklart spørsmål.")
    set_resolved(resolved, _user("trysil"), True)
    return [reverse("agreements:version", args=[agreement.pk, version.number])]


def report_in_progress():
    """Smøla og Aure's yearly report for 2025, started and not yet submitted."""
    from bygdevekst.actionplans.domain.reports import start_report

    agreement = _agreement("Smøla og Aure")
    report = start_report(agreement, 2025, actor=_user("smola"))
    return [reverse("actionplans:report", args=[report.pk])]


def no_plan_yet():
    """Trysil before its project manager started the action plan (its draft plan removed)."""
    from bygdevekst.actionplans.models import ActionPlan

    agreement = _agreement("Trysil-regionen")
    ActionPlan.objects.filter(agreement=agreement).delete()
    return [reverse("actionplans:agreement", args=[agreement.pk])]


def invitation_pending():
    """Trysil's project manager has invited someone who has not answered yet: the page offers to revoke it."""
    from bygdevekst.accounts.invitations import invite
    from bygdevekst.organisations.enums import Role

    pilot = _agreement("Trysil-regionen").pilot
    invite(pilot, email="fuzz.invitert@example.no", name="Fuzz Invitert", organisation=pilot.lead_municipality,
           role=Role.MUNICIPAL_STAFF, by=_user("trysil"))
    return [reverse("programme:people", args=[pilot.pk])]


def pilot_without_agreement():
    """A new pilot in round 2 (as KDD makes one), before anyone has started its agreement."""
    from tests.conftest import innlandet_pilot

    return [innlandet_pilot("Fuzz-piloten", ["Engerdal kommune"]).get_absolute_url()]


def partner_page():
    """Husbanken's partner page on the Trysil draft: the partner confirms its own commitment there."""
    return [reverse("agreements:partner", args=[_agreement("Trysil-regionen").pk])]


def webhook_endpoint():
    """A webhook endpoint with an earlier key still signing and a failed delivery: the administrator's pages then
    carry every webhook form (register, change, rotate, retire, send again, remove)."""
    from bygdevekst.organisations.models import Organisation
    from bygdevekst.webhooks.domain.endpoints import create_endpoint, rotate_key
    from bygdevekst.webhooks.models import Delivery, Event

    admin = _user("admin")
    endpoint, _key = create_endpoint(admin, organisation=Organisation.objects.get(municipality_number="3421"),
                                     url="https://sak.trysil.example/hooks", events=["proposal.submitted"])
    rotate_key(endpoint, admin)
    event = Event.objects.create(type="proposal.submitted", time=endpoint.created_at, payload={})
    Delivery.objects.create(event=event, endpoint=endpoint, status="failed", attempts=1, failure="refused",
                            response_code=503, last_error="HTTP 503")
    return [reverse("webhooks:endpoint_new"), reverse("webhooks:endpoint", args=[endpoint.pk]),
            reverse("webhooks:endpoint_edit", args=[endpoint.pk])]


SEEDS = [
    Seed("response in draft", "kdd", frozenset({"process:edit_response", "process:approve_response"}), response_draft),
    Seed("response approved", "kdd2", frozenset({"process:publish_response"}), response_approved),
    Seed("county commitment flagged (R3)", "trysil", frozenset({"process:confirm_county_commitment"}),
         county_commitment_flagged),
    Seed("agreement ready to sign", "kdd", frozenset({"process:sign"}), ready_to_sign),
    Seed("addendum being drafted", "kdd", frozenset({"process:add_addendum", "process:send_addendum"}), addendum_draft),
    Seed("addendum in approval", "kdd", frozenset({"process:approve_addendum"}), addendum_in_approval),
    Seed("letter in draft", "kdd", frozenset({"correspondence:letter_edit", "correspondence:letter_approve"}),
         letter_draft),
    Seed("comment threads", "trysil", frozenset({"agreements:comment_resolve", "agreements:comment_reopen"}),
         comment_threads),
    Seed("yearly report in progress", "smola",
         frozenset({"actionplans:report", "actionplans:report_submit", "actionplans:report_meeting"}),
         report_in_progress),
    Seed("no action plan yet", "trysil", frozenset({"actionplans:start"}), no_plan_yet),
    Seed("invitation pending", "trysil", frozenset({"programme:invitation_revoke"}), invitation_pending),
    Seed("pilot without an agreement", "kdd", frozenset({"agreements:start"}), pilot_without_agreement),
    Seed("cooperation partner's page", "partner-trysil", frozenset({"process:partner_confirm"}), partner_page),
    Seed("webhook endpoint", "admin", frozenset({"webhooks:endpoint_new", "webhooks:endpoint_edit",
                                                 "webhooks:endpoint_delete", "webhooks:rotate_key",
                                                 "webhooks:retire_key", "webhooks:redeliver"}), webhook_endpoint),
]
