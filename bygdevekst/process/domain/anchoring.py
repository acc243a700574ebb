"""Political anchoring: which councils must decide, what they have decided, and recording decisions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bygdevekst.agreements.enums import CountyRole, VersionKind
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused
from bygdevekst.core.memo import once
from bygdevekst.core.signals import anchoring_decision_recorded

from ..enums import COUNTY_BODIES, DELEGATED_BODIES, Body
from ..models import AnchoringDecision, AnchoringException

BODIES_OF_KIND = {
    "municipality": (Body.KOMMUNESTYRE, Body.FORMANNSKAP, Body.ORDFORER),
    "county_council": COUNTY_BODIES,
    "ministry": (Body.REGJERINGEN,),
}


def required_councils(agreement):
    """R1/R2: every municipality of the pilot, and the county council when it is a main party."""
    pilot = agreement.pilot
    orgs = sorted(pilot.municipalities.all(), key=lambda o: o.municipality_number or "")
    if agreement.county_role == CountyRole.MAIN_PARTY:
        orgs.append(pilot.county_council)
    return orgs


def final_version(agreement):
    """The latest final version: its number and SHA-256, not its text (read on every process page)."""
    return agreement.versions.filter(kind=VersionKind.FINAL).defer("content").order_by("-number").first()


def anchoring_records(agreement):
    """(decisions, exceptions) of the agreement as the pages show them, read once per request (core/memo.py): the
    decisions by organisation and meeting date with their organisation and version (not its text), the exceptions
    with their organisation and author. The process page's table, its anchoring rows, the approval rows and the
    guards share them."""
    return once(("anchoring-records", agreement.pk), lambda: (
        list(agreement.anchoring_decisions.select_related("organisation", "version").defer("version__content")
             .order_by("organisation__name", "meeting_date", "pk")),
        list(agreement.anchoring_exceptions.select_related("organisation", "created_by")),
    ))


def proposal_status(agreement, decisions=None, exceptions=None):
    """Per required council (and a cooperation-party county): anchored / exception / missing. Read once per
    request when the decisions are not given (core/memo.py): the process panel, the submit guard, the warnings
    and the reader's tasks ask alike."""
    if decisions is None and exceptions is None:
        return once(("proposal-status", agreement.pk, agreement.county_role),
                    lambda: _proposal_status(agreement, None, None))
    return _proposal_status(agreement, decisions, exceptions)


def _proposal_status(agreement, decisions, exceptions):
    if decisions is None or exceptions is None:
        recorded = anchoring_records(agreement)
        decisions = recorded[0] if decisions is None else decisions
        exceptions = recorded[1] if exceptions is None else exceptions
    exceptions = [e for e in exceptions if e.in_force]
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
        decision = next((d for d in decisions if d.organisation_id == org.pk and d.approves_final(bodies, sha256)),
                        None)
        rows.append({"organisation": org, "bodies": bodies, "ok": decision is not None, "decision": decision})
    government = next((d for d in decisions if d.approves_final((Body.REGJERINGEN,), sha256)), None)
    rows.append({"organisation": None, "bodies": (Body.REGJERINGEN,), "ok": government is not None,
                 "decision": government})
    return rows


def final_approval_status(agreement, version=None, decisions=None):
    """R4: who has approved the final version (by its hash), and who is missing (once per request when neither
    the version nor the decisions are given)."""
    if version is None and decisions is None:
        return once(("final-approval-status", agreement.pk, agreement.county_role),
                    lambda: _final_approval_status(agreement, None, None))
    return _final_approval_status(agreement, version, decisions)


def _final_approval_status(agreement, version, decisions):
    version = version or final_version(agreement)
    decisions = anchoring_records(agreement)[0] if decisions is None else decisions
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


def last_required_decision_at(agreement):
    """R4: the agreement is in force from the date of the last decision it needed (noon, Norwegian time)."""
    _version, rows = final_approval_status(agreement)
    dates = [row["decision"].meeting_date for row in rows if row["decision"] is not None]
    if not dates or len(dates) < len(rows):
        return None
    return timezone.make_aware(datetime.datetime.combine(max(dates), datetime.time(12)))


def minutes_filename(decision):
    """A clean name for the minutes, never the storage's (which may carry a suffix like _p_nTWikHZ)."""
    return f"protokoll-{slugify(decision.organisation.name)}-{decision.meeting_date:%Y-%m-%d}.pdf"


def _date(d):
    return d.strftime("%d.%m.%Y")


def decision_reasons(decision):
    """Readable reasons why this decision cannot be recorded as it stands (R1, R4, dates in order)."""
    reasons = []
    org = decision.organisation
    if decision.body not in BODIES_OF_KIND.get(org.kind, ()):
        reasons.append(_("%(org)s has no body of that kind.") % {"org": org.name})
    if decision.body in DELEGATED_BODIES and not decision.delegation.strip():
        reasons.append(_("%(org)s: a decision by the executive committee or the mayor counts only under authority "
                         "the council delegated. Name the council's decision or the delegation regulation it acts "
                         "under.") % {"org": org.name})
    if decision.gives_mandate and not decision.mandate_to:
        reasons.append(_("Say who receives the mandate: the mayor or the executive committee."))
    if decision.gives_mandate and decision.body not in (Body.KOMMUNESTYRE, Body.FORMANNSKAP):
        reasons.append(_("Only the municipal council, or the executive committee under delegated authority, "
                         "can give a mandate for the dialogue."))
    if decision.mandate_to and decision.mandate_to == decision.body:
        reasons.append(_("A mayor cannot give himself a mandate.") if decision.body == Body.ORDFORER
                       else _("A body cannot give a mandate to itself."))
    if decision.final_approval and decision.version is None and decision.addendum is None:
        reasons.append(_("A final approval can only be recorded once there is a final agreed version."))
    if decision.final_approval and decision.version is not None:
        agreed = timezone.localtime(decision.version.created_at).date()
        if decision.meeting_date < agreed:
            reasons.append(_("The approval is dated %(date)s, before the final text was agreed on %(agreed)s.")
                           % {"date": _date(decision.meeting_date), "agreed": _date(agreed)})
    if decision.meeting_date > timezone.localdate():
        reasons.append(_("The meeting date %(date)s is in the future.") % {"date": _date(decision.meeting_date)})
    return reasons


def decision_facts(decision):
    """What the decision says, readable, for the history (before/after of a correction)."""
    facts = {
        "organisation": decision.organisation.name,
        "body": decision.get_body_display(),
        "what": decision.what(),
        "meeting_date": _date(decision.meeting_date),
        "case_number": decision.case_number,
    }
    if decision.mandate_to:
        facts["mandate_to"] = decision.get_mandate_to_display()
    if decision.delegation:
        facts["delegation"] = decision.delegation
    if decision.version_sha256:
        facts["version_sha256"] = decision.version_sha256
    return facts


def _build_decision(agreement, user, fields):
    decision = AnchoringDecision(agreement=agreement, recorded_by=user, **fields)
    if decision.addendum is not None:
        decision.version = None
        decision.version_sha256 = decision.addendum.sha256
    elif decision.final_approval and decision.version is None:
        decision.version = final_version(agreement)
    if decision.version is not None:
        decision.version_sha256 = decision.version.sha256
    if not decision.gives_mandate:
        decision.mandate_to = ""
    if decision.body not in DELEGATED_BODIES:
        decision.delegation = ""
    return decision


def _save_decision(decision):
    _refuse_if(decision_reasons(decision))
    try:
        decision.full_clean()
    except ValidationError as error:
        raise Refused(error.messages) from error
    decision.save()


def record_decision(agreement, user, *, request=None, **fields):
    """Record one council's decision; a final approval is tied to the final version and its hash.
    Raises Refused with readable reasons."""
    with transaction.atomic():
        decision = _build_decision(agreement, user, fields)
        _save_decision(decision)
        log_action("agreement.anchoring_decision_recorded", actor=user, obj=decision, agreement=agreement,
                   data=decision_facts(decision), request=request)
        anchoring_decision_recorded.send(sender=AnchoringDecision, decision=decision, user=user)
    return decision


def record_exception(agreement, organisation, reason, user, request=None):
    with transaction.atomic():
        if agreement.anchoring_exceptions.in_force().filter(organisation=organisation).exists():
            raise Refused([_("%(org)s already has an exception in force; correct it if it is wrong.")
                           % {"org": organisation.name}])
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


def _refuse_if(reasons):
    if reasons:
        raise Refused(reasons)
