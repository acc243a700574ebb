"""Importing an edited spreadsheet: all or nothing, and an unchanged file changes nothing."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Refused
from bygdevekst.core.signals import measures_saved

from ..models import BudgetLine, Measure, MeasureStatusChange
from ..spreadsheet import COVER_FIELDS, SHEET_COVER, Problem, _int, parse_workbook
from .plans import changed_meanwhile, current_plan, ensure_plan, lock_plans, touch, working_plan
from .snapshot import plan_data

FIELDS = (
    "number",
    "title",
    "description",
    "sub_goal_uids",
    "responsible",
    "cooperation",
    "start_year",
    "start_quarter",
    "end_year",
    "end_quarter",
    "indicator",
    "baseline",
    "target",
    "status",
    "budget",
)


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

    @property
    def conflict(self):
        """Refused only because the plan changed since the file was exported (another import, an edit): the
        answer is a conflict (409), and the person exports again."""
        return bool(self.problems) and all(p.conflict for p in self.problems)


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
                _(
                    "Sheet “%(sheet)s”, row %(row)s, column B (%(header)s): the plan has changed since this file "
                    "was exported (the file has %(found)s, the plan now %(current)s). Export the plan again and "
                    "make your changes in the new file."
                )
                % {"sheet": SHEET_COVER, "row": row, "header": labels[key], "found": value, "current": current},
                SHEET_COVER,
                row,
                "B",
                conflict=True,
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
        log_action(
            "actionplan.import_refused",
            actor=actor,
            obj=plan,
            agreement=agreement,
            data={"problems": [p.as_dict() for p in parsed.problems[:50]]},
            request=request,
        )
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
            log_action(
                "actionplan.imported",
                actor=actor,
                obj=plan,
                agreement=agreement,
                data={"changed": False, "year": plan.year, "revision": plan.revision},
                request=request,
            )
            return result
        target = working_plan(plan, actor=actor, request=request)
        result.new_revision = target.pk != plan.pk
        _apply(target, parsed.measures, before, actor)
        touch(target)
        result.plan, result.changed, result.summary = target, True, changes
        log_action(
            "actionplan.imported",
            actor=actor,
            obj=target,
            agreement=agreement,
            data={
                "changed": True,
                "year": target.year,
                "revision": target.revision,
                "new_revision": result.new_revision,
                **changes,
            },
            request=request,
        )
    return result


# A measure's own columns among FIELDS (the rest are its parties and budget lines, written apart).
SCALAR_FIELDS = tuple(f for f in FIELDS if f not in ("responsible", "cooperation", "budget"))
RENUMBER_OFFSET = 10_000  # above any number a file may carry (spreadsheet_rows: 1–9999)


def _set(measure, data):
    for key in SCALAR_FIELDS:
        setattr(measure, key, data[key])
    measure.responsible_id = data["responsible"]
    return measure


def _apply(plan, measures, before, actor):
    """Bring the plan's measures to the imported ones, keyed by their stable uid (the file's "Tiltak-ID"):
    a measure in the file and the plan is updated in place (it keeps its id, its address and its budget lines
    when they did not change), a new one is created, and one no longer in the file is retired from this
    revision — earlier revisions, its status history (by uid) and the import's log entry keep it.
    A fixed number of statements per kind of change (bulk), not one per measure."""
    old = {m["uid"]: m for m in before}
    existing = {str(m.uid): m for m in Measure.objects.filter(plan=plan)}
    wanted = {data["uid"] for data in measures}
    retired = [m.pk for uid, m in existing.items() if uid not in wanted]
    if retired:
        Measure.objects.filter(pk__in=retired).delete()  # post_delete: the search index forgets them
    kept = [(existing[d["uid"]], d) for d in measures if d["uid"] in existing]
    moving = [m for m, d in kept if m.number != d["number"]]
    if moving:  # out of the way first, as (plan, number) is unique at every statement
        for m in moving:
            m.number += RENUMBER_OFFSET
        Measure.objects.bulk_update(moving, ["number"])
    changed = []
    for m, d in kept:
        if d != old[d["uid"]]:
            _set(m, d).lock_version += 1
            changed.append((m, d))
    if changed:
        Measure.objects.bulk_update([m for m, _d in changed], [*SCALAR_FIELDS, "responsible", "lock_version"])
    created = Measure.objects.bulk_create(
        [_set(Measure(plan=plan, uid=d["uid"]), d) for d in measures if d["uid"] not in existing]
    )
    fresh = [(m, d) for m, d in zip(created, (d for d in measures if d["uid"] not in existing), strict=True)]
    _apply_cooperation(changed, fresh, old)
    _apply_budget(changed, fresh, old)
    MeasureStatusChange.objects.bulk_create(
        MeasureStatusChange(
            agreement_id=plan.agreement_id,
            measure_uid=d["uid"],
            from_status=old.get(d["uid"], {}).get("status", ""),
            to_status=d["status"],
            note=_("Imported from spreadsheet"),
            changed_by=actor,
        )
        for d in measures
        if old.get(d["uid"], {}).get("status", "") != d["status"]
    )
    # Bulk statements send no post_save: the receivers (the search index) hear of every saved measure at once.
    for m, _d in [*changed, *fresh]:
        m.plan = plan
    measures_saved.send(sender=Measure, plan=plan, measures=[m for m, _d in [*changed, *fresh]], user=actor)


def _apply_cooperation(changed, fresh, old):
    Through = Measure.cooperation_parties.through
    redo = [(m, d) for m, d in changed if d["cooperation"] != old[d["uid"]]["cooperation"]]
    if redo:
        Through.objects.filter(measure_id__in=[m.pk for m, _d in redo]).delete()
    Through.objects.bulk_create(
        Through(measure_id=m.pk, organisation_id=org) for m, d in [*redo, *fresh] for org in d["cooperation"]
    )


def _apply_budget(changed, fresh, old):
    redo = [(m, d) for m, d in changed if d["budget"] != old[d["uid"]]["budget"]]
    if redo:
        BudgetLine.objects.filter(measure_id__in=[m.pk for m, _d in redo]).delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            measure_id=m.pk,
            year=b["year"],
            source=b["source"],
            organisation_id=b["organisation"],
            planned=b["planned"],
            spent=b["spent"],
        )
        for m, d in [*redo, *fresh]
        for b in d["budget"]
    )
