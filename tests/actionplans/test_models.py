"""Frozen plans and submitted reports are immutable; money is integers with database constraints; R6."""

import pytest
from django.db import IntegrityError, transaction

from bygdevekst.actionplans.domain.budget import summarise
from bygdevekst.actionplans.domain.gaps import plan_gaps
from bygdevekst.actionplans.domain.plans import current_plan, ensure_plan, freeze_with_proposal
from bygdevekst.actionplans.domain.snapshot import plan_data
from bygdevekst.actionplans.enums import FundingSource, PlanStatus
from bygdevekst.actionplans.models import (
    ActionPlan,
    BudgetLine,
    FrozenPlanError,
    FrozenReportError,
    Measure,
    ReportEntry,
    YearlyReport,
)
from bygdevekst.agreements.models import Agreement
from bygdevekst.audit.models import ActionLog
from bygdevekst.core.signals import agreement_transitioned


def test_R6_plan_with_gaps_never_blocks_and_is_frozen_when_the_submit_signal_fires(trysil, demo):
    plan = current_plan(trysil)
    # Make real gaps: a measure with nothing but a title, and one sub-goal without any measure.
    Measure.objects.create(plan=plan, number=50, title="Uferdig tiltak")
    plan.measures.filter(number=1).delete()
    hints = plan_gaps(plan)
    assert any("Uferdig" not in h and "50" in h for h in hints)
    assert any("Ingen tiltak gjelder delmålet" in h for h in hints)  # bokmål, the default language
    before = plan_data(plan)
    agreement_transitioned.send(sender=Agreement, agreement=trysil, action="submit", from_state="draft",
                                to_state="submitted", user=demo["users"]["trysil"], version=None)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FROZEN and plan.frozen_at is not None
    assert plan_data(plan) == before  # frozen as it stood, gaps and all
    log = ActionLog.objects.filter(action="actionplan.frozen_with_proposal", object_id=str(plan.pk)).get()
    assert log.data["hints"] == hints


def test_the_hints_name_the_sub_goals_without_a_measure_in_the_agreement_s_order_after_a_focus_area_moved(
        trysil, demo):
    """A sub-goal's place in the plan's hints is the agreement's: its focus area's position, then its own. Moving a
    focus area up moves its sub-goals up in the hints too (SubGoal's default ordering is what puts them there)."""
    from django.utils import translation

    from bygdevekst.agreements.domain.editing import move_element

    plan = current_plan(trysil)
    plan.measures.all().delete()  # every sub-goal without a measure: a hint each
    first, second = trysil.focus_areas.order_by("position", "pk")[:2]
    move_element(trysil, demo["users"]["trysil"], "focus-area", second, "up", trysil.lock_version)
    in_order = [sg.title for area in trysil.focus_areas.order_by("position", "pk")
                for sg in area.sub_goals.order_by("position", "pk")]
    assert in_order[0] == second.sub_goals.order_by("position", "pk")[0].title  # the moved area comes first now
    with translation.override("en"):
        named = [hint.split("“", 1)[1].rsplit("”", 1)[0] for hint in plan_gaps(plan) if hint.startswith("No measure")]
    assert named == in_order


def test_R6_other_transitions_do_not_freeze(trysil, demo):
    agreement_transitioned.send(sender=Agreement, agreement=trysil, action="withdraw", from_state="draft",
                                to_state="withdrawn", user=None, version=None)
    assert current_plan(trysil).status == PlanStatus.DRAFT


def test_R6_demo_plans_of_submitted_proposals_are_frozen(demo):
    # The process demo submits Solund og Fedje; Trysil-regionen is still a draft.
    assert current_plan(demo["pilots"]["Solund og Fedje"].agreement).status == PlanStatus.FROZEN
    assert current_plan(demo["pilots"]["Trysil-regionen"].agreement).status == PlanStatus.DRAFT


def test_R6_submit_without_a_plan_is_fine(demo):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    ActionPlan.objects.filter(agreement=agreement).delete()
    assert freeze_with_proposal(agreement) is None


def test_frozen_plan_is_immutable(trysil):
    plan = freeze_with_proposal(trysil)
    measure = plan.measures.first()
    line = BudgetLine.objects.filter(measure__plan=plan).first()
    checks = [
        lambda: plan.save(),
        lambda: plan.delete(),
        lambda: ActionPlan.objects.filter(pk=plan.pk).update(year=1999),
        lambda: ActionPlan.objects.filter(pk=plan.pk).delete(),
        lambda: measure.save(),
        lambda: measure.delete(),
        lambda: Measure.objects.filter(pk=measure.pk).update(title="x"),
        lambda: Measure.objects.filter(pk=measure.pk).delete(),
        lambda: Measure.objects.create(plan=plan, number=77, title="Nytt"),
        lambda: measure.cooperation_parties.clear(),
        lambda: line.save(),
        lambda: line.delete(),
        lambda: BudgetLine.objects.filter(pk=line.pk).update(planned=1),
        lambda: BudgetLine.objects.create(measure=measure, year=2030, source=FundingSource.OTHER, planned=1),
    ]
    for check in checks:
        with pytest.raises(FrozenPlanError), transaction.atomic():
            check()


def test_submitted_report_is_immutable_but_can_get_its_meeting(demo):
    report = YearlyReport.objects.filter(status="submitted").first()
    entry = report.entries.first()
    report.summary = "Endret"
    with pytest.raises(FrozenReportError):
        report.save()
    report.refresh_from_db()
    for check in (lambda: report.delete(), lambda: entry.save(), lambda: entry.delete(),
                  lambda: ReportEntry.objects.filter(pk=entry.pk).update(percent=1),
                  lambda: YearlyReport.objects.filter(pk=report.pk).delete()):
        with pytest.raises(FrozenReportError):
            check()
    report.meeting = None
    report.save(update_fields=["meeting"])  # the link is not content


@pytest.mark.parametrize("field", ["planned", "spent"])
def test_negative_money_is_refused_by_the_database(trysil_plan, field):
    measure = trysil_plan.measures.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(measure=measure, year=2030, source=FundingSource.KDD_GRANT, **{field: -1})


def test_municipal_share_needs_a_municipality_in_the_database(trysil_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(measure=trysil_plan.measures.first(), year=2030,
                                  source=FundingSource.MUNICIPALITY, planned=10)


def test_budget_sums_per_source_and_year():
    lines = [
        {"year": 2025, "source": "kdd_grant", "planned": 600_000, "spent": 100_000},
        {"year": 2025, "source": "kdd_grant", "planned": 150_000, "spent": 0},
        {"year": 2026, "source": "kdd_grant", "planned": 500_000, "spent": 0},
        {"year": 2025, "source": "municipality", "planned": 400_000, "spent": 50_000},
        {"year": 2026, "source": "other", "planned": 1, "spent": 1},
    ]
    s = summarise(lines)
    assert s.years == [2025, 2026]
    assert [v for v, _label in s.sources] == ["kdd_grant", "municipality", "other"]
    assert (s.cells[("kdd_grant", 2025)].planned, s.cells[("kdd_grant", 2025)].spent) == (750_000, 100_000)
    assert s.by_source["kdd_grant"].planned == 1_250_000
    assert s.by_year[2025].planned == 1_150_000 and s.by_year[2026].planned == 500_001
    assert s.total.planned == 1_650_001 and s.total.spent == 150_001
    assert isinstance(s.total.planned, int)
    rows = s.rows()
    assert rows[1][1][1].planned == 0  # municipality in 2026: an empty cell is zero


def test_budget_sums_of_a_demo_plan_match_the_lines(trysil_plan):
    lines = list(BudgetLine.objects.filter(measure__plan=trysil_plan))
    s = summarise(lines)
    assert s.total.planned == sum(b.planned for b in lines) > 0
    for (source, year), cell in s.cells.items():
        assert cell.planned == sum(b.planned for b in lines if b.source == source and b.year == year)


def test_ensure_plan_is_idempotent(trysil):
    assert ensure_plan(trysil).pk == current_plan(trysil).pk
