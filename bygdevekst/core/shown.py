"""R10: four eyes approve what they saw. The approve form carries the SHA-256 of the content the approver was
shown (canonical JSON: sorted keys, no whitespace, UTF-8) and that content itself; the domain compares the hash
with the content as stored now. If someone changed it in between, nothing is approved: `ContentChanged` (a 409)
carries what changed, field by field, as a word diff the page shows.
"""

import hashlib
import json

from django.utils.translation import gettext_lazy as _

from bygdevekst.agreements.domain.diff import word_diff

from .guards import Refused


def canonical(content):
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content):
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def shown_fields(content):
    """The hidden fields of an approve form: the hash and the content it was taken of."""
    return {"sha256": content_hash(content), "content": canonical(content)}


def _as_text(value):
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return " · ".join(_as_text(value[k]) for k in sorted(value))
    return "" if value is None else str(value)


def changes(shown, current, labels):
    """[{"label", "ops"}] for each field (in `labels`' order) that differs between what was shown and now."""
    return [
        {"label": label, "ops": word_diff(_as_text(shown.get(key)), _as_text(current.get(key)))}
        for key, label in labels.items() if shown.get(key) != current.get(key)
    ]


class ContentChanged(Refused):
    """The content is not what the approver was shown; `changes` is empty when the shown content is unknown."""

    def __init__(self, changes, current_sha256):
        super().__init__(
            [_("The content changed after you opened it, so nothing was approved. Look at what changed and "
               "approve again if you agree.")],
            changes=changes, current_sha256=current_sha256,
        )
        self.changes, self.current_sha256 = changes, current_sha256

    def api_data(self):
        return {"current_sha256": self.current_sha256,
                "changes": [{"field": str(c["label"]), "ops": [list(op) for op in c["ops"]]} for c in self.changes]}


def check_shown(current, shown_sha256, labels, shown_json=""):
    """Refuse unless `shown_sha256` is the hash of `current`. `shown_json`, when its hash is `shown_sha256`, is
    the content the approver saw, to say what changed (a forged one is ignored: it cannot match the hash)."""
    current_sha256 = content_hash(current)
    if (shown_sha256 or "").strip().lower() == current_sha256:
        return current_sha256
    shown = None
    try:
        parsed = json.loads(shown_json or "null")
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and content_hash(parsed) == shown_sha256:
        shown = parsed
    raise ContentChanged(changes(shown, current, labels) if shown is not None else [], current_sha256)
