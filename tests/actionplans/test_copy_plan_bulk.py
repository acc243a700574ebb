"""A new revision copies every measure, its cooperation parties and budget lines in bulk; uids carry over."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bygdevekst.actionplans.domain.plans import copy_plan
from bygdevekst.actionplans.enums import FundingSource, MeasureStatus, PlanStatus
from bygdevekst.actionplans.models import BudgetLine, Measure
from bygdevekst.organisations.models import Organisation


def _picture(plan):
    """Everything a measure carries, keyed by uid, without the row ids."""
    out = {}
    for m in plan.measures.prefetch_related("cooperation_parties", "budget_lines"):
        out[m.uid] = {
            "fields": (
                m.number,
                m.title,
                m.description,
                m.sub_goal_uids,
                m.responsible_id,
                m.start_year,
                m.start_quarter,
                m.end_year,
                m.end_quarter,
                m.indicator,
                m.baseline,
                m.target,
                m.status,
            ),
            "parties": sorted(p.pk for p in m.cooperation_parties.all()),
            "lines": sorted((b.year, b.source, b.organisation_id, b.planned, b.spent) for b in m.budget_lines.all()),
        }
    return out


def _grow(plan, n):
    orgs = list(Organisation.objects.order_by("pk")[:3])
    start = (plan.measures.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    made = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            number=start + i,
            title=f"Tiltak {i}",
            description="Tekst " * 20,
            status=MeasureStatus.IN_PROGRESS,
        )
        for i in range(n)
    )
    Through = Measure.cooperation_parties.through
    Through.objects.bulk_create(Through(measure_id=m.pk, organisation_id=o.pk) for m in made for o in orgs[:2])
    BudgetLine.objects.bulk_create(
        BudgetLine(
            measure_id=m.pk,
            year=2026,
            source=FundingSource.values[0],
            organisation_id=orgs[0].pk,
            planned=1000 + i,
            spent=i,
        )
        for i, m in enumerate(made)
    )


def test_copy_plan_copies_every_measure_party_and_line_with_the_same_uids(trysil_plan):
    _grow(trysil_plan, 5)
    before = _picture(trysil_plan)
    assert before and any(v["parties"] for v in before.values()) and any(v["lines"] for v in before.values())
    new = copy_plan(trysil_plan, status=PlanStatus.REVISED)
    assert new.pk != trysil_plan.pk and new.revision == trysil_plan.revision + 1 and new.based_on == trysil_plan
    # Cooperation parties too: the earlier one-save()-each copy lost them (set() read the old measure's
    # prefetched parties and found nothing to add).
    assert _picture(new) == before
    old_ids = set(trysil_plan.measures.values_list("pk", flat=True))
    assert not old_ids & set(new.measures.values_list("pk", flat=True))
    assert set(new.measures.values_list("lock_version", flat=True)) == {1}
    assert _picture(trysil_plan) == before  # the old revision is untouched


def test_copy_plan_statements_do_not_grow_with_the_measures(trysil_plan):
    _grow(trysil_plan, 3)
    with CaptureQueriesContext(connection) as few:
        copy_plan(trysil_plan, status=PlanStatus.REVISED)
    _grow(trysil_plan, 60)
    with CaptureQueriesContext(connection) as many:
        copy_plan(trysil_plan, status=PlanStatus.REVISED)
    # The search index and caches hear of the copies once; a bulk insert may be split in batches on SQLite.
    assert len(many) <= len(few) + 6, [q["sql"][:120] for q in many.captured_queries]


@pytest.mark.heavy
def test_copy_plan_of_1000_measures(trysil_plan):
    _grow(trysil_plan, 1000 - trysil_plan.measures.count())
    started = time.perf_counter()
    new = copy_plan(trysil_plan, status=PlanStatus.REVISED)
    elapsed = time.perf_counter() - started
    assert new.measures.count() == 1000
    assert (
        BudgetLine.objects.filter(measure__plan=new).count()
        == BudgetLine.objects.filter(measure__plan=trysil_plan).count()
    )
    print(f"copy_plan of 1,000 measures: {elapsed:.2f} s")
    assert elapsed < 10  # generous: a shared 2-core machine; one save() each took ~28 ms a measure
