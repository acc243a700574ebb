"""Where a new meeting's agenda comes from: apps declare `meeting_agenda_sources` in their AppConfig,
dotted paths of functions `(kind, agreement) -> list of dicts (title, target_uid, source[, question])`.
The process app proposes the open items of the state's response for a dialogue meeting."""

from django.apps import apps
from django.utils.module_loading import import_string


def proposed_agenda(kind, agreement):
    items = []
    for config in apps.get_app_configs():
        for path in getattr(config, "meeting_agenda_sources", ()):
            items.extend(import_string(path)(kind, agreement))
    return items
