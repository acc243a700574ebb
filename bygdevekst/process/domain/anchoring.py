"""Political anchoring: which councils must decide, what they have decided, and recording decisions."""

from django.db import transaction
from django.utils.translation import gettext as _

from bygdevekst.agreements.enums import CountyRole, VersionKind
from bygdevekst.audit.log import log_action
from bygdevekst.core.signals import anchoring_decision_recorded

from ..enums import COUNTY_BODIES, Body
from ..models import AnchoringDecision, AnchoringException


def required_councils(agreement):
    """R1/R2: every municipality of the pilot, and the county council when it is a main party."""
    pilot = agreement.pilot
    orgs = sorted(pilot.municipalities.all(), key=lambda o: o.municipality_number or "")
    if agreement.county_role == CountyRole.MAIN_PARTY:
        orgs.append(pilot.county_council)
    return orgs


def final_version(agreement):
    return agreement.versions.filter(kind=VersionKind.FINAL).order_by("-number").first()


def proposal_status(agreement, decisions=None, exceptions=None):
    """Per required council (and a cooperation-party county): anchored / exception / missing."""
    decisions = list(agreement.anchoring_decisions.all()) if decisions is None else decisions
    exceptions = list(agreement.anchoring_exceptions.all()) if exceptions is None else exceptions
    orgs = [(org, True) for org in required_councils(agreement)]
    if agreement.county_role == CountyRole.COOPERATION_PARTY:
        orgs.append((agreement.pilot.county_council, False))
    rows = []
    for org, required in orgs:
        anchoring = [d for d in decisions if d.organisation_id == org.pk and d.anchors_proposal]
        exception = next((e for e in exceptions if e.organisation_id == org.pk), None)
        rows.append({"organisation": org, "required": required, "decisions": anchoring, "exception": exception,
                     "ok": bool(anchoring) or exception is not None})
    return rows


def approval_rows(agreement, sha256, decisions):
    """R4: per council (and the government) whether it has approved the text with this SHA-256."""
    needed = [(org, (Body.KOMMUNESTYRE,)) for org in agreement.pilot.municipalities.all()]
    if agreement.county_role == CountyRole.MAIN_PARTY:
        needed.append((agreement.pilot.county_council, COUNTY_BODIES))
    rows = []
    for org, bodies in sorted(needed, key=lambda n: n[0].municipality_number or "9999"):
        ok = sha256 is not None and any(
            d.organisation_id == org.pk and d.final_approval and d.body in bodies and not d.rejected
            and d.version_sha256 == sha256
            for d in decisions
        )
        rows.append({"organisation": org, "bodies": bodies, "ok": ok})
    government = sha256 is not None and any(
        d.body == Body.REGJERINGEN and d.final_approval and d.version_sha256 == sha256 for d in decisions
    )
    rows.append({"organisation": None, "bodies": (Body.REGJERINGEN,), "ok": government})
    return rows


def final_approval_status(agreement, version=None, decisions=None):
    """R4: who has approved the final version (by its hash), and who is missing."""
    version = version or final_version(agreement)
    decisions = list(agreement.anchoring_decisions.all()) if decisions is None else decisions
    return version, approval_rows(agreement, version.sha256 if version else None, decisions)


def missing_reasons(rows, what):
    reasons = []
    for row in rows:
        if row["ok"]:
            continue
        if row["organisation"] is None:
            reasons.append(_("The government has not approved %(what)s.") % {"what": what})
        elif row["bodies"] == COUNTY_BODIES:
            reasons.append(_("%(org)s: the county assembly or county executive has not approved %(what)s.")
                           % {"org": row["organisation"].name, "what": what})
        else:
            reasons.append(_("%(org)s: the municipal council has not approved %(what)s.")
                           % {"org": row["organisation"].name, "what": what})
    return reasons


def missing_final_approvals(agreement):
    version, rows = final_approval_status(agreement)
    if version is None:
        return [_("There is no final agreed version yet.")]
    return missing_reasons(rows, _("the final version (v%(n)s)") % {"n": version.number})


def record_decision(agreement, user, *, request=None, **fields):
    """Record one council's decision; a final approval is tied to the final version and its hash."""
    with transaction.atomic():
        decision = AnchoringDecision(agreement=agreement, recorded_by=user, **fields)
        if decision.addendum is not None:
            decision.version = None
            decision.version_sha256 = decision.addendum.sha256
        elif decision.final_approval and decision.version is None:
            decision.version = final_version(agreement)
        if decision.version is not None:
            decision.version_sha256 = decision.version.sha256
        decision.full_clean()
        decision.save()
        log_action(
            "agreement.anchoring_decision_recorded",
            actor=user,
            obj=decision,
            agreement=agreement,
            data={
                "organisation": decision.organisation.name,
                "body": decision.body,
                "what": decision.what(),
                "case_number": decision.case_number,
                "meeting_date": decision.meeting_date.isoformat(),
                "version_sha256": decision.version_sha256,
            },
            request=request,
        )
        anchoring_decision_recorded.send(sender=AnchoringDecision, decision=decision, user=user)
    return decision


def record_exception(agreement, organisation, reason, user, request=None):
    with transaction.atomic():
        exception = AnchoringException.objects.create(
            agreement=agreement, organisation=organisation, reason=reason, created_by=user
        )
        log_action(
            "agreement.anchoring_exception_recorded",
            actor=user,
            obj=exception,
            agreement=agreement,
            data={"organisation": organisation.name, "reason": reason},
            request=request,
        )
    return exception
