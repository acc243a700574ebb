"""Composing, checking recipients, approving (four eyes) and previewing letters. KDD only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from bygdevekst.access.views import require_perm
from bygdevekst.access.visibility import visible_letters
from bygdevekst.core.confirmation import confirmation_page, confirmed
from bygdevekst.core.guards import Stale, check_all, reasons_against
from bygdevekst.core.refusals import on_refusal_return_to
from bygdevekst.core.shown import ContentChanged, check_shown, shown_fields
from bygdevekst.programme.models import Round

from .domain.cases import kdd
from .domain.letters import CONTENT_LABELS, approve_and_send, change_recipients, compose, letter_content
from .domain.pdf import render_letter_pdf
from .enums import PartyRole
from .forms import LetterForm, RecipientsForm
from .guards import APPROVAL


def _letters(user):
    return visible_letters(user).select_related("round", "pilot", "case_officer", "created_by", "approved_by",
                                                "registry_entry__case")


def _require_compose(request):
    if not request.user.has_perm("correspondence.compose_letter"):
        raise Http404


@require_safe
@login_required
def letter_list(request):
    _require_compose(request)
    return render(request, "correspondence/letter_list.html", {"letters": _letters(request.user)})


@login_required
def letter_new(request):
    _require_compose(request)
    initial = {"case_officer": request.user, "round": request.GET.get("round"), "pilot": request.GET.get("pilot")}
    form = LetterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = compose(
            round_=data["round"], pilot=data["pilot"], author=request.user, title=data["title"], body=data["body"],
            body_nn=data["body_nn"], their_reference=data["their_reference"], case_officer=data["case_officer"],
            case_officer_phone=data["case_officer_phone"], signatories=form.signatories(), request=request,
        )
        messages.success(request, _("The letter is saved as a draft. Check the recipients; a colleague approves it."))
        return redirect(letter)
    other_rounds = Round.objects.exclude(pk=getattr(form.chosen_round, "pk", None)).order_by("-number")
    return render(request, "correspondence/letter_form.html", {"form": form, "other_rounds": other_rounds},
                  status=400 if form.errors else 200)


def _recipient_lists(letter):
    rows = list(letter.recipients.select_related("organisation"))
    return ([r.organisation for r in rows if r.role == PartyRole.RECIPIENT],
            [r.organisation for r in rows if r.role == PartyRole.COPY_RECIPIENT])


@require_safe
def letter_detail(request, pk):
    letter = get_object_or_404(_letters(request.user), pk=pk)
    return _render_detail(request, letter)


def _render_detail(request, letter, changed=None, status=200):
    recipients, copies = _recipient_lists(letter)
    return render(request, "correspondence/letter_detail.html", {
        "letter": letter, "recipients": recipients, "copies": copies,
        "shown": shown_fields(letter_content(letter)), "changed": changed,
        "signatories": letter.signatories.all(),
        "deliveries": letter.deliveries.select_related("organisation", "document").order_by("role", "organisation__name"),
        "can_approve": request.user.has_perm("correspondence.approve_letter", letter),
        "can_edit": request.user.has_perm("correspondence.edit_letter", letter),
        "reasons": reasons_against(letter, *APPROVAL, user=request.user) if letter.is_draft else [],
    }, status=status)


def letter_edit(request, pk):
    letter = get_object_or_404(_letters(request.user), pk=pk)
    require_perm(request.user, "correspondence.edit_letter", letter)
    recipients, copies = _recipient_lists(letter)
    form = RecipientsForm(request.POST or None, letter=letter, initial={
        "lock_version": letter.lock_version, "recipients": recipients, "copies": copies})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            current = change_recipients(letter, list(form.cleaned_data["recipients"]), list(form.cleaned_data["copies"]),
                                        lock_version=form.cleaned_data["lock_version"], actor=request.user,
                                        request=request)
        except Stale:
            conflict = True
        else:
            messages.success(request, _("The recipients are saved."))
            return redirect(current)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(request, "correspondence/letter_edit.html", {
        "letter": letter, "form": form, "conflict": conflict, "current_recipients": recipients,
        "current_copies": copies,
    }, status=status)


@require_POST
@on_refusal_return_to("correspondence:letter")
def letter_approve(request, pk):
    letter = get_object_or_404(_letters(request.user), pk=pk)
    require_perm(request.user, "correspondence.approve_letter", letter)
    if not confirmed(request):
        return _confirm_sending(request, letter)
    try:
        approve_and_send(letter, request.user, request=request, shown_sha256=request.POST.get("shown_sha256", ""),
                         shown_content=request.POST.get("shown_content", ""))
    except ContentChanged as changed:
        # R10: show the approver what changed since they opened it, with the current letter to approve instead.
        letter = get_object_or_404(_letters(request.user), pk=pk)
        return _render_detail(request, letter, changed=changed, status=409)
    messages.success(request, _("The letter is approved, registered and being sent."))
    return redirect(letter)


def _confirm_sending(request, letter):
    """Sending cannot be undone: first the page that says so and to whom, after the checks the approval makes
    (four eyes, and R10: a letter changed since it was opened answers 409 with the change at once)."""
    check_all(letter, *APPROVAL, user=request.user)
    try:
        check_shown(letter_content(letter), request.POST.get("shown_sha256", ""), CONTENT_LABELS,
                    request.POST.get("shown_content", ""))
    except ContentChanged as changed:
        return _render_detail(request, letter, changed=changed, status=409)
    recipients, copies = _recipient_lists(letter)
    count = len(recipients) + len(copies)
    step = (
        _("Approve and send the letter"),
        ngettext("The letter is registered in the case log, made a PDF/A and sent to %(count)s recipient. A sent "
                 "letter cannot be changed or called back.",
                 "The letter is registered in the case log, made a PDF/A and sent to %(count)s recipients. A sent "
                 "letter cannot be changed or called back.", count) % {"count": count},
        _("Yes, approve and send the letter"),
    )
    return confirmation_page(request, step, reverse("correspondence:letter_approve", args=[letter.pk]),
                             letter.get_absolute_url(), details=[o.name for o in recipients + copies],
                             crumbs=[(_("Letters"), reverse("correspondence:letters")),
                                     (letter.title, letter.get_absolute_url())])


@require_safe
def letter_preview(request, pk):
    """The PDF as it will look, before approval (not registered, not stored)."""
    letter = get_object_or_404(_letters(request.user), pk=pk)
    recipients, copies = _recipient_lists(letter)
    content = render_letter_pdf(
        letter, sender=kdd(), reference=_("(given on approval)"), standard="nb", recipients=recipients, copies=copies,
        signatories=list(letter.signatories.all()), letter_date=letter.letter_date or timezone.localdate(),
    )
    return HttpResponse(content, content_type="application/pdf")
