"""Reactions to other apps' events (connected in ActionPlansConfig.ready)."""

from django.dispatch import receiver

from bygdevekst.core.signals import agreement_transitioned


@receiver(agreement_transitioned, dispatch_uid="actionplans.freeze_with_proposal")
def freeze_draft_with_proposal(sender, agreement, action, user=None, version=None, **kwargs):
    """R6: the pilot's current draft action plan goes with the proposal as it stands, gaps and all."""
    if action != "submit":
        return
    from .domain.plans import freeze_with_proposal

    freeze_with_proposal(agreement, actor=user, version=version)
