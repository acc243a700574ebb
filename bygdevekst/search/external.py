"""Indexing of other apps (action plans, correspondence), read defensively: nothing happens unless
the app is installed and has the model. Their models are reached through `apps.get_model` only."""

from django.db.models import CharField
from django.db.models.functions import Cast

from .enums import Audience, DocumentKind
from .indexers import model, remove, upsert


def _pilot_fields(pilot_id, round_id, agreement_id):
    return {"pilot_id": pilot_id, "round_id": round_id, "agreement_id": agreement_id}


# ---- Action-plan measures (bygdevekst.actionplans) ---------------------------------------------
def index_measure(measure):
    plan = measure.plan
    agreement = plan.agreement
    upsert(
        DocumentKind.MEASURE, measure.pk,
        title=f"{measure.number}. {measure.title}",
        parts=[("", measure.title), ("", measure.description), ("", getattr(measure, "indicator", ""))],
        audience=Audience.PARTICIPANTS,
        version_number=plan.revision,
        url=plan.get_absolute_url(),
        language=agreement.written_standard,
        **_pilot_fields(agreement.pilot_id, agreement.pilot.round_id, agreement.pk),
    )


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


def _on_save(index):
    def handler(sender, instance, **kwargs):
        if not kwargs.get("raw", False):
            index(instance)

    return handler


def _on_delete(kind):
    def handler(sender, instance, **kwargs):
        remove(kind, instance.pk)

    return handler


def receivers():
    """[(model, post_save handler, post_delete handler)] for the installed apps."""
    out = []
    Measure = model("actionplans.Measure")
    if Measure is not None:
        out.append((Measure, _on_save(index_measure), _on_delete(DocumentKind.MEASURE)))
    Entry = model("correspondence.RegistryEntry")
    if Entry is not None:
        out.append((Entry, _on_save(index_registry_entry), _on_delete(DocumentKind.REGISTRY_ENTRY)))
    return out
