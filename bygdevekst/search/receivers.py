"""Keep the index current as things are saved. Connected in SearchConfig.ready(), only for installed apps.

A changed agreement or content element (focus area, sub-goal, commitment, section, party) marks the
agreement's draft document stale; it is rebuilt once when the transaction commits, or before the
next search in this thread, whichever comes first (so editing twenty elements rebuilds it once).
A new frozen version is indexed once (versions never change).
"""

from django.db.models.signals import post_delete, post_save

from bygdevekst.core import signals

from . import external, indexers
from .enums import DocumentKind


def _skip(kwargs):
    return kwargs.get("raw", False)


def on_agreement_saved(sender, instance, **kwargs):
    if not _skip(kwargs):
        indexers.draft_changed(instance.pk)


def on_content_changed(sender, instance, **kwargs):
    if not _skip(kwargs) and instance.agreement_id:
        indexers.draft_changed(instance.agreement_id)


def on_version_saved(sender, instance, created, **kwargs):
    if created and not _skip(kwargs):
        indexers.index_version(instance)


def on_comment_saved(sender, instance, **kwargs):
    if not _skip(kwargs):
        indexers.index_comment(instance)


def on_comment_deleted(sender, instance, **kwargs):
    indexers.remove(DocumentKind.COMMENT, instance.pk)


def connect():
    from bygdevekst.agreements import models as agreements

    uid = "bygdevekst.search"
    post_save.connect(on_agreement_saved, sender=agreements.Agreement, dispatch_uid=f"{uid}.agreement")
    for name in ("FocusArea", "SubGoal", "Commitment", "Section", "AgreementParty"):
        content_model = getattr(agreements, name)
        post_save.connect(on_content_changed, sender=content_model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(on_content_changed, sender=content_model, dispatch_uid=f"{uid}.{name}.delete")
    post_save.connect(on_version_saved, sender=agreements.AgreementVersion, dispatch_uid=f"{uid}.version")
    comment = indexers.model("agreements.Comment")
    if comment is not None:
        post_save.connect(on_comment_saved, sender=comment, dispatch_uid=f"{uid}.comment.save")
        post_delete.connect(on_comment_deleted, sender=comment, dispatch_uid=f"{uid}.comment.delete")
    if external.model("actionplans.Measure") is not None:  # measures saved in bulk (an import)
        signals.measures_saved.connect(external.on_measures_saved, dispatch_uid=f"{uid}.measures_saved")
    for model, on_save, on_delete in external.receivers():
        post_save.connect(on_save, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.save")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.delete")
