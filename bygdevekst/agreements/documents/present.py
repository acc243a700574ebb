"""A frozen snapshot made ready for a document: labels in the agreement's written standard."""

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

from ..domain.diff import titles
from .labels import labels_for


def nok(amount):
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", "\u00a0") + " kr"


def norwegian_date(iso, lang):
    """'2025-07-01' → '1. juli 2025' in the document's written standard, whatever the reader's language."""
    if not iso:
        return ""
    with translation.override(lang):
        return date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")


def period_text(content, lang):
    start = norwegian_date(content.get("period_start"), lang)
    end = norwegian_date(content.get("period_end"), lang)
    return f"{start} – {end}" if start else ""


def present(version):
    content = version.content
    labels = labels_for(content.get("written_standard"))
    names = titles(content)
    parties = [
        {
            "name": p["organisation"]["name"],
            "role": labels.get(p["role"], p["role"]),
            "sub_goals": [names.get(uid, uid) for uid in p.get("sub_goals", [])],
        }
        for p in content.get("parties", [])
    ]
    focus_areas = [
        {
            **fa,
            "sub_goals": [
                {
                    **sg,
                    "commitments": [
                        {**c, "party_name": c["party"]["name"], "kind_label": labels.get(c["kind"], c["kind"]),
                         "amount": nok(c.get("amount_nok"))}
                        for c in sg.get("commitments", [])
                    ],
                }
                for sg in fa.get("sub_goals", [])
            ],
        }
        for fa in content.get("focus_areas", [])
    ]
    lang = "nn" if content.get("written_standard") == "nn" else "nb"
    return {
        "labels": labels,
        "lang": lang,
        "period": period_text(content, lang),
        "content": content,
        "parties": parties,
        "focus_areas": focus_areas,
        "sections": content.get("sections", []),
        "version": version,
        "kind_label": labels.get(version.kind, version.kind),
        "created": version.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "created_date": timezone.localtime(version.created_at).strftime("%d.%m.%Y"),  # the day in Norway
    }
