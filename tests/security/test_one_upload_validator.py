"""Every upload goes through access/uploads.py, under the one limit settings.MAX_UPLOAD_BYTES.

A file field without the shared validator would take any file of any size: the walk over every form and
model below fails on such a field, and the page and the API refuse a spreadsheet at the same limit."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

import bygdevekst
from bygdevekst.access.uploads import validate_pdf_upload, validate_xlsx_upload

SHARED = {validate_pdf_upload, validate_xlsx_upload}
# Written by the system from documents it rendered itself (letters, registry entries, a version's stored
# document), never uploaded.
SYSTEM_WRITTEN = {("correspondence", "DocumentObject", "file"), ("agreements", "VersionDocument", "file")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_classes():
    for info in pkgutil.walk_packages(bygdevekst.__path__, "bygdevekst."):
        if "migrations" in info.name or not info.name.rsplit(".", 1)[-1].endswith("forms"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value


def _validators(form_class, name, field):
    """A ModelForm runs the model field's validators too (in the instance's full_clean)."""
    found = set(field.validators)
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is not None:
        found |= set(model._meta.get_field(name).validators)
    return found


def test_every_form_file_field_uses_the_shared_validator():
    file_fields = [
        (cls, name, field) for cls in _form_classes() for name, field in cls.base_fields.items()
        if isinstance(field, forms.FileField)
    ]
    assert len(file_fields) >= 3  # anchoring minutes, signed copy, spreadsheet import
    unchecked = [(cls.__name__, name) for cls, name, field in file_fields if not SHARED & _validators(cls, name, field)]
    assert not unchecked, unchecked


def test_every_uploadable_model_file_field_uses_the_shared_validator():
    unchecked = [
        (model._meta.app_label, model.__name__, field.name)
        for model in apps.get_models() for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not SHARED & set(field.validators)
        and (model._meta.app_label, model.__name__, field.name) not in SYSTEM_WRITTEN
    ]
    assert not unchecked, unchecked


def test_page_and_api_refuse_a_spreadsheet_over_the_one_limit_alike(client_for, api_client, demo, settings):
    trysil = demo["pilots"]["Trysil-regionen"].agreement
    settings.MAX_UPLOAD_BYTES = 1000
    content = b"PK\x03\x04" + b"\x00" * 1500
    page = client_for("trysil").post(
        reverse("actionplans:import", args=[trysil.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", content, content_type=XLSX)}, HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 422
    assert b"the largest allowed is 1000" in page.content.replace(b"\xc2\xa0", b" ")
    api = api_client("trysil").post(
        f"/api/v1/agreements/{trysil.pk}/action-plan/import",
        {"file": SimpleUploadedFile("plan.xlsx", content, content_type=XLSX)}, HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 413
    assert "largest allowed" in api.json()["detail"]


def test_a_spreadsheet_over_five_megabytes_is_within_the_limit(settings):
    """The import once capped files at 5 MB whatever the setting said; now the setting is the limit."""
    settings.MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    upload = SimpleUploadedFile("plan.xlsx", b"x")
    upload.size = 6 * 1024 * 1024  # judged by size first: no need to build a 6 MB workbook
    with pytest.raises(ValidationError) as error:
        validate_xlsx_upload(upload)
    assert error.value.code == "not_xlsx"  # judged by its content, not refused for its size
