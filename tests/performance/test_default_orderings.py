"""A model's default ordering names a parent by its id column ("agreement_id"), not by the relation ("agreement"):
ordering by the relation orders by the parent's own default ordering, so every query of the child that does not
order itself — a `.first()`, a related manager, a prefetch — joined the parent's tables (a measure: its plan, the
plan's agreement, the agreement's pilot and round) and compiled a third more SQL, for an order that is the same
within one parent. Lists across parents say their order themselves (by pilot name, by round)."""

from django.apps import apps
from django.db.models import ForeignKey, OneToOneField

# Orderings that follow a relation on purpose: the national lists (agreements by round and pilot name, pilots by
# round and name) and the order a person reads within one agreement (a sub-goal's focus area, an organisation's name).
ON_PURPOSE = {
    ("agreements", "Agreement"): {"pilot__round", "pilot__name"},
    ("agreements", "SubGoal"): {"focus_area__position"},
    ("agreements", "Commitment"): {"sub_goal"},
    ("programme", "Pilot"): {"round"},
    ("process", "AnchoringDecision"): {"organisation__name"},
    ("actionplans", "BudgetLine"): {"organisation__name"},
    ("webhooks", "Endpoint"): {"organisation__name"},
    ("correspondence", "LetterRecipient"): {"organisation__name"},
    ("correspondence", "Delivery"): {"organisation__name"},
}


def _follows_a_relation(model, name):
    first = name.lstrip("-").split("__")[0]
    field = next((f for f in model._meta.get_fields() if f.name == first), None)
    return isinstance(field, ForeignKey | OneToOneField) or "__" in name


def test_default_orderings_name_a_parent_by_its_id():
    followed = {}
    for model in apps.get_models():
        if not model.__module__.startswith("bygdevekst."):
            continue
        for name in model._meta.ordering:
            if isinstance(name, str) and _follows_a_relation(model, name):
                followed.setdefault((model._meta.app_label, model.__name__), []).append(name)
    unexpected = {key: names for key, names in followed.items() if not set(names) <= ON_PURPOSE.get(key, set())}
    assert not unexpected, f"order by the parent's id column (e.g. 'agreement_id'): {unexpected}"
