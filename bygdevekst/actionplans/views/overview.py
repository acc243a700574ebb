from django.contrib.auth.decorators import login_required
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from bygdevekst.access.views import require_perm
from bygdevekst.audit.log import log_action
from bygdevekst.programme import overview_cache
from bygdevekst.programme.models import Round
from bygdevekst.programme.queries import current_round

from ..overview import overview_csv_lines, overview_summary, overview_xlsx
from ..spreadsheet import XLSX_CONTENT_TYPE


@require_safe
@login_required
def overview(request):
    require_perm(request.user, "actionplans.view_overview")
    round_ = chosen_round(request)
    # Alike for every KDD user: rendered once and cached until anything it sums changes (overview_cache.py).
    summary, _extra = overview_cache.fragment(
        request, "action-plans", round_, "actionplans/_overview_summary.html", lambda: (overview_summary(round_), None)
    )
    return render(
        request, "actionplans/overview.html", {"summary": summary, "round": round_, "rounds": Round.objects.all()}
    )


def chosen_round(request):
    """?round=<pk>, else the current round: a round's totals never mix in another round's pilots."""
    pk = request.GET.get("round", "")
    if pk.isdigit():
        return Round.objects.filter(pk=int(pk)).first() or current_round()
    return current_round()


def _logged(request, response, ext):
    """Both exports stream: the CSV line by line from the database, the .xlsx from a write-only temporary file."""
    log_action("actionplan.overview_exported", actor=request.user, data={"format": ext}, request=request)
    response["Content-Disposition"] = f'attachment; filename="handlingsplaner-oversikt.{ext}"'
    return response


@require_safe
@login_required
def overview_export_xlsx(request):
    require_perm(request.user, "actionplans.view_overview")
    return _logged(request, FileResponse(overview_xlsx(chosen_round(request)), content_type=XLSX_CONTENT_TYPE), "xlsx")


@require_safe
@login_required
def overview_export_csv(request):
    require_perm(request.user, "actionplans.view_overview")
    lines = overview_csv_lines(chosen_round(request))
    return _logged(request, StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8"), "csv")
