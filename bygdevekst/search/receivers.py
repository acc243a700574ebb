"""Keep the index current as things are saved. Connected in SearchConfig.ready(), only for installed apps.

Content elements (focus areas, sub-goals, commitments, sections, parties) rebuild their agreement's
draft document; a new frozen version is indexed once (versions never change).
"""

from django.db.models.signals import post_delete, post_save

from . import external, indexers
from .enums import DocumentKind


def _skip(kwargs):
    return kwargs.get("raw", False)


def on_agreement_saved(sender, instance, **kwargs):
    if not _skip(kwargs):
        indexers.index_draft(instance)


def on_content_changed(sender, instance, **kwargs):
    if _skip(kwargs):
        return
    from bygdevekst.agreements.models import Agreement

    agreement = Agreement.objects.select_related("pilot").filter(pk=instance.agreement_id).first()
    if agreement is not None:
        indexers.index_draft(agreement)


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
    for model, on_save, on_delete in external.receivers():
        post_save.connect(on_save, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.save")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.delete")
