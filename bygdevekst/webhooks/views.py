"""The administrator's pages: endpoints, their keys (a secret is shown once, on the page that made it) and
the delivery log with "send again". Every action goes through domain/endpoints.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bygdevekst.access.views import require_perm
from bygdevekst.core.pagination import paginate
from bygdevekst.core.refusals import on_refusal_return_to

from .domain import endpoints as domain
from .enums import DeliveryStatus
from .forms import EndpointForm
from .models import Delivery, Endpoint, SigningKey

PERM = "webhooks.manage"
DELIVERIES_PER_PAGE = 25


def _endpoint(request, pk):
    require_perm(request.user, PERM)
    return get_object_or_404(Endpoint.objects.select_related("organisation"), pk=pk)


@login_required
@require_safe
def endpoint_list(request):
    require_perm(request.user, PERM)
    endpoints = (
        Endpoint.objects.select_related("organisation")
        .annotate(failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)))
        .order_by("organisation__name", "url", "pk")
    )
    return render(request, "webhooks/endpoints.html", {"endpoints": endpoints})


def _form_values(form):
    data = form.cleaned_data
    return {
        "organisation": data["organisation"],
        "url": data["url"],
        "events": data["events"],
        "description": data["description"],
        "active": data["active"],
    }


def _apply_domain_errors(form, exc):
    form.add_error("url" if exc.code in ("invalid", "https", "credentials") else "events", exc)


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_new(request):
    require_perm(request.user, PERM)
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, key = domain.create_endpoint(request.user, request=request, **_form_values(form))
        except ValidationError as exc:
            _apply_domain_errors(form, exc)
        else:
            return render(request, "webhooks/secret.html", {"endpoint": endpoint, "key": key, "created": True})
    status = 400 if form.is_bound else 200
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": None}, status=status)


@login_required
@require_safe
def endpoint_detail(request, pk):
    endpoint = _endpoint(request, pk)
    deliveries = endpoint.deliveries.select_related("event").order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    page = paginate(request, deliveries, DELIVERIES_PER_PAGE)
    return render(
        request,
        "webhooks/endpoint.html",
        {
            "endpoint": endpoint,
            "keys": endpoint.keys.order_by("-created_at", "-pk"),
            "current_key": endpoint.current_key(),
            "page": page,
            "status": status,
            "statuses": DeliveryStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(request, pk):
    endpoint = _endpoint(request, pk)
    form = EndpointForm(request.POST if request.method == "POST" else None, endpoint=endpoint)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_endpoint(endpoint, request.user, request=request, **_form_values(form))
        except ValidationError as exc:
            _apply_domain_errors(form, exc)
        else:
            messages.success(request, _("The endpoint is saved."))
            return redirect("webhooks:endpoint", pk=endpoint.pk)
    status = 400 if form.is_bound else 200
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint}, status=status)


@login_required
@require_POST
def endpoint_delete(request, pk):
    endpoint = _endpoint(request, pk)
    domain.delete_endpoint(endpoint, request.user, request=request)
    messages.success(request, _("The endpoint is removed."))
    return redirect("webhooks:endpoints")


@login_required
@require_POST
def rotate_key(request, pk):
    endpoint = _endpoint(request, pk)
    key = domain.rotate_key(endpoint, request.user, request=request)
    return render(request, "webhooks/secret.html", {"endpoint": endpoint, "key": key, "created": False})


def _key_endpoint_url(request, pk):
    endpoint_id = SigningKey.objects.filter(pk=pk).values_list("endpoint_id", flat=True).first()
    return reverse("webhooks:endpoint", kwargs={"pk": endpoint_id}) if endpoint_id else reverse("webhooks:endpoints")


@login_required
@require_POST
@on_refusal_return_to(_key_endpoint_url)
def retire_key(request, pk):
    require_perm(request.user, PERM)
    key = get_object_or_404(SigningKey.objects.select_related("endpoint"), pk=pk)
    domain.retire_key(key, request.user, request=request)
    messages.success(request, _("The earlier key no longer signs deliveries."))
    return redirect("webhooks:endpoint", pk=key.endpoint_id)


@login_required
@require_POST
def redeliver(request, pk):
    require_perm(request.user, PERM)
    delivery = get_object_or_404(Delivery, pk=pk)
    domain.redeliver(delivery, request.user, request=request)
    messages.success(request, _("The event is being sent again."))
    return redirect("webhooks:endpoint", pk=delivery.endpoint_id)
