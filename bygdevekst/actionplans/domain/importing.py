"""Importing an edited spreadsheet: all or nothing, and an unchanged file changes nothing."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused

from ..models import BudgetLine, Measure, MeasureStatusChange
from ..spreadsheet import COVER_FIELDS, SHEET_COVER, Problem, _int, parse_workbook
from .plans import changed_meanwhile, current_plan, ensure_plan, lock_plans, touch, working_plan
from .snapshot import plan_data

FIELDS = ("number", "title", "description", "sub_goal_uids", "responsible", "cooperation", "start_year",
          "start_quarter", "end_year", "end_quarter", "indicator", "baseline", "target", "status", "budget")


@dataclass
class ImportResult:
    plan: object = None
    changed: bool = False
    new_revision: bool = False
    problems: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.problems


def _stale(parsed, plan):
    """The file was exported from another revision or version than the plan now is."""
    labels = dict(COVER_FIELDS)
    for key, current in (("year", plan.year), ("revision", plan.revision), ("version", plan.lock_version)):
        row, value = parsed.cover.get(key, (None, None))
        if value in (None, ""):
            continue
        try:
            found = _int(value)
        except ValueError:
            found = None
        if found != current:
            return Problem(
                _("Sheet “%(sheet)s”, row %(row)s, column B (%(header)s): the plan has changed since this file "
                  "was exported (the file has %(found)s, the plan now %(current)s). Export the plan again and "
                  "make your changes in the new file.")
                % {"sheet": SHEET_COVER, "row": row, "header": labels[key], "found": value, "current": current},
                SHEET_COVER, row, "B",
            )
    return None


def diff(before, after):
    old = {m["uid"]: m for m in before}
    new = {m["uid"]: m for m in after}
    changed = {}
    for uid in old.keys() & new.keys():
        fields = {f: {"before": old[uid][f], "after": new[uid][f]} for f in FIELDS if old[uid][f] != new[uid][f]}
        if fields:
            changed[uid] = fields
    return {
        "added": sorted(new[u]["number"] for u in new.keys() - old.keys()),
        "removed": sorted(old[u]["number"] for u in old.keys() - new.keys()),
        "changed": changed,
    }


def import_plan(agreement, content, *, actor=None, request=None):
    """Parse `content` (bytes of an .xlsx) into the agreement's current plan. Returns ImportResult."""
    result = ImportResult()
    parsed = parse_workbook(content, agreement)
    plan = current_plan(agreement)
    if not parsed.problems and plan is not None:
        stale = _stale(parsed, plan)
        if stale is not None:
            parsed.problems.append(stale)
    if parsed.problems:
        result.problems = parsed.problems
        log_action("actionplan.import_refused", actor=actor, obj=plan, agreement=agreement,
                   data={"problems": [p.as_dict() for p in parsed.problems[:50]]}, request=request)
        return result
    with transaction.atomic():
        # Lock the plans first, then read the plan again: an import that waited for another sees its changes
        # and is refused (409) instead of forking the plan or failing on a duplicate revision.
        lock_plans(agreement.pk)
        latest = current_plan(agreement)
        if latest is not None and (plan is None or latest.pk != plan.pk):
            raise changed_meanwhile(latest)
        if latest is not None:
            plan = latest
            stale = _stale(parsed, plan)
            if stale is not None:
                raise Refused(stale.message)
        if plan is None:
            _row, year = parsed.cover.get("year", (None, None))
            plan = ensure_plan(agreement, actor=actor, year=_int(year) if year else None, request=request)
        before = plan_data(plan)
        changes = diff(before, parsed.measures)
        if before == parsed.measures:
            result.plan = plan
            log_action("actionplan.imported", actor=actor, obj=plan, agreement=agreement,
                       data={"changed": False, "year": plan.year, "revision": plan.revision}, request=request)
            return result
        target = working_plan(plan, actor=actor, request=request)
        result.new_revision = target.pk != plan.pk
        _apply(target, parsed.measures, before, actor)
        touch(target)
        result.plan, result.changed, result.summary = target, True, changes
        log_action("actionplan.imported", actor=actor, obj=target, agreement=agreement,
                   data={"changed": True, "year": target.year, "revision": target.revision,
                         "new_revision": result.new_revision, **changes}, request=request)
    return result


def _apply(plan, measures, before, actor):
    """Replace the plan's measures with the imported ones (uids kept, so history and reports follow)."""
    old_status = {m["uid"]: m["status"] for m in before}
    Measure.objects.filter(plan=plan).delete()
    for data in measures:
        measure = Measure.objects.create(
            plan=plan, uid=data["uid"], number=data["number"], title=data["title"],
            description=data["description"], sub_goal_uids=data["sub_goal_uids"],
            responsible_id=data["responsible"], start_year=data["start_year"],
            start_quarter=data["start_quarter"], end_year=data["end_year"], end_quarter=data["end_quarter"],
            indicator=data["indicator"], baseline=data["baseline"], target=data["target"], status=data["status"],
        )
        measure.cooperation_parties.set(data["cooperation"])
        BudgetLine.objects.bulk_create(
            BudgetLine(measure=measure, year=b["year"], source=b["source"], organisation_id=b["organisation"],
                       planned=b["planned"], spent=b["spent"])
            for b in data["budget"]
        )
        previous = old_status.get(data["uid"], "")
        if previous != data["status"]:
            MeasureStatusChange.objects.create(
                agreement_id=plan.agreement_id, measure_uid=data["uid"], from_status=previous,
                to_status=data["status"], note=_("Imported from spreadsheet"), changed_by=actor,
            )
