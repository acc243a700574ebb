"""Changing measures and budget lines. Each change goes into the working revision (a frozen or adopted
plan gets a new revision first), bumps the versions, and is logged with before/after values."""

from django.db import transaction
from django.utils.translation import gettext as _

from bygdevekst.audit.log import changes, log_action
from bygdevekst.core.guards import Refused, Stale

from .. import limits
from ..models import BudgetLine, Measure, MeasureStatusChange
from .plans import lock_plans, touch, working_plan
from .snapshot import measure_data


def _check_lock(obj, lock_version):
    if obj.pk and lock_version is not None and lock_version != obj.lock_version:
        raise Stale(lock_version, obj, _("Someone else changed this while you were editing."))


def _in(plan, measure):
    return measure if measure.plan_id == plan.pk else Measure.objects.get(plan=plan, uid=measure.uid)


def save_measure(plan, form, *, measure=None, actor=None, request=None):
    with transaction.atomic():
        lock_plans(plan.agreement_id)
        if measure is not None:
            measure = Measure.objects.select_for_update().get(pk=measure.pk)
            _check_lock(measure, form.cleaned_data.get("lock_version"))
        target = working_plan(plan, actor=actor, request=request)
        if measure is None:
            count = Measure.objects.filter(plan=target).count()
            if count >= limits.MAX_MEASURES:
                raise Refused(limits.too_many_measures(count + 1))
            obj = form.apply(Measure(plan=target))
            obj.save()
            obj.cooperation_parties.set(form.cleaned_data["cooperation_parties"])
            log_action("actionplan.measure_added", actor=actor, obj=target, agreement=target.agreement,
                       data={"measure": measure_data(obj)}, request=request)
        else:
            obj = _in(target, measure)
            before = measure_data(obj)
            form.apply(obj)
            obj.lock_version += 1
            obj.save()
            obj.cooperation_parties.set(form.cleaned_data["cooperation_parties"])
            log_action("actionplan.measure_changed", actor=actor, obj=target, agreement=target.agreement,
                       data={"measure": str(obj.uid), "number": obj.number,
                             "changes": changes(before, measure_data(obj))}, request=request)
        touch(target)
    return obj


def delete_measure(plan, measure, *, actor=None, request=None):
    with transaction.atomic():
        lock_plans(plan.agreement_id)
        target = working_plan(plan, actor=actor, request=request)
        obj = _in(target, measure)
        data = measure_data(obj)
        obj.delete()
        touch(target)
        log_action("actionplan.measure_removed", actor=actor, obj=target, agreement=target.agreement,
                   data={"measure": data}, request=request)
    return target


def set_measure_status(plan, measure, status, *, note="", actor=None, request=None):
    """Follow-up: the status may change on an adopted plan too; a frozen plan gets a new revision."""
    with transaction.atomic():
        lock_plans(plan.agreement_id)
        target = working_plan(plan, actor=actor, request=request) if plan.is_frozen else plan
        obj = _in(target, measure)
        before = obj.status
        if before == status:
            return obj
        obj.status = status
        obj.lock_version += 1
        obj.save(update_fields=["status", "lock_version"])
        MeasureStatusChange.objects.create(agreement_id=target.agreement_id, measure_uid=obj.uid,
                                           from_status=before, to_status=status, note=note, changed_by=actor)
        touch(target)
        log_action("actionplan.measure_status_changed", actor=actor, obj=target, agreement=target.agreement,
                   data={"measure": str(obj.uid), "number": obj.number,
                         "status": {"before": before, "after": status}, "note": note}, request=request)
    return obj


def _line_data(line):
    return {"year": line.year, "source": line.source, "organisation": line.organisation_id,
            "planned": line.planned, "spent": line.spent}


def _line_in(target, line):
    if line.measure.plan_id == target.pk:
        return line
    measure = Measure.objects.get(plan=target, uid=line.measure.uid)
    return BudgetLine.objects.filter(measure=measure, year=line.year, source=line.source,
                                     organisation_id=line.organisation_id).first()


def save_budget_line(plan, measure, form, *, line=None, actor=None, request=None):
    with transaction.atomic():
        lock_plans(plan.agreement_id)
        if line is not None:
            line = BudgetLine.objects.select_for_update().select_related("measure").get(pk=line.pk)
            _check_lock(line, form.cleaned_data.get("lock_version"))
        target = working_plan(plan, actor=actor, request=request)
        data = {k: form.cleaned_data[k] for k in ("year", "source", "organisation", "planned", "spent")}
        if line is None:
            obj = BudgetLine.objects.create(measure=_in(target, measure), **data)
            before = {}
        else:
            obj = _line_in(target, line)
            before = _line_data(obj)
            for key, value in data.items():
                setattr(obj, key, value)
            obj.lock_version += 1
            obj.save()
        touch(target)
        log_action("actionplan.budget_changed", actor=actor, obj=target, agreement=target.agreement,
                   data={"measure": str(measure.uid), "number": measure.number,
                         "changes": changes(before, _line_data(obj))}, request=request)
    return obj


def delete_budget_line(plan, line, *, actor=None, request=None):
    with transaction.atomic():
        lock_plans(plan.agreement_id)
        target = working_plan(plan, actor=actor, request=request)
        obj = _line_in(target, line)
        before = _line_data(obj)
        obj.delete()
        touch(target)
        log_action("actionplan.budget_changed", actor=actor, obj=target, agreement=target.agreement,
                   data={"measure": str(line.measure.uid), "number": line.measure.number,
                         "changes": changes(before, {})}, request=request)
    return target
