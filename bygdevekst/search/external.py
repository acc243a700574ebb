"""Indexing of other apps (action plans, correspondence), read defensively: nothing happens unless
the app is installed and has the model. Their models are reached through `apps.get_model` only."""

from django.db.models import CharField
from django.db.models.functions import Cast

from .enums import Audience, DocumentKind
from .indexers import model, remove, upsert, upsert_many


def _pilot_fields(pilot_id, round_id, agreement_id):
    return {"pilot_id": pilot_id, "round_id": round_id, "agreement_id": agreement_id}


# ---- Action-plan measures (bygdevekst.actionplans) ---------------------------------------------
def _measure_document(measure):
    plan = measure.plan
    agreement = plan.agreement
    fields = {
        "audience": Audience.PARTICIPANTS,
        "version_number": plan.revision,
        "url": plan.get_absolute_url(),
        "language": agreement.written_standard,
        **_pilot_fields(agreement.pilot_id, agreement.pilot.round_id, agreement.pk),
    }
    parts = [("", measure.title), ("", measure.description), ("", getattr(measure, "indicator", ""))]
    return measure.pk, f"{measure.number}. {measure.title}", parts, fields


def index_measure(measure):
    ref, title, parts, fields = _measure_document(measure)
    upsert(DocumentKind.MEASURE, ref, title=title, parts=parts, **fields)


def index_measures(measures):
    """Many measures at once (an import): the same documents as index_measure, in one delete and one insert."""
    upsert_many(DocumentKind.MEASURE, [_measure_document(m) for m in measures])


# ---- Registry entries (bygdevekst.correspondence) ------------------------------------------------
def index_registry_entry(entry):
    case = entry.case
    pilot = case.pilot
    agreement = getattr(pilot, "agreement", None) if pilot is not None else None
    upsert(
        DocumentKind.REGISTRY_ENTRY, entry.pk,
        title=f"{entry.reference} {entry.title}" if getattr(entry, "reference", "") else entry.title,
        parts=[("", entry.title), ("", entry.public_title), ("", case.title)],
        # access.visibility.visible_entries decides (see visible_refs below); internal notes stay with KDD.
        audience=Audience.OWN_RULES,
        version_number=None,
        url=entry.get_absolute_url(),
        language="",
        **_pilot_fields(case.pilot_id, case.round_id, agreement.pk if agreement else None),
    )


def visible_refs(user):
    """{kind: queryset of object_ref strings the user may see} for kinds with their own rules."""
    refs = {}
    if model("correspondence.RegistryEntry") is not None:
        from bygdevekst.access.visibility import visible_entries

        refs[DocumentKind.REGISTRY_ENTRY] = visible_entries(user).annotate(
            ref=Cast("pk", CharField())
        ).values("ref")
    return refs


# ---- Everything, and the receivers ----------------------------------------------------------------
def reindex_all():
    Measure = model("actionplans.Measure")
    if Measure is not None:
        for measure in Measure.objects.select_related("plan__agreement__pilot"):
            index_measure(measure)
    Entry = model("correspondence.RegistryEntry")
    if Entry is not None:
        for entry in Entry.objects.select_related("case__pilot__agreement"):
            index_registry_entry(entry)


# Module-level functions, not closures: signals hold receivers by weak reference, and a closure made
# while connecting would be collected at once (nothing saved through the app would reach the index).
def on_measure_saved(sender, instance, **kwargs):
    if not kwargs.get("raw", False):
        index_measure(instance)


def on_measures_saved(sender, measures, **kwargs):
    index_measures(measures)


def on_measure_deleted(sender, instance, **kwargs):
    remove(DocumentKind.MEASURE, instance.pk)


def on_registry_entry_saved(sender, instance, **kwargs):
    if not kwargs.get("raw", False):
        index_registry_entry(instance)


def on_registry_entry_deleted(sender, instance, **kwargs):
    remove(DocumentKind.REGISTRY_ENTRY, instance.pk)


def receivers():
    """[(model, post_save handler, post_delete handler)] for the installed apps."""
    out = []
    Measure = model("actionplans.Measure")
    if Measure is not None:
        out.append((Measure, on_measure_saved, on_measure_deleted))
    Entry = model("correspondence.RegistryEntry")
    if Entry is not None:
        out.append((Entry, on_registry_entry_saved, on_registry_entry_deleted))
    return out
