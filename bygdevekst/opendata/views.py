"""Open data: public JSON and CSV per round at stable addresses, and the page that describes them."""

import csv
import json

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from bygdevekst.programme.models import Round

from . import actionplans, agreements

LICENCE = {"name": "NLOD 2.0", "url": "https://data.norge.no/nlod/no/2.0"}
CACHE = "public, max-age=900"


def _round(number):
    return get_object_or_404(Round, number=number)


def _public(response):
    response["Cache-Control"] = CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(request, dataset, round_obj, items):
    """The dataset as one JSON object, streamed: the head, then each item as it is made, then the count."""
    head = {
        "dataset": dataset,
        "round": round_obj.number,
        "publisher": "Kommunal- og distriktsdepartementet",
        "licence": LICENCE,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "description": request.build_absolute_uri("/open-data/"),
    }

    def chunks():
        yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "items": [\n'
        count = 0
        for item in items:
            yield (",\n" if count else "") + json.dumps(item, ensure_ascii=False)
            count += 1
        yield f'\n ],\n "count": {count}\n}}\n'

    return _public(StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8"))


class _Echo:
    def write(self, value):
        return value


def _csv(filename, fields, rows):
    """CSV streamed row by row, with a BOM so that spreadsheet programs read æøå as UTF-8."""
    writer = csv.DictWriter(_Echo(), fieldnames=fields, lineterminator="\r\n")

    def lines():
        yield "\ufeff" + writer.writeheader()
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _public(response)


@require_safe
def agreements_json(request, number):
    round_obj = _round(number)
    return _json(request, "agreements", round_obj, agreements.agreement_items(request, number))


@require_safe
def agreements_csv(request, number):
    _round(number)
    items = agreements.agreement_items(request, number)
    return _csv(f"round-{number}-agreements.csv", agreements.CSV_FIELDS, agreements.csv_rows(items))


@require_safe
def agreement_version_json(request, number, agreement_id, version):
    """One final version of an approved agreement, in its own file: the same fields as agreements.json."""
    round_obj = _round(number)
    item = agreements.version_item(request, number, agreement_id, version)
    if item is None:
        raise Http404
    body = {
        "dataset": "agreement-version",
        "round": round_obj.number,
        "publisher": "Kommunal- og distriktsdepartementet",
        "licence": LICENCE,
        "description": request.build_absolute_uri("/open-data/"),
        "item": item,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    return _public(response)


@require_safe
def action_plans_json(request, number):
    if not actionplans.installed():
        raise Http404
    round_obj = _round(number)
    return _json(request, "action-plans", round_obj, actionplans.plan_items(number))


@require_safe
def action_plans_csv(request, number):
    if not actionplans.installed():
        raise Http404
    _round(number)
    items = actionplans.plan_items(number)
    return _csv(f"round-{number}-action-plans.csv", actionplans.CSV_FIELDS, actionplans.csv_rows(items))


@require_safe
def index(request):
    return render(
        request,
        "opendata/index.html",
        {
            "rounds": Round.objects.order_by("number"),
            "licence": LICENCE,
            "has_action_plans": actionplans.installed(),
            "agreement_fields": agreements.CSV_FIELDS,
            "action_plan_fields": actionplans.CSV_FIELDS,
        },
    )
