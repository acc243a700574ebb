"""Answering a meeting invitation: on the meeting page, or from the link in the invitation e-mail (which
names the participant, signed; the person logs in as usual)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bygdevekst.access.views import require_perm
from bygdevekst.core.refusals import on_refusal_return_to

from .domain.answers import answer_invitation, answerable
from .forms import AnswerForm
from .invitations import participant_from_link
from .views import _meeting


def answer_form(meeting, user, data=None, link_token=None):
    """The answer form for the participants this person may answer for, or None when there are none."""
    participants = answerable(user, meeting)
    if not participants or meeting.cancelled_at is not None:
        return None
    chosen = participant_from_link(meeting, link_token) if link_token else None
    if chosen is None or chosen.pk not in {p.pk for p in participants}:
        chosen = participants[0]
    initial = {
        "participant": chosen.pk,
        "answer": chosen.answer if chosen.answer != "NEEDS-ACTION" else None,
        "comment": chosen.answer_comment,
    }
    return AnswerForm(data, participants=participants, initial=initial, prefix="a")


def _back(request, pk):
    return reverse("meetings:detail", args=[pk]) + "#answer"


@login_required
@on_refusal_return_to(_back)
def answer(request, pk):
    meeting = _meeting(request, pk)
    form = answer_form(meeting, request.user, request.POST if request.method == "POST" else None, request.GET.get("p"))
    if form is None:
        if meeting.cancelled_at is not None:
            messages.info(request, _("The meeting is cancelled; there is nothing to answer."))
            return redirect(meeting.get_absolute_url())
        raise PermissionDenied(_("Only the participating organisations' people answer this invitation."))
    if request.method == "POST":
        if form.is_valid():
            participant = form.participants[form.cleaned_data["participant"]]
            require_perm(request.user, "meetings.answer", participant)
            answer_invitation(
                participant, request.user, form.cleaned_data["answer"], form.cleaned_data["comment"], request=request
            )
            messages.success(
                request, _("Your answer is saved: %(answer)s.") % {"answer": participant.get_answer_display()}
            )
            return redirect(_back(request, meeting.pk))
        return render(request, "meetings/answer.html", {"meeting": meeting, "answer_form": form}, status=400)
    return render(request, "meetings/answer.html", {"meeting": meeting, "answer_form": form})
