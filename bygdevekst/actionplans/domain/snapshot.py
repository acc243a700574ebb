"""A plan's content as plain data: what the spreadsheet carries, what an import is compared with."""


def measure_data(measure):
    return {
        "uid": str(measure.uid),
        "number": measure.number,
        "title": measure.title,
        "description": measure.description,
        "sub_goal_uids": sorted(measure.sub_goal_uids),
        "responsible": measure.responsible_id,
        "cooperation": sorted(p.pk for p in measure.cooperation_parties.all()),
        "start_year": measure.start_year,
        "start_quarter": measure.start_quarter,
        "end_year": measure.end_year,
        "end_quarter": measure.end_quarter,
        "indicator": measure.indicator,
        "baseline": measure.baseline,
        "target": measure.target,
        "status": measure.status,
        "budget": sorted(
            (
                {"year": b.year, "source": b.source, "organisation": b.organisation_id,
                 "planned": b.planned, "spent": b.spent}
                for b in measure.budget_lines.all()
            ),
            key=budget_key,
        ),
    }


def budget_key(line):
    return (line["year"], line["source"], line["organisation"] or 0, line["planned"], line["spent"])


def plan_measures(plan):
    return (
        plan.measures.select_related("responsible")
        .prefetch_related("cooperation_parties", "budget_lines__organisation")
        .order_by("number")
    )


def plan_data(plan):
    """Measures sorted by number, each with its budget lines sorted."""
    return [measure_data(m) for m in plan_measures(plan)]
