"""Changing a measure's status: with htmx the form comes back in place and the status and its history are
replaced out of band; without JavaScript the POST redirects to the measure page (both paths tested)."""

from django.urls import reverse

from bygdevekst.actionplans.models import MeasureStatusChange

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_plain_post_redirects(client_for, trysil_plan):
    measure = trysil_plan.measures.get(number=1)
    response = client_for("trysil").post(reverse("actionplans:measure_status", args=[measure.pk]),
                                         {"status": "delayed"})
    assert response.status_code == 302 and response["Location"] == reverse("actionplans:measure", args=[measure.pk])


def test_htmx_post_answers_with_the_form_status_and_history(client_for, trysil_plan):
    measure = trysil_plan.measures.get(number=1)
    client = client_for("trysil")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("actionplans:measure_status", args=[measure.pk]),
                           {"status": "delayed", "note": "Venter på regulering"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith("<form") and 'hx-target="this"' in html and 'role="status"' in html
    assert '<span id="measure-status-value" hx-swap-oob="true">delayed</span>' in html
    assert '<div id="status-history" hx-swap-oob="true">' in html and "Venter på regulering" in html
    assert MeasureStatusChange.objects.filter(measure_uid=measure.uid, to_status="delayed").exists()
    page = client.get(reverse("actionplans:measure", args=[measure.pk])).content.decode()
    # the ids the answer targets exist on the page, once each
    for target in ('id="measure-status-value"', 'id="status-history"'):
        assert page.count(target) == 1


def test_htmx_invalid_status_is_shown_in_the_form(client_for, trysil_plan):
    measure = trysil_plan.measures.get(number=1)
    response = client_for("trysil").post(reverse("actionplans:measure_status", args=[measure.pk]),
                                         {"status": "nonsense"}, **HTMX)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not MeasureStatusChange.objects.filter(measure_uid=measure.uid).exists()
