"""The minutes of a meeting as documents: PDF/A-3b (tagged, through core/pdf.py) and Word (.docx), in the
written standard of the meeting's agreement (a nynorsk agreement's minutes are in nynorsk), not the reader's
UI language. The labels are data here, as for the agreement's own documents (agreements/documents/labels.py).

Reproducible: the same meeting as recorded gives the same bytes (no clock in the files)."""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from docx import Document

from bygdevekst.agreements.documents.word import _fixed_zip, add_safe_text
from bygdevekst.core.pdf import write_pdf

LABELS = {
    "nb": {
        "minutes": "Referat",
        "kind": "Møtetype",
        "date": "Dato",
        "time": "Tid",
        "place": "Sted",
        "video": "Videolenke",
        "agreement": "Avtale",
        "participants": "Deltakere",
        "attended": "til stede",
        "absent": "ikke til stede",
        "representatives": "Representanter",
        "agenda": "Saksliste",
        "question": "KDDs spørsmål",
        "outcome": "Utfall",
        "notes": "Referat",
        "decisions": "Vedtak",
        "cancelled": "Møtet er avlyst",
        "none": "Ingen",
        "kinds": {"political": "Politisk møte", "dialogue": "Dialogmøte", "annual": "Årlig politisk møte"},
        "capacities": {
            "main_party": "hovedpart",
            "cooperation_party": "samarbeidspart",
            "independent_elected_body": "selvstendig folkevalgt organ",
            "observer": "observatør",
        },
        "outcomes": {
            "open": "åpen",
            "agreed": "enighet",
            "changed": "teksten endres",
            "withdrawn": "trukket",
            "deferred": "utsatt",
        },
    },
    "nn": {
        "minutes": "Referat",
        "kind": "Møtetype",
        "date": "Dato",
        "time": "Tid",
        "place": "Stad",
        "video": "Videolenkje",
        "agreement": "Avtale",
        "participants": "Deltakarar",
        "attended": "til stades",
        "absent": "ikkje til stades",
        "representatives": "Representantar",
        "agenda": "Saksliste",
        "question": "Spørsmålet frå KDD",
        "outcome": "Utfall",
        "notes": "Referat",
        "decisions": "Vedtak",
        "cancelled": "Møtet er avlyst",
        "none": "Ingen",
        "kinds": {"political": "Politisk møte", "dialogue": "Dialogmøte", "annual": "Årleg politisk møte"},
        "capacities": {
            "main_party": "hovudpart",
            "cooperation_party": "samarbeidspart",
            "independent_elected_body": "sjølvstendig folkevalt organ",
            "observer": "observatør",
        },
        "outcomes": {
            "open": "open",
            "agreed": "semje",
            "changed": "teksten vert endra",
            "withdrawn": "trekt",
            "deferred": "utsett",
        },
    },
}

# Month names are the same in bokmål and nynorsk.
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
          "desember")


def written_standard(meeting):
    agreement = meeting.agreement
    return "nn" if agreement is not None and agreement.written_standard == "nn" else "nb"


def _date(value, lang):
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def present(meeting):
    """Everything the two documents show, in the agreement's written standard."""
    lang = written_standard(meeting)
    labels = LABELS[lang]
    time = ""
    if meeting.start_time:
        time = meeting.start_time.strftime("%H:%M")
        if meeting.end_time:
            time += "–" + meeting.end_time.strftime("%H:%M")
    participants = [
        {
            "name": p.organisation.name,
            "capacity": labels["capacities"].get(p.capacity, p.capacity),
            "attended": labels["attended"] if p.attended else labels["absent"],
            "representatives": p.representatives,
        }
        for p in meeting.participants.select_related("organisation").order_by("pk")
    ]
    items = [
        {
            "title": item.title,
            "question": item.question,
            "outcome": labels["outcomes"].get(item.outcome, item.outcome),
            "text": item.outcome_text,
        }
        for item in meeting.items.all()
    ]
    facts = [
        (labels["kind"], labels["kinds"].get(meeting.kind, meeting.kind)),
        (labels["date"], _date(meeting.date, lang)),
    ]
    if time:
        facts.append((labels["time"], time))
    if meeting.place:
        facts.append((labels["place"], meeting.place))
    if meeting.video_url:
        facts.append((labels["video"], meeting.video_url))
    if meeting.agreement is not None:
        facts.append((labels["agreement"], meeting.agreement.title))
    return {
        "lang": lang,
        "labels": labels,
        "meeting": meeting,
        "facts": facts,
        "participants": participants,
        "items": items,
        "title": f"{labels['minutes']}: {meeting.title}",
    }


def filename(meeting, extension):
    return f"referat-{slugify(meeting.title)[:60] or 'mote'}-{meeting.date:%Y-%m-%d}.{extension}"


def minutes_pdf(meeting):
    html = render_to_string("meetings/minutes_pdf.html", present(meeting))
    return write_pdf(html, seed=f"meeting-minutes:{meeting.pk}:{meeting.lock_version}")


def minutes_docx(meeting):
    data = present(meeting)
    labels = data["labels"]
    document = Document()
    document.core_properties.title = data["title"]
    document.core_properties.language = "nn-NO" if data["lang"] == "nn" else "nb-NO"
    # The meeting's start, which is Norwegian time; the document's metadata is UTC (written with a "Z").
    start = timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time or datetime.time(0)))
    when = start.astimezone(datetime.UTC).replace(tzinfo=None)
    document.core_properties.created = document.core_properties.modified = when
    document.add_heading(data["title"], level=1)
    for label, value in data["facts"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    if meeting.cancelled_at:
        document.add_paragraph(labels["cancelled"])
    document.add_heading(labels["participants"], level=2)
    for p in data["participants"]:
        line = f"{p['name']} ({p['capacity']}), {p['attended']}"
        if p["representatives"]:
            line += f" – {p['representatives']}"
        document.add_paragraph(line, style="List Bullet")
    if not data["participants"]:
        document.add_paragraph(labels["none"])
    document.add_heading(labels["agenda"], level=2)
    for number, item in enumerate(data["items"], 1):
        document.add_heading(f"{number}. {item['title']}", level=3)
        if item["question"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{labels['question']}: ").bold = True
            paragraph.add_run(item["question"])
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{labels['outcome']}: ").bold = True
        paragraph.add_run(item["outcome"])
        if item["text"]:
            document.add_paragraph(item["text"])
    if meeting.minutes:
        document.add_heading(labels["notes"], level=2)
        add_safe_text(document, meeting.minutes)
    if meeting.decisions:
        document.add_heading(labels["decisions"], level=2)
        add_safe_text(document, meeting.decisions)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue(), when)
