import io

import pytest
from openpyxl import load_workbook

from bygdevekst.actionplans.domain.plans import current_plan
from bygdevekst.actionplans.domain.snapshot import plan_measures
from bygdevekst.actionplans.spreadsheet import export_workbook


@pytest.fixture
def trysil(demo):
    """Trysil-regionen's agreement (a draft, never submitted in the demo) and its draft plan."""
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    return agreement


@pytest.fixture
def trysil_plan(trysil):
    return current_plan(trysil)


def export(plan):
    return export_workbook(plan, plan_measures(plan))


def edit(content, fn):
    """Open an exported workbook, let fn(wb) change it, return the new bytes."""
    wb = load_workbook(io.BytesIO(content))
    fn(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
