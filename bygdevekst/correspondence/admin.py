"""Operators read a delivery's technical error here (and in the server log); pages and the API show only its
failure in words (core/failures.py). Read-only: deliveries change through the task worker and "send again"."""

from django.contrib import admin

from bygdevekst.core.admin import ReadOnlyAdmin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "letter", "organisation", "transport", "status", "attempts", "failure", "last_error"]
    list_filter = ["status", "failure", "transport"]
    list_select_related = ["letter", "organisation"]
