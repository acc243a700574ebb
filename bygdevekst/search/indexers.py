"""What goes into the index, per kind. Other apps' models are read only if their app is installed.

Each function takes the indexed object and writes (or removes) its SearchDocument. `reindex_all()`
rebuilds everything; the receivers call the single-object functions as things are saved.
"""

import logging
import threading

from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from . import text
from .enums import Audience, DocumentKind
from .models import SearchDocument

log = logging.getLogger(__name__)


def _url(name, *args, fallback="", anchor=""):
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        url = fallback
    return f"{url}#{anchor}" if anchor and url else url


def document_fields(title, parts):
    """The readable plain text, the anchors and the keys of a document made of [(anchor, text), …]."""
    chunks, anchors, offset = [], [], 0
    for anchor, part in parts:
        readable = text.plain(part)
        if not readable:
            continue
        if anchor:
            anchors.append([offset, anchor])
        chunks.append(readable)
        offset += len(readable) + 1
    body = "\n".join(chunks)
    title = (title or "")[:500]
    keys, first_offsets = text.index_text_and_offsets(body)
    return {
        "title": title,
        "body": body,
        "anchors": anchors,
        "first_offsets": first_offsets,
        "index_title": text.index_text(title),
        "index_text": keys,
    }


def upsert(kind, ref, *, title, parts, **fields):
    """Write one document; `parts` is [(anchor, safe text), …] in reading order.

    One INSERT … ON CONFLICT DO UPDATE on the (kind, object) constraint, which both engines run as one statement
    (and SQLite's triggers keep the FTS table in step either way), instead of update_or_create's locked read,
    two savepoints and a write, on every save of an indexed object."""
    defaults = {**document_fields(title, parts), **fields}
    SearchDocument.objects.bulk_create(
        [SearchDocument(kind=kind, object_ref=str(ref), **defaults)],
        update_conflicts=True, unique_fields=["kind", "object_ref"], update_fields=[*defaults, "updated_at"],
    )
    _changed()


def upsert_many(kind, documents):
    """Write many documents of one kind at once (an import of a thousand measures): one delete, one insert.
    `documents` is [(ref, title, parts, fields)], as upsert() takes them one by one."""
    rows = [
        SearchDocument(kind=kind, object_ref=str(ref), **{**document_fields(title, parts), **fields})
        for ref, title, parts, fields in documents
    ]
    SearchDocument.objects.filter(kind=kind, object_ref__in=[row.object_ref for row in rows]).delete()
    SearchDocument.objects.bulk_create(rows, batch_size=500)
    _changed()


def remove(kind, ref):
    SearchDocument.objects.filter(kind=kind, object_ref=str(ref)).delete()
    _changed()


def _changed():
    """A bulk write or a delete sends no save signal: say so to the kept search rankings (query.py, `kept`)."""
    from bygdevekst.audit import fragments

    fragments.invalidate()


# ---- Agreements ----------------------------------------------------------------------------
def content_parts(content, prefix):
    """The readable parts of an agreement's canonical content (agreements.domain.snapshot)."""
    parts = [("", content.get("title", "")), ("", content.get("purpose", "")), ("", content.get("overall_goal", ""))]
    for fa in content.get("focus_areas", []):
        parts.append((f"{prefix['fa']}{fa['uid']}", f"{fa.get('title', '')}\n{fa.get('description', '')}"))
        for sg in fa.get("sub_goals", []):
            parts.append((f"{prefix['sg']}{sg['uid']}", f"{sg.get('title', '')}\n{sg.get('description', '')}"))
            for c in sg.get("commitments", []):
                parts.append((f"{prefix['c']}{c['uid']}", c.get("text", "")))
    for s in content.get("sections", []):
        parts.append((f"{prefix['s']}{s['uid']}", f"{s.get('title', '')}\n{s.get('body', '')}"))
    return [(anchor, t.strip()) for anchor, t in parts if t and t.strip()]


VERSION_ANCHORS = {"fa": "t-", "sg": "t-", "c": "t-", "s": "t-"}
DRAFT_ANCHORS = {"fa": "fa-", "sg": "sg-", "c": "c-", "s": "s-"}


def _agreement_fields(agreement):
    return {
        "agreement_id": agreement.pk,
        "pilot_id": agreement.pilot_id,
        "round_id": agreement.pilot.round_id,
        "language": agreement.written_standard,
    }


def index_draft(agreement):
    """The living draft: for those who may see the pilot's work."""
    from bygdevekst.agreements.domain.snapshot import snapshot

    upsert(
        DocumentKind.DRAFT, agreement.pk,
        title=agreement.title,
        parts=content_parts(snapshot(agreement), DRAFT_ANCHORS),
        audience=Audience.PARTICIPANTS,
        version_number=None,
        url=agreement.get_absolute_url(),
        **_agreement_fields(agreement),
    )


_pending = threading.local()


def draft_changed(agreement_id):
    """Mark an agreement's draft document stale; rebuilt on commit or before the next search."""
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.add(agreement_id)
    # Asked for at every change, not only at the first: a transaction rolled back drops the rebuild it asked for
    # but not the ids, so ids waiting here do not mean a rebuild is on its way. The first rebuild after the commit
    # takes every id; those after it find none and do nothing (twenty edits still rebuild the draft once).
    transaction.on_commit(flush_pending)


def discard_pending():
    """Forget the drafts marked stale in this thread without rebuilding them: for a full reindex, which rebuilds
    every draft, and for a test, whose rollback undid what it marked."""
    _pending.ids = set()


def flush_pending():
    """Rebuild the draft documents marked stale in this thread."""
    ids = getattr(_pending, "ids", None)
    if not ids:
        return
    _pending.ids = set()
    from bygdevekst.agreements.models import Agreement

    found = Agreement.objects.select_related("pilot").filter(pk__in=ids)
    for agreement in found:
        index_draft(agreement)
    SearchDocument.objects.filter(kind=DocumentKind.DRAFT, object_ref__in=[
        str(pk) for pk in ids - {a.pk for a in found}
    ]).delete()
    _changed()


def index_version(version):
    """A frozen version. The final text is for whoever sees the agreement; earlier versions for the parties.
    A version whose text no longer matches its SHA-256 is not indexed (nor is an entry written over): a reindex
    after a change behind the database's back must not make the forged text findable."""
    if not version.is_intact:
        log.error("search: version %s of agreement %s fails its SHA-256 check; not indexed (manage.py verify)",
                  version.number, version.agreement_id)
        return
    agreement = version.agreement
    upsert(
        DocumentKind.VERSION, version.pk,
        title=version.content.get("title") or agreement.title,
        parts=content_parts(version.content, VERSION_ANCHORS),
        audience=Audience.AGREEMENT if version.kind == "final" else Audience.PARTICIPANTS,
        version_number=version.number,
        url=_url("agreements:version", agreement.pk, version.number, fallback=agreement.get_absolute_url()),
        **_agreement_fields(agreement),
    )


def index_comment(comment):
    agreement = comment.agreement
    number = comment.version.number
    upsert(
        DocumentKind.COMMENT, comment.pk,
        title=agreement.title,
        parts=[(f"comment-{comment.pk}", comment.body)],
        audience=Audience.PARTICIPANTS,
        version_number=number,
        url=_url("agreements:version", agreement.pk, number, fallback=agreement.get_absolute_url()),
        **_agreement_fields(agreement),
    )


def index_agreement(agreement):
    """The draft and every version of one agreement (versions are immutable: written once)."""
    index_draft(agreement)
    for version in agreement.versions.all():
        version.agreement = agreement
        index_version(version)


# ---- Other apps, if installed ----------------------------------------------------------------
def model(label):
    """A model of another app, or None if that app is not installed (or has no such model)."""
    app_label, _dot, name = label.partition(".")
    if not apps.is_installed(f"bygdevekst.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def index_measure(measure):
    from . import external

    external.index_measure(measure)


def index_registry_entry(entry):
    from . import external

    external.index_registry_entry(entry)


# ---- Everything ----------------------------------------------------------------------------------
def reindex_all():
    """Rebuild the whole index; returns {kind: count}."""
    from bygdevekst.agreements.models import Agreement

    from . import external

    discard_pending()
    SearchDocument.objects.all().delete()
    _changed()
    counts = {}
    agreements = Agreement.objects.select_related("pilot").prefetch_related("versions")
    for agreement in agreements:
        index_agreement(agreement)
    Comment = model("agreements.Comment")
    if Comment is not None:
        for comment in Comment.objects.select_related("agreement__pilot", "version"):
            index_comment(comment)
    external.reindex_all()
    for kind in DocumentKind.values:
        counts[kind] = SearchDocument.objects.filter(kind=kind).count()
    return counts
