"""The round's tables as .xlsx (A4 landscape, one page wide) and streamed .csv, and the round filter: a pilot
of round 1 never counts into round 2's action-plan figures."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from bygdevekst.actionplans.models import ActionPlan, BudgetLine, Measure
from bygdevekst.correspondence.models import RegistryEntry
from bygdevekst.programme.models import Round
from bygdevekst.programme.status import LABELS, OVERDUE

pytestmark = pytest.mark.django_db

KINDS = ["overview", "matrix", "actionplans", "cases"]


def download(client, round_, kind, fmt):
    response = client.get(reverse("programme:round_export", args=[round_.pk, kind, fmt]))
    assert response.status_code == 200, response.status_code
    if fmt == "csv":
        assert response.streaming
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert response.streaming  # written row by row into a temporary file, then streamed
    return load_workbook(io.BytesIO(response.getvalue())).active


def newest_plans(round_):
    newest = {}
    for plan in ActionPlan.objects.filter(agreement__pilot__round=round_):
        if plan.agreement_id not in newest or (plan.year, plan.revision) > (
                newest[plan.agreement_id].year, newest[plan.agreement_id].revision):
            newest[plan.agreement_id] = plan
    return list(newest.values())


def expected_rows(round_, kind):
    """How many data rows each table must have, counted from the models directly."""
    pilots = list(round_.pilots.all())
    if kind == "overview":
        return len(pilots)
    if kind == "matrix":
        rows = 0
        for p in pilots:
            agreement = getattr(p, "agreement", None)
            county = agreement is not None and agreement.county_role != "not_party"
            rows += p.municipalities.count() + int(county) + 1  # + the government
        return rows
    if kind == "actionplans":
        return Measure.objects.filter(plan__in=newest_plans(round_)).count()
    return RegistryEntry.objects.filter(case__round=round_).count()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("number", [1, 2])
def test_xlsx_opens_with_the_expected_rows_and_prints_on_a4_landscape(client_for, kind, number):
    round_ = Round.objects.get(number=number)
    ws = download(client_for("kdd"), round_, kind, "xlsx")
    assert ws.max_row - 1 == expected_rows(round_, kind)
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    assert ws.print_title_rows == "$1:$1"
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
    assert all(6 <= w <= 44 for w in widths)


@pytest.mark.parametrize("kind", KINDS)
def test_csv_parses_with_the_same_rows_as_the_xlsx(client_for, kind):
    round_ = Round.objects.get(number=2)
    client = client_for("kdd")
    rows = download(client, round_, kind, "csv")
    ws = download(client, round_, kind, "xlsx")
    assert len(rows) - 1 == expected_rows(round_, kind)
    assert rows[0] == [c.value for c in ws[1]]
    first = [("" if v is None else str(v)) for v in next(ws.iter_rows(min_row=2, max_row=2, values_only=True))]
    assert rows[1] == first


def test_overview_export_names_every_pilot_with_its_late_submission(client_for):
    ws = download(client_for("kdd"), Round.objects.get(number=2), "overview", "xlsx")
    by_pilot = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert set(by_pilot) == {"Nord-Troms", "Smøla og Aure", "Solund og Fedje", "Trysil-regionen", "Vest-Telemark"}
    with translation.override("nb"):  # the demo users read bokmål
        late, overdue = f"({gettext('late')})", str(LABELS[OVERDUE])
    assert late in by_pilot["Smøla og Aure"][5]
    assert by_pilot["Trysil-regionen"][5] == overdue


@pytest.mark.parametrize("username,status", [("trysil", 403), ("innlandet", 403), ("admin", 200)])
def test_only_the_ministry_exports_a_round(client_for, username, status):
    round_ = Round.objects.get(number=2)
    response = client_for(username).get(reverse("programme:round_export", args=[round_.pk, "cases", "csv"]))
    assert response.status_code == status


def test_unknown_kind_or_format_is_404(client_for):
    round_ = Round.objects.get(number=2)
    client = client_for("kdd")
    assert client.get(reverse("programme:round_export", args=[round_.pk, "people", "csv"])).status_code == 404
    assert client.get(reverse("programme:round_export", args=[round_.pk, "cases", "pdf"])).status_code == 404


def test_round_1_is_not_counted_into_round_2s_action_plan_totals(client_for):
    """Rindal og Holtålen (round 1) has a plan with a budget; round 2's overview must not add it in."""
    round1, round2 = Round.objects.get(number=1), Round.objects.get(number=2)
    assert BudgetLine.objects.filter(measure__plan__agreement__pilot__name="Rindal og Holtålen").exists()
    client = client_for("kdd")
    for round_ in (round1, round2):
        response = client.get(reverse("actionplans:overview"), {"round": round_.pk})
        budget = response.context["budget"]
        expected = sum(b.planned for b in BudgetLine.objects.filter(measure__plan__in=newest_plans(round_)))
        assert budget.total.planned == expected
        names = {p.agreement.pilot.name for p in response.context["plans"]}
        assert ("Rindal og Holtålen" in names) == (round_ == round1)
    # Without a choice, the overview shows the current round (round 2) only.
    cache.clear()  # (its sums as rendered, not the copy cached by the request above)
    default = client.get(reverse("actionplans:overview"))
    assert default.context["round"] == round2
    assert "Rindal og Holtålen" not in {p.agreement.pilot.name for p in default.context["plans"]}
    xlsx = client.get(reverse("actionplans:overview_xlsx"), {"round": round2.pk})
    content = b"".join(xlsx.streaming_content)
    pilots = {r[0] for r in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True)}
    assert "Rindal og Holtålen" not in pilots and pilots


def test_case_log_filtered_by_round(client_for):
    round1 = Round.objects.get(number=1)
    response = client_for("kdd").get(reverse("correspondence:cases"), {"round": round1.pk})
    assert response.status_code == 200
    assert {c.round_id for c in response.context["cases"]} <= {round1.pk}
    everything = client_for("kdd").get(reverse("correspondence:cases"))
    assert len({c.round_id for c in everything.context["cases"]}) >= 1


def test_focus_areas_grouped_across_written_standards(client_for):
    """Bolig (bokmål) and Bustad (nynorsk) are one theme in the overview, not two."""
    response = client_for("kdd").get(reverse("actionplans:overview"))
    areas = [row[0] for row in response.context["areas"]]
    housing = [a for a in areas if "Bolig" in a or "Bustad" in a]
    assert housing == ["Bolig / Bustad"], areas
