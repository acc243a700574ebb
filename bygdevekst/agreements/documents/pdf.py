"""PDF/A-3b documents with WeasyPrint; DejaVu fonts are embedded (subset), so Sami letters render.

Reproducible: the metadata dates are the version's `created_at` and the file identifier is derived
from the version's SHA-256, so the same version gives the same bytes.
"""

from django.template.loader import render_to_string

from bygdevekst.core.pdf import write_pdf

from ..domain import diff as diffing
from .labels import labels_for
from .present import present


def _write(html, seed):
    return write_pdf(html, seed=seed)


def version_pdf(version):
    html = render_to_string("agreements/documents/agreement.html", present(version))
    return _write(html, version.sha256)


def changes_pdf(old, new):
    labels = labels_for(new.content.get("written_standard"))
    result = diffing.versions_diff(old, new)  # cached per pair: the compare page may have computed it
    later = max(old.created_at, new.created_at)
    html = render_to_string("agreements/documents/changes.html", {
        "labels": labels, "lang": "nn" if new.content.get("written_standard") == "nn" else "nb",
        "old": old, "new": new, "changes": result, "empty": diffing.is_empty(result),
        "names": diffing.titles(old.content, new.content), "title": new.content.get("title", ""),
        "from_to": labels["from_to"].format(a=old.number, b=new.number),
        "created": later.strftime("%Y-%m-%dT%H:%M:%SZ"),
    })
    return _write(html, old.sha256 + new.sha256)
