"""Downloads of a plan: .xlsx (the round-trip format), PDF/A-3b and .docx. Every export is logged."""

import hashlib
import io

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.pdf import write_pdf
from bygdevekst.core.templatetags.bv import nok as money

from . import limits
from .domain.gaps import plan_gaps
from .domain.present import plan_context
from .domain.snapshot import plan_measures
from .spreadsheet import XLSX_CONTENT_TYPE, export_file

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_DIR = "generated/action-plans"  # in the file storage (MEDIA_ROOT or the object store): one PDF per plan
QUEUED_SECONDS = 600  # a plan's PDF is queued again only if a worker has not rendered it within this time


def filename(plan, ext):
    return f"handlingsplan-{slugify(plan.agreement.pilot.name)}-{plan.year}-r{plan.revision}.{ext}"


def _download(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _log(plan, fmt, request, actor=None):
    log_action(
        "actionplan.exported",
        actor=actor,
        obj=plan,
        agreement=plan.agreement,
        data={"format": fmt, "year": plan.year, "revision": plan.revision, "version": plan.lock_version},
        request=request,
    )


def xlsx_response(plan, request, actor=None):
    response = FileResponse(export_file(plan, plan_measures(plan)), content_type=XLSX_CONTENT_TYPE)  # streamed
    _log(plan, "xlsx", request, actor)
    response["Content-Disposition"] = f'attachment; filename="{filename(plan, "xlsx")}"'
    return response


def _document_context(plan):
    context = plan_context(plan, plan_measures(plan))
    context["hints"] = plan_gaps(plan, context["measures"])
    context["lang"] = _lang(plan)
    return context


def _lang(plan):
    """Documents are written in the agreement's written standard (målform)."""
    return "nn" if plan.agreement.written_standard == "nn" else "nb"


def _pdf_source(plan):
    """The plan's document as HTML, its file identifier seed, and the storage name of its PDF: one name per
    content, so a plan downloaded again unchanged is served from the stored file (the layout takes seconds for a
    long plan, the HTML milliseconds), by any app server and whatever the task worker rendered."""
    with translation.override(_lang(plan)):
        html = render_to_string("actionplans/documents/plan.html", _document_context(plan))
    seed = f"{plan.pk}:{plan.revision}:{plan.lock_version}"
    digest = hashlib.sha256(f"{seed}\n{html}".encode()).hexdigest()
    return html, seed, f"{PDF_DIR}/{plan.pk}-{digest}.pdf"


def _stored(name):
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _render(html, seed, name, plan_pk):
    content = write_pdf(html, seed=seed)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # another renderer was first with the same content
        default_storage.delete(saved)
    _, files = default_storage.listdir(PDF_DIR)
    for other in files:  # only the plan's newest content is kept
        if other.startswith(f"{plan_pk}-") and f"{PDF_DIR}/{other}" != name:
            default_storage.delete(f"{PDF_DIR}/{other}")
    return content


def plan_pdf(plan):
    """The plan's PDF/A bytes, rendered now unless stored already (the task worker calls this too)."""
    html, seed, name = _pdf_source(plan)
    content = _stored(name)
    return content if content is not None else _render(html, seed, name, plan.pk)


def pdf_response(plan, request):
    """The PDF if stored or short enough to render while the person waits; else the task worker renders it and
    the person gets a page that says so and offers the download when it is ready (htmx polls; without
    JavaScript, a link checks again)."""
    from .tasks import render_plan_pdf

    html, seed, name = _pdf_source(plan)
    content = _stored(name)
    if content is None and plan.measures.count() <= limits.RENDER_WHILE_WAITING:
        content = _render(html, seed, name, plan.pk)
    if content is None:
        if cache.add(f"actionplans:pdf-queued:{name}", True, timeout=QUEUED_SECONDS):
            render_plan_pdf.enqueue(plan.pk)
        content = _stored(name)  # a worker in this process (tests, the immediate backend) has rendered it
    if content is None or request.htmx:
        context = {
            "plan": plan,
            "agreement": plan.agreement,
            "ready": content is not None,
            "filename": filename(plan, "pdf"),
        }
        template = "actionplans/pdf_pending.html" + ("#status" if request.htmx else "")
        return render(request, template, context, status=200 if content is not None else 202)
    _log(plan, "pdf", request)
    return _download(content, "application/pdf", filename(plan, "pdf"))


def plan_docx(plan):
    with translation.override(_lang(plan)):
        return _plan_docx(plan)


class _DocxBody:
    """Paragraphs appended to a .docx body in constant time each. python-docx's `add_paragraph`/`add_heading` find
    the body's closing section properties and the style's id afresh for every paragraph, which makes a long
    document quadratic: the largest permitted plan (limits.MAX_MEASURES, every text at its longest) took 28 s,
    at the web worker's 30 s timeout; this way the same XML takes a fraction of that."""

    def __init__(self, doc):
        from docx.text.paragraph import Paragraph

        self._paragraph = Paragraph
        self._doc = doc
        self._end = doc.element.body.sectPr  # found once; each paragraph goes right before it
        self._style_ids = {}

    def _style_id(self, name):
        if name not in self._style_ids:
            self._style_ids[name] = self._doc.styles[name].style_id
        return self._style_ids[name]

    def paragraph(self, text="", style=None):
        from docx.oxml import OxmlElement

        p = OxmlElement("w:p")
        self._end.addprevious(p)
        paragraph = self._paragraph(p, self._doc._body)
        if text:
            paragraph.add_run(text)
        if style is not None:
            p.get_or_add_pPr().style = self._style_id(style)
        return paragraph

    def heading(self, text, level):
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")


def _plan_docx(plan):
    from docx import Document
    from docx.shared import Pt

    ctx = _document_context(plan)
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = _("Action plan %(year)s") % {"year": plan.year} + f" – {plan.agreement.title}"
    doc.core_properties.author = "Bygdevekst"
    body = _DocxBody(doc)
    body.heading(_("Action plan %(year)s") % {"year": plan.year}, level=0)
    body.paragraph(
        f"{plan.agreement.title}\n{plan.agreement.pilot.name} · "
        + _("revision %(revision)s") % {"revision": plan.revision}
        + f" · {plan.get_status_display()}"
    )
    for group in ctx["groups"]:
        body.heading(f"{group['code']} {group['focus_area'].title}", level=1)
        for sg in group["sub_goals"]:
            body.heading(f"{sg['code']} {sg['sub_goal'].title}", level=2)
            if not sg["measures"]:
                body.paragraph(_("No measures yet."))
            for m in sg["measures"]:
                _docx_measure(body, m, money)
    if ctx["unplaced"]:
        body.heading(_("Measures without a sub-goal"), level=1)
        for m in ctx["unplaced"]:
            _docx_measure(body, m, money)
    budget = ctx["budget"]
    if budget.years:
        body.heading(_("Budget by financing source and year"), level=1)
        table = doc.add_table(rows=1, cols=len(budget.years) + 2)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text = _("Source")
        for i, year in enumerate(budget.years, start=1):
            header[i].text = str(year)
        header[-1].text = _("Total")
        for label, sums, total in budget.rows():
            cells = table.add_row().cells
            cells[0].text = str(label)
            for i, s in enumerate(sums, start=1):
                cells[i].text = money(s.planned)
            cells[-1].text = money(total.planned)
        cells = table.add_row().cells
        cells[0].text = _("Total")
        for i, s in enumerate(budget.year_totals(), start=1):
            cells[i].text = money(s.planned)
        cells[-1].text = money(budget.total.planned)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_measure(body, m, money):
    body.heading(_("Measure %(number)s: %(title)s") % {"number": m.number, "title": m.title}, level=3)
    if m.description:
        body.paragraph(m.description)
    facts = [
        (_("Responsible"), m.responsible.name if m.responsible else "–"),
        (_("Cooperation parties"), ", ".join(p.name for p in m.cooperation_parties.all()) or "–"),
        (_("Period"), m.period_label or "–"),
        (_("Indicator"), m.indicator or "–"),
        (_("Baseline → target"), f"{m.baseline or '–'} → {m.target or '–'}"),
        (_("Status"), str(m.get_status_display())),
        (_("Budget (planned / spent)"), f"{money(m.planned_total)} / {money(m.spent_total)}"),
    ]
    for label, value in facts:
        p = body.paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)


def docx_response(plan, request):
    content = plan_docx(plan)
    _log(plan, "docx", request)
    return _download(content, DOCX_CONTENT_TYPE, filename(plan, "docx"))
