"""The plan's transitions: create, new revision, adopt, freeze with the proposal (R6).

Each runs guard → save → log_action inside one transaction. Guards raise core.guards.Refused with a reason a
person can read.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused
from bygdevekst.core.signals import measures_saved

from ..enums import PlanStatus
from ..models import ActionPlan, BudgetLine, Measure
from .gaps import plan_gaps


def current_plan(agreement):
    """The agreement's newest plan: the latest year, then the latest revision."""
    return ActionPlan.objects.filter(agreement=agreement).order_by("-year", "-revision").first()


def ensure_plan(agreement, *, actor=None, year=None, request=None):
    plan = current_plan(agreement)
    if plan is not None:
        return plan
    with transaction.atomic():
        plan = ActionPlan.objects.create(
            agreement=agreement, year=year or timezone.localdate().year, revision=1, created_by=actor
        )
        log_action("actionplan.created", actor=actor, obj=plan, agreement=agreement,
                   data={"year": plan.year, "revision": plan.revision}, request=request)
    return plan


def copy_plan(plan, *, status, actor=None, year=None):
    """A new revision (or a new year's plan) with the same measures, uids and budget lines."""
    year = year or plan.year
    last = ActionPlan.objects.filter(agreement_id=plan.agreement_id, year=year).order_by("-revision").first()
    new = ActionPlan.objects.create(
        agreement_id=plan.agreement_id,
        year=year,
        revision=(last.revision + 1) if last else 1,
        status=status,
        based_on=plan,
        created_by=actor,
    )
    # In bulk: one statement per table, not one save() per measure (a plan holds up to 1,000 measures).
    # Each copy keeps its uid (history and reports follow it across revisions) and gets a new id.
    measures = list(plan.measures.prefetch_related("cooperation_parties", "budget_lines"))
    parties = [[p.pk for p in m.cooperation_parties.all()] for m in measures]
    lines = [list(m.budget_lines.all()) for m in measures]
    for measure in measures:
        measure.pk = None
        measure.plan = new
        measure.lock_version = 1
        measure._state.adding = True
    copies = Measure.objects.bulk_create(measures)
    Through = Measure.cooperation_parties.through
    Through.objects.bulk_create(
        Through(measure_id=m.pk, organisation_id=org) for m, orgs in zip(copies, parties, strict=True) for org in orgs
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(measure_id=m.pk, year=b.year, source=b.source, organisation_id=b.organisation_id,
                   planned=b.planned, spent=b.spent)
        for m, bs in zip(copies, lines, strict=True) for b in bs
    )
    # Bulk statements send no post_save: the receivers (the search index, caches) hear of the copies at once.
    measures_saved.send(sender=Measure, plan=new, measures=copies, user=actor)
    return new


def lock_plans(agreement_id):
    """Lock the agreement's row for the rest of the transaction: one change to its action plans at a time.
    Always taken first (agreement → plan → measure), so two changes never wait on each other crosswise.
    (SQLite: transactions begin IMMEDIATE, settings.py, so the writer already holds the database's lock.)"""
    from bygdevekst.agreements.models import Agreement

    Agreement.objects.select_for_update().filter(pk=agreement_id).values_list("pk", flat=True).first()


def changed_meanwhile(newer):
    return Refused(_("The action plan changed while you were working: revision %(revision)s was made in the "
                     "meantime. Open the plan again and make your change there.") % {"revision": newer.revision})


def working_plan(plan, *, actor=None, request=None):
    """The revision changes go into: the plan itself while editable; else a new revision (a frozen
    plan never changes, an adopted one is kept as adopted).

    Under the lock the newest revision is read again: if another first edit made the new revision while this
    one waited, this change was made against the old text and is refused (409), never saved into a fork."""
    with transaction.atomic():
        lock_plans(plan.agreement_id)
        latest = ActionPlan.objects.filter(agreement_id=plan.agreement_id, year=plan.year).order_by("-revision").first()
        if latest.pk != plan.pk:
            raise changed_meanwhile(latest)
        plan.refresh_from_db(fields=["status", "lock_version"])
        if plan.is_editable:
            return plan
        # After the proposal the plan is still a draft; a revision of an adopted plan is "revised".
        status = PlanStatus.REVISED if plan.status == PlanStatus.ADOPTED else PlanStatus.DRAFT
        new = copy_plan(plan, status=status, actor=actor)
        log_action("actionplan.revision_created", actor=actor, obj=new, agreement=plan.agreement,
                   data={"from": {"year": plan.year, "revision": plan.revision, "status": plan.status},
                         "to": {"year": new.year, "revision": new.revision}}, request=request)
    return new


def touch(plan):
    """Bump the plan's version after a change to it or its measures (optimistic locking of imports)."""
    ActionPlan.objects.filter(pk=plan.pk).update(lock_version=F("lock_version") + 1)
    plan.refresh_from_db(fields=["lock_version"])


def adopt_plan(plan, *, actor=None, request=None):
    if not plan.is_editable:
        raise Refused(_("Only a draft or revised plan can be adopted. This plan's status: %(status)s.")
                        % {"status": plan.get_status_display()})
    with transaction.atomic():
        before = plan.status
        plan.status = PlanStatus.ADOPTED
        plan.adopted_at = timezone.now()
        plan.save(update_fields=["status", "adopted_at"])
        log_action("actionplan.adopted", actor=actor, obj=plan, agreement=plan.agreement,
                   data={"status": {"before": before, "after": plan.status}}, request=request)
    return plan


def new_year_plan(plan, year, *, actor=None, request=None):
    if ActionPlan.objects.filter(agreement_id=plan.agreement_id, year=year).exists():
        raise Refused(_("There is already an action plan for %(year)s.") % {"year": year})
    with transaction.atomic():
        new = copy_plan(plan, status=PlanStatus.DRAFT, actor=actor, year=year)
        log_action("actionplan.created", actor=actor, obj=new, agreement=plan.agreement,
                   data={"year": year, "revision": new.revision, "from_year": plan.year}, request=request)
    return new


def freeze_with_proposal(agreement, *, actor=None, version=None, request=None):
    """R6: freeze the current plan as the one submitted with the proposal. Never refuses: gaps are
    recorded as hints in the log. Returns the frozen plan, or None if the pilot has no plan."""
    plan = current_plan(agreement)
    if plan is None or plan.is_frozen:
        return plan
    with transaction.atomic():
        if not plan.is_editable:
            plan = copy_plan(plan, status=PlanStatus.REVISED, actor=actor)
        hints = [str(h) for h in plan_gaps(plan)]
        plan.status = PlanStatus.FROZEN
        plan.frozen_at = timezone.now()
        plan.proposal_version = version if getattr(version, "pk", None) else None
        plan.save(update_fields=["status", "frozen_at", "proposal_version"])
        log_action("actionplan.frozen_with_proposal", actor=actor, obj=plan, agreement=agreement,
                   data={"year": plan.year, "revision": plan.revision, "hints": hints,
                         "measures": plan.measures.count()}, request=request)
    return plan
