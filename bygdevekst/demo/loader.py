import importlib
import importlib.util

from django.apps import apps
from django.db import transaction

from . import organisations, people, rounds

CORE_STEPS = [organisations.load, rounds.load, people.load]


def app_steps():
    """Each domain app may ship a `demo` module with `load(ctx)`; run them in INSTALLED_APPS order."""
    steps = []
    for config in apps.get_app_configs():
        if not config.name.startswith("bygdevekst.") or config.name == "bygdevekst.demo":
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is not None:
            steps.append(importlib.import_module(module_name).load)
    return steps


def load_demo():
    ctx = {}
    with transaction.atomic():
        for step in CORE_STEPS + app_steps():
            step(ctx)
    return ctx
