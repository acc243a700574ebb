"""The state's written response: write (case officer), approve (a second case officer), publish → respond."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bygdevekst.agreements.enums import VersionKind
from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Guard
from bygdevekst.core.memo import once
from bygdevekst.core.shown import check_shown
from bygdevekst.core.signals import response_published

from ..enums import Action, Disposition, ResponseState
from ..models import ResponseItem, StateResponse
from .transitions import transition

# The state's written response: a proposal to answer, drafts only changed, approved by a second case officer.
has_proposal = Guard(lambda agreement: proposal_version(agreement) is not None,
                     gettext_lazy("There is no submitted proposal to respond to."), name="has_proposal")
response_is_draft = Guard(lambda response: response.state == ResponseState.DRAFT,
                          gettext_lazy("Only a draft response can be changed or approved."), name="response_is_draft")
response_not_by_approver = Guard(lambda response, user: response.author_id != user.pk,
                                 gettext_lazy("You wrote this response: another case officer must approve it."),
                                 name="response_not_by_approver")

def proposal_version(agreement):
    return agreement.versions.filter(kind=VersionKind.PROPOSAL).order_by("-number").first()


def targets(version):
    """Sub-goals and commitments of the proposal version: (uid, title, kind, indent). The version's text is
    checked against its SHA-256 first (the response page and the API show these titles)."""
    rows = []
    for fa in version.verified().content.get("focus_areas", []):
        for sg in fa.get("sub_goals", []):
            rows.append({"uid": sg["uid"], "title": sg["title"], "kind": "sub_goal"})
            for c in sg.get("commitments", []):
                rows.append({"uid": c["uid"], "title": f'{c["party"]["name"]}: {c["text"][:120]}', "kind": "commitment"})
    return rows


def save_response(agreement, user, general, items, response=None, request=None):
    """Create or edit a draft response. `items`: list of (uid, title, disposition, text)."""
    with transaction.atomic():
        if response is None:
            has_proposal.check(agreement)
            version = proposal_version(agreement)
            response = StateResponse.objects.create(agreement=agreement, version=version, general=general, author=user)
            action = "agreement.response_drafted"
        else:
            response_is_draft.check(response)
            response.general = general
            response.lock_version += 1
            response.save()
            response.items.all().delete()
            action = "agreement.response_edited"
        ResponseItem.objects.bulk_create(
            ResponseItem(response=response, position=i, target_uid=uid, target_title=title[:300],
                         disposition=disposition, text=text)
            for i, (uid, title, disposition, text) in enumerate(items)
        )
        log_action(action, actor=user, obj=response, agreement=agreement,
                   data={"items": len(items), "lock_version": response.lock_version}, request=request)
    return response


# What the approver is shown, field by field (R10): the labels name the fields when they changed.
CONTENT_LABELS = {"general": gettext_lazy("General part"), "items": gettext_lazy("Items")}


def response_content(response):
    """The response as the approver sees it, for its hash (R10)."""
    return {
        "general": response.general,
        "items": [
            {"target": str(i.target_uid), "title": i.target_title, "disposition": i.disposition, "text": i.text}
            for i in response.items.order_by("position", "pk")
        ],
    }


def approve_response(response, user, request=None, *, shown_sha256, shown_content=""):
    """Four eyes: the author can never approve their own response, and the approver approves what they were
    shown (R10): `shown_sha256` must be the hash of the response as stored now."""
    response_not_by_approver.check(response, user)
    original = response
    with transaction.atomic():
        response = StateResponse.objects.select_for_update().get(pk=response.pk)
        response_is_draft.check(response)
        approved_sha256 = check_shown(response_content(response), shown_sha256, CONTENT_LABELS, shown_content)
        response.state = ResponseState.APPROVED
        response.approved_by = user
        response.approved_at = timezone.now()
        response.save()
        log_action("agreement.response_approved", actor=user, obj=response, agreement=response.agreement,
                   data={"author": response.author.username, "approved_by": user.username,
                         "content_sha256": approved_sha256}, request=request)
    original.state, original.approved_by, original.approved_at = response.state, user, response.approved_at
    return response


def publish_response(response, user, request=None, at=None):
    """Publishing freezes the response and performs `respond` on the agreement."""
    with transaction.atomic():
        transition(response.agreement, Action.RESPOND, user, request=request, response=response, at=at)
        response.state = ResponseState.PUBLISHED
        response.published_at = at or timezone.now()
        response.save()
        log_action("agreement.response_published", actor=user, obj=response, agreement=response.agreement,
                   data={"items": response.items.count()}, request=request)
        response_published.send(sender=StateResponse, response=response, user=user)
    return response


def published_response(agreement):
    """The state's published response (read once per request: the process page and the dialogue guard ask)."""
    return once(("published-response", agreement.pk), lambda: agreement.state_responses.filter(
        state=ResponseState.PUBLISHED).order_by("-published_at").first())


def dialogue_agenda(agreement):
    """The open items of the published response: those needing dialogue."""
    response = published_response(agreement)
    if response is None:
        return []
    return list(response.items.filter(disposition=Disposition.NEEDS_DIALOGUE))


def agenda_source(kind, agreement):
    """For a dialogue meeting: the response items needing dialogue (see meetings.agenda)."""
    if kind != "dialogue" or agreement is None:
        return []
    return [
        {"title": item.target_title, "target_uid": item.target_uid, "question": item.text,
         "source": _("State response, item %(n)s") % {"n": item.position + 1}}
        for item in dialogue_agenda(agreement)
    ]
