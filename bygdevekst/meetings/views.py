from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.core.refusals import on_refusal_return_to

from .domain import documents
from .domain import meetings as actions
from .forms import AgendaItemForm, AttachmentForm, MeetingForm, MinutesForm, OutcomeForm, ParticipantForm
from .models import MeetingKind
from .queries import visible_meetings


def _meeting(request, pk, perm=None):
    meeting = get_visible_or_404(
        lambda u: visible_meetings(u).select_related("agreement__pilot__round", "round"), request.user, pk=pk
    )
    if perm:
        require_perm(request.user, perm, meeting.agreement)
    return meeting


@require_safe
@login_required
def meeting_list(request):
    require_perm(request.user, "meetings.manage")
    meetings = visible_meetings(request.user).select_related("agreement__pilot", "round")
    return render(request, "meetings/list.html", {"meetings": meetings})


@require_safe
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    from .answer_views import answer_form  # the answer views import this module

    items = list(meeting.items.all())
    can_manage = request.user.has_perm("meetings.manage", meeting.agreement)
    return render(request, "meetings/detail.html", {
        "meeting": meeting,
        "participants": meeting.participants.select_related("organisation", "answered_by"),
        "answer_form": answer_form(meeting, request.user) if request.user.is_authenticated else None,
        "minutes_form": MinutesForm(instance=meeting, initial={"lock_version": meeting.lock_version}, prefix="m")
        if can_manage else None,
        "attachment_form": AttachmentForm(prefix="d") if can_manage else None,
        "attachments": meeting.attachments.all(),
        "items": items,
        "can_manage": can_manage,
        "participant_form": ParticipantForm(prefix="p") if can_manage else None,
        "item_form": AgendaItemForm(prefix="i") if can_manage else None,
        "outcome_form": OutcomeForm(items=items) if can_manage and items else None,
        "outcome_corrections": actions.outcome_corrections(meeting),
        "minutes_registration": documents.minutes_registration(meeting, request.user) if can_manage else None,
    })


@login_required
def meeting_create(request):
    """GET ?kind=dialogue|political|annual&agreement=<id>[&year=YYYY] preselects the kind, the agreement and, for
    an annual meeting, its year."""
    require_perm(request.user, "meetings.manage")
    agreement = None
    agreement_id = request.GET.get("agreement") or request.POST.get("agreement")
    if agreement_id:
        if not str(agreement_id).isdigit():
            raise Http404
        agreement = get_visible_or_404(
            lambda u: visible_agreements(u).select_related("pilot__round"), request.user, pk=int(agreement_id)
        )
    kind = request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else MeetingKind.POLITICAL
    initial = {"kind": kind, "date": timezone.localdate()}
    if agreement is not None:
        initial["title"] = f"{MeetingKind(kind).label.capitalize()} – {agreement.pilot.name}"
    year = request.GET.get("year", "")
    if agreement is not None and kind == MeetingKind.ANNUAL and year.isdigit() and len(year) == 4:
        # the annual meeting of a past year, recorded after the fact: its date is asked for, never guessed
        initial["title"] = f"{MeetingKind(kind).label.capitalize()} {year} – {agreement.pilot.name}"
        if int(year) != initial["date"].year:
            initial["date"] = None
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = actions.create_meeting(request.user, form.cleaned_data, agreement=agreement, request=request)
        invited = actions.invitations_due(meeting)
        if invited:
            messages.success(request, ngettext(
                "The meeting is created. %(n)s participant gets the invitation by e-mail.",
                "The meeting is created. %(n)s participants get the invitation by e-mail.", invited) % {"n": invited})
        elif not actions.upcoming(meeting.date):
            messages.success(request, _("The meeting is recorded as held. Its day has passed, so no invitations "
                                        "are sent."))
        else:
            messages.success(request, _("The meeting is created."))
        return redirect(meeting.get_absolute_url())
    return render(request, "meetings/form.html", {"form": form, "agreement": agreement, "meeting": None,
                                                  "title": _("New meeting")})


def meeting_edit(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    form = MeetingForm(request.POST or None, instance=meeting, initial={"lock_version": meeting.lock_version})
    if request.method == "POST" and form.is_valid():
        saved = actions.edit_meeting(meeting, request.user, form.cleaned_data,
                                      form.cleaned_data.get("lock_version"), request=request)
        if saved:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting.get_absolute_url())
        meeting.refresh_from_db()
        form.add_error(None, _("Someone else changed this meeting while you were editing. Your text is kept below; "
                               "the saved version now reads: %(title)s, %(date)s, %(place)s. Check and save again.")
                       % {"title": meeting.title, "date": meeting.date, "place": meeting.place})
        form.data = form.data.copy()
        form.data["lock_version"] = meeting.lock_version
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting, "agreement": meeting.agreement,
                                                  "title": _("Edit meeting")})


@require_POST
def add_participant(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    form = ParticipantForm(request.POST, prefix="p")
    if form.is_valid() and not meeting.participants.filter(organisation=form.cleaned_data["organisation"]).exists():
        participant = actions.add_participant(meeting, request.user, form.save(commit=False), request=request)
        if actions.participant_invited(meeting, participant):
            messages.success(request, _("The participant is added and gets the invitation by e-mail."))
        else:
            messages.success(request, _("The participant is added."))
    else:
        messages.error(request, _("Choose an organisation that is not already taking part, and its capacity."))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#participants")


@require_POST
def add_item(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    form = AgendaItemForm(request.POST, prefix="i")
    if form.is_valid():
        actions.add_agenda_item(meeting, request.user, form.save(commit=False), request=request)
        messages.success(request, _("The agenda item is added."))
    else:
        messages.error(request, _("Write a title for the agenda item."))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


@require_POST
@on_refusal_return_to(lambda request, pk: reverse("meetings:detail", args=[pk]) + "#agenda")
def record_outcomes(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    items = list(meeting.items.all())
    form = OutcomeForm(request.POST, items=items)
    if form.is_valid():
        actions.record_outcomes(
            meeting, request.user,
            {i: (form.cleaned_data[f"o_{i.pk}"], form.cleaned_data[f"t_{i.pk}"]) for i in items}, request=request,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The minutes are saved."))
    else:
        messages.error(request, _("Choose a valid outcome for every item."))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


@require_POST
def cancel_meeting(request, pk):
    meeting = _meeting(request, pk, "meetings.manage")
    if actions.cancel_meeting(meeting, request.user, request=request):
        if actions.upcoming(meeting.date):
            messages.success(request, _("The meeting is cancelled; the participants are told."))
        else:
            messages.success(request, _("The meeting is marked as cancelled. Its day has passed, so nobody is "
                                        "e-mailed."))
    else:
        messages.info(request, _("The meeting was already cancelled."))
    return redirect(meeting.get_absolute_url())
