"""Who hears about what. Each receiver works in a savepoint and logs instead of raising, so a
notification problem never undoes the action that caused it."""


from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from bygdevekst.core.signals import in_savepoint

from .domain.notify import kdd_users, notify, pilot_people, project_managers
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
        notify(kdd_users(), Event.PROPOSAL_SUBMITTED, _("Proposal submitted: %(pilot)s") % {"pilot": pilot.name},
               url=_url(agreement), key=f"submit:{agreement.pk}:{getattr(version, 'pk', '')}", exclude=user)
    elif action == "approve" or to_state == "approved":
        notify(pilot_people(pilot, partners=True), Event.APPROVAL, _("Agreement approved: %(pilot)s") % {"pilot": pilot.name},
               url=_url(agreement), key=f"approved:{agreement.pk}", exclude=user)


@in_savepoint
def on_response_published(sender, response=None, user=None, **kwargs):
    agreement = response.agreement
    notify(pilot_people(agreement.pilot), Event.RESPONSE_PUBLISHED,
           _("The state's response is published: %(pilot)s") % {"pilot": agreement.pilot.name},
           url=_url(agreement), key=f"response:{response.pk}", exclude=user)


@in_savepoint
def on_anchoring_decision_recorded(sender, decision=None, user=None, **kwargs):
    agreement = decision.agreement
    # A decision on the proposal (anchoring, a mandate) is not an approval of the final agreement: say which.
    if getattr(decision, "final_approval", True):
        title = _("Approval recorded: %(organisation)s") % {"organisation": decision.organisation}
    else:
        title = _("Decision on the proposal recorded: %(organisation)s") % {"organisation": decision.organisation}
    people = list(project_managers(agreement.pilot)) + list(kdd_users())
    notify(people, Event.APPROVAL, title, url=_url(agreement), key=f"anchoring:{decision.pk}", exclude=user)


@in_savepoint
def on_comment_posted(sender, comment=None, user=None, **kwargs):
    """A reply reaches the author of the comment it answers; a new comment on the text reaches the
    text's authors, the pilot's project managers."""
    agreement = comment.agreement
    parent = getattr(comment, "parent", None)
    recipients = [parent.author] if parent is not None else list(project_managers(agreement.pilot))
    try:
        url = reverse("agreements:detail", args=[agreement.pk])
        if parent is not None and not parent.author.has_perm("agreements.view_comments", agreement) \
                and parent.author.has_perm("agreements.view_partner_part", agreement):
            url = reverse("agreements:partner", args=[agreement.pk])  # a partner reads its threads there
    except NoReverseMatch:
        url = _url(agreement)
    notify(recipients, Event.COMMENT, _("New comment on %(title)s") % {"title": agreement.title},
           body=comment.body[:500], url=url, key=f"comment:{comment.pk}", exclude=user or comment.author)


def connect():
    from bygdevekst.core import signals

    signals.agreement_transitioned.connect(on_agreement_transitioned, dispatch_uid="notifications.transitioned")
    signals.response_published.connect(on_response_published, dispatch_uid="notifications.response")
    signals.anchoring_decision_recorded.connect(on_anchoring_decision_recorded, dispatch_uid="notifications.anchoring")
    signals.comment_posted.connect(on_comment_posted, dispatch_uid="notifications.comment")
