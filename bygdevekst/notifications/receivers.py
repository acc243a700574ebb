"""Who hears about what. Each receiver works in a savepoint and logs instead of raising, so a
notification problem never undoes the action that caused it."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.core.signals import in_savepoint

from .domain.notify import (
    kdd_users,
    notify,
    organisation_people,
    pilot_people,
    project_managers,
    reopen,
    settle,
)
from .enums import Event


def _url(obj):
    try:
        return obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


@in_savepoint
def on_agreement_transitioned(sender, agreement=None, action="", to_state="", user=None, version=None, **kwargs):
    pilot = agreement.pilot
    if action == "submit":
        notify(
            kdd_users(),
            Event.PROPOSAL_SUBMITTED,
            _("Proposal submitted: %(pilot)s") % {"pilot": pilot.name},
            url=_url(agreement),
            key=f"submit:{agreement.pk}:{getattr(version, 'pk', '')}",
            exclude=user,
        )
    elif action == "approve" or to_state == "approved":
        notify(
            pilot_people(pilot, partners=True),
            Event.APPROVAL,
            _("Agreement approved: %(pilot)s") % {"pilot": pilot.name},
            url=_url(agreement),
            key=f"approved:{agreement.pk}",
            exclude=user,
        )
    elif action == "open_approval":
        approval_round_opened(agreement, user, version)


def approval_round_opened(agreement, user, version=None):
    """The final text goes to the councils: the people of each council that must approve it (every
    municipality, and the county council when it is a main party) are told it awaits their council."""
    from bygdevekst.process.domain.anchoring import final_version, required_councils

    version = version or final_version(agreement)
    pilot = agreement.pilot
    for council in required_councils(agreement):
        people = [p for p in organisation_people([council], pilot) if _may_see(p, agreement)]
        notify(
            people,
            Event.APPROVAL_ROUND,
            lambda council=council: round_title(pilot, council),
            body=lambda: _("Record the council's decision on the process page once it has been made."),
            url=_url(agreement),
            key=f"approval-round:{agreement.pk}:{getattr(version, 'pk', '')}:{council.pk}",
            exclude=user,
        )


def round_title(pilot, council):
    return _("The final text of the agreement for %(pilot)s awaits the approval of %(council)s") % {
        "pilot": pilot.name, "council": council.name}


@in_savepoint
def on_record_corrected(sender, kind="", old=None, new=None, **kwargs):
    """A council's final approval withdrawn or corrected into one that does not count: its approval round waits
    again, and so does the notification that said it was handled."""
    from bygdevekst.agreements.enums import AgreementState
    from bygdevekst.process.domain.anchoring import final_approval_status

    if kind != "decision" or not getattr(old, "final_approval", False) or old.addendum_id is not None:
        return
    agreement = old.agreement
    if agreement.state != AgreementState.IN_APPROVAL:
        return
    version, rows = final_approval_status(agreement)
    for row in rows:
        org = row["organisation"]
        if version is None or org is None or org.pk != old.organisation_id or row["ok"]:
            continue
        reopen(
            [f"approval-round:{agreement.pk}:{version.pk}:{org.pk}"],
            lambda org=org: round_title(agreement.pilot, org),
            body=lambda: _("Record the council's decision on the process page once it has been made."),
        )


def _may_see(user, agreement):
    """Nobody is told about what they may not read (drafts are confidential to the pilot's people)."""
    return user.has_perm("process.view_process", agreement)


@in_savepoint
def on_response_published(sender, response=None, user=None, **kwargs):
    agreement = response.agreement
    pilot = agreement.pilot
    notify(
        [p for p in pilot_people(pilot) if _may_see(p, agreement)],
        Event.RESPONSE_PUBLISHED,
        lambda: _("KDD has answered the proposal from %(pilot)s") % {"pilot": pilot.name},
        body=lambda: _("The state's written response is published; the dialogue on the open items comes next."),
        url=_url(agreement),
        key=f"response:{response.pk}",
        exclude=user,
    )


def decision_title(decision):
    """What the decision did, in words: anchoring a proposal is not an approval of the final agreement."""
    org = {"org": str(decision.organisation)}
    rejected, postponed = getattr(decision, "rejected", False), getattr(decision, "postponed", False)
    addendum = getattr(decision, "addendum", None)
    if addendum is not None:
        org["n"] = addendum.number
        if rejected:
            return _("Addendum %(n)s rejected: %(org)s") % org
        if postponed:
            return _("Decision on addendum %(n)s postponed: %(org)s") % org
        return _("Addendum %(n)s approved: %(org)s") % org
    if getattr(decision, "final_approval", False):
        if rejected:
            return _("Final text rejected: %(org)s") % org
        if postponed:
            return _("Final approval postponed: %(org)s") % org
        return _("Final approval recorded: %(org)s") % org
    if rejected:
        return _("Proposal rejected: %(org)s") % org
    if postponed:
        return _("Decision on the proposal postponed: %(org)s") % org
    if getattr(decision, "gives_mandate", False) and not getattr(decision, "approves_proposal", False):
        return _("Mandate for the dialogue given: %(org)s") % org
    return _("Proposal anchored: %(org)s") % org


@in_savepoint
def on_anchoring_decision_recorded(sender, decision=None, user=None, **kwargs):
    agreement = decision.agreement
    final = getattr(decision, "final_approval", False) or getattr(decision, "addendum", None) is not None
    settled = not (getattr(decision, "rejected", False) or getattr(decision, "postponed", False))
    event = Event.APPROVAL if final and settled else Event.DECISION
    people = list(project_managers(agreement.pilot)) + list(kdd_users())
    notify(
        people,
        event,
        lambda: decision_title(decision),
        url=_url(agreement),
        key=f"anchoring:{decision.pk}",
        exclude=user,
    )
    if final and settled and getattr(decision, "addendum", None) is None:
        _council_round_settled(agreement, decision)


def _council_round_settled(agreement, decision):
    """The council whose approval the round awaited has approved the final text: its people's "awaits the
    approval of" notification says so, and nobody is sent to record it twice."""
    from bygdevekst.process.domain.anchoring import final_approval_status

    version, rows = final_approval_status(agreement)
    if version is None:
        return
    for row in rows:
        org = row["organisation"]
        if org is None or row["decision"] is None or row["decision"].pk != decision.pk:
            continue
        settle(
            [f"approval-round:{agreement.pk}:{version.pk}:{org.pk}"],
            lambda org=org: (
                _("Already handled: the approval of %(council)s for %(pilot)s is recorded")
                % {"council": org.name, "pilot": agreement.pilot.name}
            ),
            body=lambda: _("Nothing is left for you to do on this approval."),
        )


@in_savepoint
def on_comment_posted(sender, comment=None, user=None, **kwargs):
    """A reply reaches the author of the comment it answers; a new comment on the text reaches the
    text's authors, the pilot's project managers."""
    agreement = comment.agreement
    parent = getattr(comment, "parent", None)
    recipients = [parent.author] if parent is not None else list(project_managers(agreement.pilot))
    try:
        url = reverse("agreements:detail", args=[agreement.pk])
        if (
            parent is not None
            and not parent.author.has_perm("agreements.view_comments", agreement)
            and parent.author.has_perm("agreements.view_partner_part", agreement)
        ):
            url = reverse("agreements:partner", args=[agreement.pk])  # a partner reads its threads there
    except NoReverseMatch:
        url = _url(agreement)
    notify(
        recipients,
        Event.COMMENT,
        _("New comment on %(title)s") % {"title": agreement.title},
        body=comment.body[:500],
        url=url,
        key=f"comment:{comment.pk}",
        exclude=user or comment.author,
    )


# ---- Hand-offs read from the action log: the steps that send no domain signal of their own ----------------


def _response_waiting(entry):
    """A response drafted by one case officer waits for a second one's approval (four eyes)."""
    from bygdevekst.process.models import StateResponse

    response = StateResponse.objects.select_related("agreement__pilot", "author").filter(pk=entry.object_id).first()
    if response is None or response.state != "draft":
        return
    pilot = response.agreement.pilot
    notify(
        kdd_users(),
        Event.APPROVAL_WAITING,
        lambda: _("The response to %(pilot)s awaits your approval") % {"pilot": pilot.name},
        body=lambda: (
            _("Written by %(author)s. Another case officer than the author approves it before it is published.")
            % {"author": response.author}
        ),
        url=reverse("process:response", args=[response.pk]),
        key=f"approval-waiting:response:{response.pk}",
        exclude=response.author,
    )


def _letter_waiting(entry):
    """A letter composed by one case officer waits for a second one's approval before it is sent."""
    from bygdevekst.correspondence.models import Letter

    letter = Letter.objects.select_related("created_by", "pilot", "round").filter(pk=entry.object_id).first()
    if letter is None or letter.state != "draft":
        return
    notify(
        kdd_users(),
        Event.APPROVAL_WAITING,
        lambda: letter_waiting_title(letter),
        body=lambda: (
            _("Written by %(author)s. Another case officer than the author approves it before it is sent.")
            % {"author": letter.created_by}
        ),
        url=_url(letter),
        key=f"approval-waiting:letter:{letter.pk}",
        exclude=letter.created_by,
    )


def letter_waiting_title(letter):
    """Which letter, to whom: a pilot's letter names the pilot, a round letter the round (whole sentences)."""
    if letter.pilot_id:
        return _("The letter “%(title)s” to %(pilot)s awaits your approval") % {
            "title": letter.title, "pilot": letter.pilot.name}
    return _("The letter “%(title)s” to the pilots of %(round)s awaits your approval") % {
        "title": letter.title, "round": letter.round.name}


def _letter_sent(entry):
    """The letter is approved and sent: whoever else was asked to approve it has nothing left to do."""
    from bygdevekst.correspondence.models import Letter

    letter = Letter.objects.select_related("pilot", "round", "approved_by").filter(pk=entry.object_id).first()
    if letter is None:
        return
    who = letter.approved_by or entry.actor
    if letter.pilot_id:
        title = lambda: (  # noqa: E731
            _("Already handled: %(who)s approved the letter “%(title)s” to %(pilot)s, and it is sent")
            % {"who": who, "title": letter.title, "pilot": letter.pilot.name})
    else:
        title = lambda: (  # noqa: E731
            _("Already handled: %(who)s approved the letter “%(title)s” to the pilots of %(round)s, and it is sent")
            % {"who": who, "title": letter.title, "round": letter.round.name})
    settle([f"approval-waiting:letter:{letter.pk}"], title,
           body=lambda: _("Nothing is left for you to do on this letter."))


def _meeting_called(entry):
    """A dialogue meeting is called: the people of every participating organisation who may see it hear of it
    in the app. The calendar invitation is e-mailed by the meetings app; whoever got it at their own address
    gets no second e-mail."""
    from bygdevekst.meetings.invitations import invitees
    from bygdevekst.meetings.models import Meeting, MeetingKind
    from bygdevekst.meetings.queries import visible_meetings

    meeting = Meeting.objects.select_related("agreement__pilot").filter(pk=entry.object_id).first()
    if meeting is None or meeting.kind != MeetingKind.DIALOGUE or meeting.agreement is None:
        return
    if meeting.date < timezone.localdate():  # recorded after the fact: nobody is called to it
        return
    pilot = meeting.agreement.pilot
    orgs = [p.organisation_id for p in meeting.participants.filter(invited=True)]
    people = [p for p in organisation_people(orgs, pilot) if visible_meetings(p).filter(pk=meeting.pk).exists()]
    notify(
        people,
        Event.MEETING_CALLED,
        lambda: (
            _("Dialogue meeting on %(date)s called: %(pilot)s")
            % {"date": meeting.date.strftime("%d.%m.%Y"), "pilot": pilot.name}
        ),
        body=lambda: meeting.title,
        url=_url(meeting),
        key=f"meeting-called:{meeting.pk}",
        exclude=entry.actor,
        emailed_elsewhere=[address for _participant, address in invitees(meeting)],
    )


def _response_approved(entry):
    """The second case officer approved a response: its author publishes it."""
    from bygdevekst.process.models import StateResponse

    response = StateResponse.objects.select_related("agreement__pilot", "author", "approved_by").filter(
        pk=entry.object_id).first()
    if response is None or response.state != "approved":
        return
    pilot = response.agreement.pilot
    who = response.approved_by or entry.actor
    settle(
        [f"approval-waiting:response:{response.pk}"],
        lambda: (_("Already handled: %(who)s approved the response to %(pilot)s")
                 % {"who": who, "pilot": pilot.name}),
        body=lambda: _("Nothing is left for you to do: its author publishes it."),
    )
    notify(
        [response.author],
        Event.APPROVAL_WAITING,
        lambda: _("Your response to %(pilot)s is approved: publish it") % {"pilot": pilot.name},
        url=reverse("process:response", args=[response.pk]),
        key=f"approved-to-publish:response:{response.pk}",
        exclude=entry.actor,
    )


def _addendum_sent(entry):
    """An addendum goes to the same councils as the agreement (R4): each council's people are told it waits."""
    from bygdevekst.process.domain.anchoring import required_councils
    from bygdevekst.process.models import Addendum

    addendum = Addendum.objects.select_related("agreement__pilot").filter(pk=entry.object_id).first()
    if addendum is None:
        return
    agreement, pilot = addendum.agreement, addendum.agreement.pilot
    for council in required_councils(agreement):
        people = [p for p in organisation_people([council], pilot) if _may_see(p, agreement)]
        notify(
            people,
            Event.APPROVAL_ROUND,
            lambda council=council: (
                _("Addendum %(n)s to the agreement for %(pilot)s awaits the approval of %(council)s")
                % {"n": addendum.number, "pilot": pilot.name, "council": council.name}
            ),
            body=lambda: _("Record the council's decision on the process page once it has been made."),
            url=_url(agreement),
            key=f"addendum-round:{addendum.pk}:{addendum.sha256}:{council.pk}",
            exclude=entry.actor,
        )


def _response_published(entry):
    """The author published the approved response: the reminder to publish it is done too."""
    from bygdevekst.process.models import StateResponse

    response = StateResponse.objects.select_related("agreement__pilot").filter(pk=entry.object_id).first()
    if response is None:
        return
    pilot = response.agreement.pilot
    settle(
        [f"approval-waiting:response:{response.pk}", f"approved-to-publish:response:{response.pk}"],
        lambda: _("Already handled: the response to %(pilot)s is published") % {"pilot": pilot.name},
        body=lambda: _("Nothing is left for you to do on this response."),
    )


LOGGED_HANDOFFS = {
    "agreement.response_drafted": _response_waiting,
    "correspondence.letter_composed": _letter_waiting,
    "meeting.created": _meeting_called,
    "agreement.response_approved": _response_approved,
    "agreement.addendum_sent_for_approval": _addendum_sent,
    "correspondence.letter_sent": _letter_sent,
    "agreement.response_published": _response_published,
}


def on_action_logged(sender, instance=None, created=False, **kwargs):
    handler = LOGGED_HANDOFFS.get(getattr(instance, "action", ""))
    if created and handler is not None:
        in_savepoint(handler)(instance)


def connect():
    from django.db.models.signals import post_save

    from bygdevekst.audit.models import ActionLog
    from bygdevekst.core import signals

    post_save.connect(on_action_logged, sender=ActionLog, dispatch_uid="notifications.action_logged")

    signals.agreement_transitioned.connect(on_agreement_transitioned, dispatch_uid="notifications.transitioned")
    signals.response_published.connect(on_response_published, dispatch_uid="notifications.response")
    signals.anchoring_decision_recorded.connect(on_anchoring_decision_recorded, dispatch_uid="notifications.anchoring")
    signals.comment_posted.connect(on_comment_posted, dispatch_uid="notifications.comment")
    signals.record_corrected.connect(on_record_corrected, dispatch_uid="notifications.record_corrected")
