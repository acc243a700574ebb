"""The import limit and the document limit agree (actionplans/limits.py): a plan of up to RENDER_WHILE_WAITING
measures gets its PDF while the person waits, well inside the web worker's 30 s timeout; a longer plan's PDF is
rendered by the task worker, the request that asks for it answers at once with a page that offers the download
when ready; an import beyond the limit is refused. How long the worker takes for the largest plan the limits
permit (MAX_MEASURES, every text at its longest: minutes of layout) is a figure `make bench` prints, not a test."""

import time
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from bygdevekst.actionplans import limits
from bygdevekst.actionplans.domain.importing import import_plan
from bygdevekst.actionplans.exports import plan_pdf
from bygdevekst.actionplans.models import Measure
from bygdevekst.actionplans.tasks import render_plan_pdf
from tests.actionplans.conftest import current_plan, edit, export

WORKER_TIMEOUT = 30  # gunicorn's default, as `make run` starts it
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _fill(plan, count, longest=True):
    """The plan grown to `count` measures, each text at its longest (or short, where only the count matters)."""
    first = plan.measures.order_by("number").first()
    Measure.objects.bulk_create(
        Measure(
            plan=plan,
            uid=uuid.uuid4(),
            number=n,
            title=(f"Tiltak {n} " + "med lang tittel " * 30)[:300] if longest else f"Tiltak {n}",
            description=("Beskrivelse av tiltaket, med mange ord om hva som skal gjøres. " * 40)[
                : limits.MAX_DESCRIPTION
            ] if longest else "Kort beskrivelse.",
            sub_goal_uids=first.sub_goal_uids,
            responsible_id=first.responsible_id,
            indicator="i" * 500 if longest else "",
            baseline="b" * 200 if longest else "",
            target="t" * 200 if longest else "",
            status=first.status,
        )
        for n in range(plan.measures.count() + 1, count + 1)
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.heavy
def test_the_longest_plan_rendered_while_waiting_is_inside_the_worker_timeout(demo, client_for, media):
    plan = current_plan(demo["pilots"]["Trysil-regionen"].agreement)
    _fill(plan, limits.RENDER_WHILE_WAITING)
    started = time.monotonic()
    response = client_for("trysil").get(reverse("actionplans:export_pdf", args=[plan.pk]))
    seconds = time.monotonic() - started
    # (about 2.5 s on the idle 2-core machine, 11 s under heavy load; the criterion itself is the assertion)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-") and len(response.content) > 50_000
    assert seconds < WORKER_TIMEOUT, f"{seconds:.1f} s for {limits.RENDER_WHILE_WAITING} measures"
    # stored once: the second download is the same bytes, without a second layout
    started = time.monotonic()
    again = client_for("trysil").get(reverse("actionplans:export_pdf", args=[plan.pk]))
    assert again.content == response.content and time.monotonic() - started < seconds


@pytest.mark.heavy
def test_the_largest_plan_s_other_documents_and_page_answer_well_inside_the_worker_timeout(demo, client_for, media):
    """The .docx, the .xlsx and the plan page are made while the person waits, for any plan the limits permit: the
    largest (MAX_MEASURES, every text at its longest) in about 1–6 s each on the idle 2-core machine. Half the
    timeout is the bound, the margin for a loaded machine (the .docx took 28 s before its paragraphs were appended
    in constant time, exports._DocxBody)."""
    plan = current_plan(demo["pilots"]["Trysil-regionen"].agreement)
    _fill(plan, limits.MAX_MEASURES)
    client = client_for("trysil")
    for name, expected in (("export_docx", b"PK"), ("export_xlsx", b"PK"), ("plan", b"<!doctype html>")):
        started = time.monotonic()
        response = client.get(reverse(f"actionplans:{name}", args=[plan.pk]))
        seconds = time.monotonic() - started
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and body.lstrip().startswith(expected), name
        assert seconds < WORKER_TIMEOUT / 2, f"{name}: {seconds:.1f} s for {limits.MAX_MEASURES} measures"
    assert plan.measures.count() == limits.MAX_MEASURES


def test_a_plan_past_the_wait_limit_gets_its_pdf_from_the_task_worker(demo, client_for, media, settings):
    settings.TASKS = DUMMY_TASKS  # a queue that holds the task, as db_worker's database queue does
    plan = current_plan(demo["pilots"]["Trysil-regionen"].agreement)
    count = limits.RENDER_WHILE_WAITING + 1  # one measure too many to be laid out while the person waits
    _fill(plan, count, longest=False)
    client = client_for("trysil")
    url = reverse("actionplans:export_pdf", args=[plan.pk])
    started = time.monotonic()
    waiting = client.get(url)
    asked = time.monotonic() - started
    assert waiting.status_code == 202 and asked < WORKER_TIMEOUT / 3, f"{asked:.1f} s to answer"
    page = waiting.content.decode()
    assert 'role="status"' in page and 'hx-trigger="every 3s"' in page
    assert f"{count} measures" in page or f"{count} tiltak" in page
    # asking again while it is queued queues nothing twice
    from django_tasks import default_task_backend

    assert len(default_task_backend.results) == 1
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 202
    assert len(default_task_backend.results) == 1
    # the worker renders it (outside any web request); then the page offers it and the download is the PDF
    render_plan_pdf.call(plan.pk)
    ready = client.get(url, headers={"HX-Request": "true"})
    assert ready.status_code == 200 and "download" in ready.content.decode()
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 50_000
    assert pdf.content == plan_pdf(plan)  # the stored file, the one the worker wrote


def test_an_import_beyond_the_limit_is_refused_with_nothing_changed(demo):
    agreement = demo["pilots"]["Trysil-regionen"].agreement
    plan = current_plan(agreement)
    _fill(plan, limits.MAX_MEASURES)
    content = export(plan)

    def one_more(wb):
        sheet = wb["Tiltak"]
        last = sheet.max_row
        for column in range(1, sheet.max_column + 1):
            sheet.cell(row=last + 1, column=column, value=sheet.cell(row=last, column=column).value)
        sheet.cell(row=last + 1, column=1, value=limits.MAX_MEASURES + 1)
        uid_column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(row=1, column=c).value == "Tiltak-ID")
        sheet.cell(row=last + 1, column=uid_column, value="")

    with translation.override("en"):
        result = import_plan(agreement, edit(content, one_more))
    assert not result.ok and any(f"at most {limits.MAX_MEASURES} measures" in p.message for p in result.problems)
    assert plan.measures.count() == limits.MAX_MEASURES


def test_a_short_plan_pdf_is_stored_once_per_content(demo, media):
    plan = current_plan(demo["pilots"]["Trysil-regionen"].agreement)
    first = plan_pdf(plan)
    stored = list((media / "generated" / "action-plans").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == first
    Measure.objects.filter(pk=plan.measures.first().pk).update(title="Endret tittel")
    second = plan_pdf(plan)
    assert second != first
    stored = list((media / "generated" / "action-plans").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == second  # the plan's older PDF is not kept
