from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from bygdevekst.access.roles import roles_of
from bygdevekst.access.views import require_perm
from bygdevekst.access.visibility import participating_pilots, visible_agreements
from bygdevekst.audit import fragments
from bygdevekst.audit.log import log_action

from . import charts, export_tables, exports, overview_cache, timeline
from .models import Round
from .queries import current_round, pilots_for_overview, with_statuses
from .status import milestone_status


@require_safe
def home(request):
    """KDD sees the whole round; a pilot's people see their own pilot first; the public sees rounds."""
    roles = roles_of(request.user)
    round_ = current_round()
    if roles.sees_everything and round_ is not None:
        # What every KDD user sees alike is rendered once and cached (overview_cache.py): not the tasks.
        section, count = overview_cache.kdd_section(request, round_, lambda: _kdd_round(request, round_, roles))
        return render(request, "programme/home.html", {
            "round": round_, "rounds": Round.objects.order_by("-number"), "roles": roles,
            "round_section": section, "pilot_count": count, "tasks": my_tasks(request),
        })
    pilots = with_statuses(list(pilots_for_overview(round_))) if round_ else []
    if roles.sees_everything:
        # KDD sees the pilots at risk first, then those that were late.
        pilots.sort(key=lambda p: (not p.at_risk, not p.late, p.name))
    own_ids = set()
    if roles.authenticated and not roles.sees_everything:
        own_ids = set(participating_pilots(request.user).values_list("pk", flat=True))
        pilots.sort(key=lambda p: (p.pk not in own_ids, p.name))
    visible_agreement_ids = set(visible_agreements(request.user).values_list("pk", flat=True))
    return render(
        request,
        "programme/home.html",
        {
            **_pictures(request, round_, pilots, per_pilot=False),
            "round": round_,
            "rounds": Round.objects.order_by("-number"),
            "pilots": pilots,
            "pilot_count": len(pilots),
            "own_ids": own_ids,
            "visible_agreement_ids": visible_agreement_ids,
            "roles": roles,
            "tasks": my_tasks(request),
        },
    )


def _kdd_round(request, round_, roles):
    """The context of the front page's round section for a user who sees everything: at-risk pilots first."""
    pilots = with_statuses(list(pilots_for_overview(round_)))
    pilots.sort(key=lambda p: (not p.at_risk, not p.late, p.name))
    return {
        **_pictures(request, round_, pilots, per_pilot=False),
        "round": round_,
        "pilots": pilots,
        "own_ids": set(),
        "visible_agreement_ids": set(visible_agreements(request.user).values_list("pk", flat=True)),
        "roles": roles,
    }


@require_safe
def round_detail(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    pilots = with_statuses(list(pilots_for_overview(round_)))
    return render(
        request,
        "programme/round.html",
        {
            **_pictures(request, round_, pilots, per_pilot=True),
            "round": round_,
            "pilots": pilots,
            "milestones": round_.milestones.all(),
            "can_manage": request.user.has_perm("programme.manage_rounds"),
            "visible_agreement_ids": set(visible_agreements(request.user).values_list("pk", flat=True)),
        },
    )


@require_safe
def pilot_detail(request, pk):
    pilot = get_object_or_404(pilots_for_overview(), pk=pk)
    agreement = getattr(pilot, "agreement", None)
    can_see_agreement = agreement is not None and visible_agreements(request.user).filter(pk=agreement.pk).exists()
    return render(
        request,
        "programme/pilot.html",
        {
            "pilot": pilot,
            "agreement": agreement if can_see_agreement else None,
            "milestones": pilot.round.milestones.all(),
            "statuses": [milestone_status(m, getattr(pilot, "agreement", None)) for m in pilot.round.milestones.all()],
            "can_manage": request.user.has_perm("programme.manage_rounds"),
            "can_invite": request.user.has_perm("programme.invite_people", pilot),
            "can_start": agreement is None and request.user.has_perm("agreements.start", pilot),
            # A cooperation partner's way in (KDD and the administrator may open it too: agreements:partner).
            "partner_agreement": agreement if agreement is not None and request.user.has_perm(
                "agreements.view_partner_part", agreement) else None,
        },
    )


def _pictures(request, round_, pilots, per_pilot):
    """The round's timeline for everyone (its statuses are on the pilot table already); budgets for KDD."""
    if round_ is None:
        return {}
    ordered = sorted(pilots, key=lambda p: p.name)
    # The timeline is alike for everyone who reads the round (every pilot, public dates and statuses): drawn once
    # until the next logged action or save, per language and day (audit/fragments.py).
    result = {"timeline": fragments.cached(
        f"round-timeline:{round_.pk}",
        lambda: render_to_string("programme/_timeline.html", {"timeline": timeline.build(round_, ordered)}),
        fragments.state_of(request),
    )}
    if request.user.has_perm("actionplans.view_overview"):
        round_chart, pilot_charts = charts.round_charts(round_, ordered)
        result |= {"round_chart": round_chart, "pilot_charts": pilot_charts if per_pilot else []}
    return result


@require_safe
def timeline_page(request, pk):
    """The timeline and its table on one printable page."""
    round_ = get_object_or_404(Round, pk=pk)
    pilots = list(pilots_for_overview(round_))
    return render(request, "programme/timeline.html", {
        "round": round_, "timeline": timeline.build(round_, pilots), "open_tables": True,
        "can_export": request.user.has_perm("process.view_matrix"),
    })


@require_safe
@login_required
def round_export(request, pk, kind, fmt):
    """One of the round's tables as .xlsx (printable on A4 landscape) or .csv (streamed)."""
    require_perm(request.user, "programme.export_round")
    round_ = get_object_or_404(Round, pk=pk)
    if kind not in export_tables.KINDS or fmt not in ("xlsx", "csv"):
        raise Http404
    table = export_tables.KINDS[kind](round_, request.user)
    log_action("round.exported", actor=request.user, obj=round_, data={"kind": kind, "format": fmt},
               request=request)
    filename = f"{export_tables.FILENAMES[kind]}-pulje-{round_.number}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(table), content_type="text/csv; charset=utf-8")
    else:
        response = FileResponse(exports.xlsx_file([table]), content_type=exports.XLSX_CONTENT_TYPE)  # streamed
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def my_tasks(request):
    """The front page's "My tasks" list as drawn. The process app knows what waits for whom; the front page only lists
    it. What waits changes only with a logged action, a save or the date, so the drawn list is kept per person until
    then (audit/fragments.py): a case officer's list at national scale is long, and drawing it was most of the page."""
    from bygdevekst.process.todo import my_tasks as tasks_of

    user = request.user
    if not user.is_authenticated:
        return ""

    def draw():
        return render_to_string("programme/_tasks.html", {"tasks": tasks_of(user)})

    return fragments.cached(f"tasks:{user.pk}", draw, fragments.state_of(request))
