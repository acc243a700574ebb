"""Word (.docx) with python-docx: real Heading styles, List Bullet for lists, safe text as runs.

Reproducible: core properties carry the version's created_at, and the zip entries get that time
too (python-docx stamps them with the clock), so the same version gives the same bytes.
"""

import io
import zipfile

from docx import Document
from markdown_it import MarkdownIt

from .present import period_text, present

_md = MarkdownIt("commonmark", {"html": False}).disable(["image", "html_block", "html_inline"])


def _add_inline(paragraph, token):
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def add_safe_text(document, text):
    """The safe text format (Markdown subset) as Word paragraphs, lists and headings. No HTML exists here."""
    lists, heading = [], None
    for token in _md.parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Number" if token.type == "ordered_list_open" else "List Bullet")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = None
        elif token.type == "inline":
            if heading:
                paragraph = document.add_heading(level=4)
            elif lists:
                paragraph = document.add_paragraph(style=lists[-1])
            else:
                paragraph = document.add_paragraph()
            _add_inline(paragraph, token)


def version_docx(version):
    data = present(version)
    labels, content = data["labels"], data["content"]
    document = Document()
    props = document.core_properties
    props.title = content.get("title", "")
    props.author = "Bygdevekst"
    props.language = data["lang"]
    props.created = props.modified = version.created_at.replace(tzinfo=None)
    props.last_printed = version.created_at.replace(tzinfo=None)
    props.revision = version.number
    props.identifier = version.sha256
    props.last_modified_by = "Bygdevekst"
    document.add_heading(content.get("title", ""), level=0)
    document.add_paragraph(f"{labels['version']} {version.number}: {data['kind_label']}"
                           + (f" – {version.label}" if version.label else "") + f", {data['created_date']}")
    if content.get("period_start"):
        lang = "nn" if content.get("written_standard") == "nn" else "nb"
        document.add_paragraph(f"{labels['period']}: {period_text(content, lang)}")
    document.add_heading(labels["parties"], level=1)
    for party in data["parties"]:
        line = f"{party['name']} – {party['role']}"
        if party["sub_goals"]:
            line += f" ({labels['under']} {', '.join(party['sub_goals'])})"
        document.add_paragraph(line, style="List Bullet")
    if content.get("purpose"):
        document.add_heading(labels["purpose"], level=1)
        add_safe_text(document, content["purpose"])
    if content.get("overall_goal"):
        document.add_heading(labels["overall_goal"], level=1)
        add_safe_text(document, content["overall_goal"])
    for n, fa in enumerate(data["focus_areas"], start=1):
        document.add_heading(f"{labels['focus_area']} {n}: {fa['title']}", level=1)
        add_safe_text(document, fa.get("description"))
        for m, sg in enumerate(fa["sub_goals"], start=1):
            document.add_heading(f"{labels['sub_goal']} {n}.{m}: {sg['title']}", level=2)
            add_safe_text(document, sg.get("description"))
            if sg["commitments"]:
                document.add_heading(labels["commitments"], level=3)
            for c in sg["commitments"]:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(c["party_name"]).bold = True
                amount = f", {c['amount']}" if c["amount"] else ""
                paragraph.add_run(f" ({c['kind_label']}{amount}): {c['text']}")
    for section in data["sections"]:
        document.add_heading(section["title"], level=1)
        add_safe_text(document, section.get("body"))
    document.add_paragraph(f"{labels['checksum']}: {version.sha256}")
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue(), version.created_at)


def _fixed_zip(blob, when):
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
