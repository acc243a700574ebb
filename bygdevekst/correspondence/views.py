"""The case log: cases, registry entries, document downloads and the archive hand-over package."""

import datetime
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bygdevekst.access.visibility import visible_cases, visible_entries
from bygdevekst.audit.log import log_action
from bygdevekst.core.integrity import open_checked
from bygdevekst.core.pagination import paginate
from bygdevekst.programme.models import Round

from .domain.archive import ChecksumMismatch, ExportError, build_package
from .models import CorrespondenceParty, DocumentDescription, DocumentObject, RegistryEntry

logger = logging.getLogger(__name__)


def entries_with_details(queryset):
    return queryset.select_related("case", "case_officer").prefetch_related(
        Prefetch("parties", queryset=CorrespondenceParty.objects.order_by("position", "pk")),
        Prefetch("documents", queryset=DocumentDescription.objects.prefetch_related("document_objects")),
        "linked_cases",
    )


CASES_PER_PAGE = 50


def _count(rows, key):
    """The number of `rows` (filtered on OuterRef) as a subquery, 0 when there are none."""
    counted = rows.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@require_safe
@login_required
def case_list(request):
    if not request.user.has_perm("correspondence.view_cases"):
        raise Http404
    # The entries counted per case on the page only (a subquery each), not joined and grouped over every case.
    cases = (
        visible_cases(request.user)
        .select_related("round", "pilot")
        .annotate(entry_count=_count(RegistryEntry.objects.filter(case=OuterRef("pk")), "case"),
                  linked_count=_count(RegistryEntry.linked_cases.through.objects.filter(case=OuterRef("pk")), "case"))
        .order_by("round__number", "pilot__name", "pk")
    )
    rounds = list(Round.objects.order_by("-number"))
    pk = request.GET.get("round", "")
    round_ = next((r for r in rounds if pk.isdigit() and r.pk == int(pk)), None)
    if round_ is not None:
        cases = cases.filter(round=round_)
    page = paginate(request, cases, CASES_PER_PAGE)
    return render(request, "correspondence/case_list.html", {
        "cases": page, "page": page, "can_export": request.user.has_perm("correspondence.export_archive"),
        "can_compose": request.user.has_perm("correspondence.compose_letter"),
        "rounds": rounds, "round": round_, "all_rounds_allowed": True,
    })


@require_safe
def case_detail(request, pk):
    case = get_object_or_404(visible_cases(request.user).select_related("round", "pilot", "responsible"), pk=pk)
    entries = entries_with_details(
        visible_entries(request.user).filter(Q(case=case) | Q(linked_cases=case)).distinct()
    ).order_by("-registry_date", "-pk")
    return render(request, "correspondence/case_detail.html", {
        "case": case, "entries": entries, "can_export": request.user.has_perm("correspondence.export_archive"),
    })


@require_safe
def entry_detail(request, pk):
    entry = get_object_or_404(entries_with_details(visible_entries(request.user)), pk=pk)
    return render(request, "correspondence/entry_detail.html", {"entry": entry})


@require_safe
def download(request, pk, filename):
    obj = get_object_or_404(DocumentObject.objects.select_related("description__entry"), pk=pk, filename=filename)
    if not visible_entries(request.user).filter(pk=obj.description.entry_id).exists():
        raise Http404
    try:
        handle = open_checked(obj.file, obj.sha256, f"document object {obj.pk} ({obj.filename})")
    except FileNotFoundError as exc:  # the register row outlived its file (e.g. a restore without media)
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=obj.filename, content_type=obj.mime_type)


def _package_response(request, entries, name, data):
    try:
        content = build_package(entries)
    except ExportError as exc:
        log_action("correspondence.export_refused", actor=request.user, request=request, data={"error": str(exc)})
        logger.error("archive export refused: %s", exc)  # checksums and the schema's own words stay here
        if isinstance(exc, ChecksumMismatch):
            message = _("Export stopped: the file %(file)s has changed since it was registered. The error has been "
                        "logged for the administrators.") % {"file": exc.filename}
        else:
            message = _("Export stopped: the archive package did not pass its checks. The error has been logged "
                        "for the administrators.")
        return HttpResponse(message, status=409, content_type="text/plain")
    log_action("correspondence.exported", actor=request.user, request=request, data={**data, "entries": len(entries)})
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def export_case(request, pk):
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    if not request.user.has_perm("correspondence.export_archive", case):
        raise PermissionDenied
    entries = list(entries_with_details(RegistryEntry.objects.filter(case=case)).order_by("number"))
    return _package_response(request, entries, f"arkiv-{case.year}-{case.sequence}.zip", {"case": case.number})


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@require_safe
@login_required
def export_range(request):
    """GET without dates: the form; GET with dates: the package for entries registered between them."""
    if not request.user.has_perm("correspondence.view_cases"):
        raise Http404
    if not request.user.has_perm("correspondence.export_archive"):
        raise PermissionDenied
    errors = {}
    start, end = request.GET.get("from"), request.GET.get("to")
    if start is not None or end is not None:
        start_date, end_date = _date(start), _date(end)
        if start_date is None:
            errors["from"] = _("Enter the first date as YYYY-MM-DD.")
        if end_date is None:
            errors["to"] = _("Enter the last date as YYYY-MM-DD.")
        if not errors and end_date < start_date:
            errors["to"] = _("The last date cannot be before the first date.")
        if not errors:
            entries = list(
                entries_with_details(RegistryEntry.objects.filter(registry_date__range=(start_date, end_date)))
                .order_by("case__year", "case__sequence", "number")
            )
            return _package_response(request, entries, f"arkiv-{start_date}-{end_date}.zip",
                                     {"from": str(start_date), "to": str(end_date)})
    return render(request, "correspondence/export.html", {
        "errors": errors, "start": start or "", "end": end or "",
    }, status=400 if errors else 200)
