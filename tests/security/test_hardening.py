"""Hardening: check --deploy under DJANGO_ENV=production, a strict CSP with no inline script or
style on any page, CSRF on every form, and the shared upload validators."""

import io
import os
import re
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from bygdevekst.access.uploads import validate_pdf_upload, validate_xlsx_upload

# A <script> without src runs inline code, unless it is a JSON data block (never executed by the browser).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_ATTR = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def assert_no_inline_code(body, where):
    assert not INLINE_SCRIPT.search(body), f"inline <script> on {where}"
    assert not STYLE_ATTR.search(body), f"style= attribute on {where}"
    assert not STYLE_TAG.search(body), f"<style> element on {where}"
    assert not EVENT_ATTR.search(body), f"on…= event handler attribute on {where}"


def test_check_deploy_passes_in_production(production):
    assert production["check_passed"], production["check_output"]
    assert "no issues" in production["check_output"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_ENV": "production", "BYGDEVEKST_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import bygdevekst.settings"], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_ENV": "production", "BYGDEVEKST_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 49}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import bygdevekst.settings"], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0 and "at least 50 characters" in result.stderr


def test_site_url_defaults_to_the_port_served_on(tmp_path):
    env = {**os.environ, "PORT": "8123", "BYGDEVEKST_VAR_DIR": str(tmp_path)}
    env.pop("SITE_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "from bygdevekst import settings; print(settings.SITE_URL)"], cwd=settings.BASE_DIR,
        env=env, capture_output=True, text=True, check=False,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr


def test_csp_header_is_strict(client_for):
    policy = client_for(None).get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def _main_pages(demo):
    from bygdevekst.agreements.models import Agreement

    pilot = demo["pilots"]["Trysil-regionen"]
    approved = Agreement.objects.filter(state="approved").first()
    return [
        "/", pilot.round.get_absolute_url(), pilot.get_absolute_url(), f"/agreements/{pilot.agreement.pk}/",
        f"/agreements/{approved.pk}/", "/organisations/", f"/organisations/{pilot.lead_municipality_id}/",
        reverse("login"), reverse("password_reset"), reverse("accounts:profile"), reverse("accounts:password_change"),
        reverse("audit:log"),
    ]


@pytest.mark.parametrize("username", [None, "trysil", "kdd", "admin"])
def test_main_pages_have_no_inline_script_or_style(client_for, demo, username):
    from bygdevekst.audit.log import log_action

    log_action("test.for_the_timeline", obj=demo["pilots"]["Trysil-regionen"].agreement,
               data={"title": {"before": "a", "after": "b"}})
    client = client_for(username)
    checked = 0
    for url in _main_pages(demo):
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_no_inline_code(response.content.decode(), url)
            checked += 1
    assert checked >= 6


def test_forms_with_errors_have_no_inline_style(client_for):
    response = client_for("kdd").post("/accounts/profile/", {"language": "xx"})
    assert response.status_code == 400
    assert_no_inline_code(response.content.decode(), "profile with errors")


@pytest.mark.parametrize(("url", "data"), [
    ("/accounts/login/", {"username": "kdd", "password": "demo"}),
    ("/accounts/profile/", {"first_name": "A", "last_name": "B", "language": "nb"}),
    ("/accounts/profile/tokens/", {"name": "x"}),
    ("/accounts/language/", {"language": "en"}),
    ("/accounts/logout/", {}),
])
def test_csrf_is_required_on_every_post(demo, url, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["users"]["kdd"])
    assert client.post(url, data).status_code == 403


def test_production_cookies_and_hsts_settings(production):
    assert production["settings"] == [True, True, True, True, False]


# ---- Uploads: judged by content and size, never by name -----------------------------------------

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _xlsx_bytes():
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Tiltak"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_pdf_upload_accepts_a_pdf_whatever_its_name():
    validate_pdf_upload(SimpleUploadedFile("vedtak.bin", PDF))


@pytest.mark.parametrize(("content", "code"), [
    (b"<html>not a pdf</html>", "not_pdf"),
    (b"MZ\x90\x00" + PDF[4:], "not_pdf"),
    (PDF[:-8], "truncated_pdf"),
    (b"", "empty"),
])
def test_pdf_upload_refuses_by_content(content, code):
    with pytest.raises(ValidationError) as error:
        validate_pdf_upload(SimpleUploadedFile("vedtak.pdf", content))
    assert error.value.code == code


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_oversize_upload_names_the_limit():
    with pytest.raises(ValidationError) as error:
        validate_pdf_upload(SimpleUploadedFile("stor.pdf", PDF + b" " * 2000 + b"%%EOF"))
    assert error.value.code == "too_large"
    assert "1000" in " ".join(error.value.messages).replace("\xa0", "").replace(" ", "")


def test_xlsx_upload_accepts_a_workbook_and_leaves_the_file_readable():
    upload = SimpleUploadedFile("plan.dat", _xlsx_bytes())
    validate_xlsx_upload(upload)
    assert upload.read(2) == b"PK"


@pytest.mark.parametrize(("content", "code"), [
    (PDF, "not_xlsx"),
    (b"PK\x03\x04" + b"\x00" * 100, "broken_xlsx"),
])
def test_xlsx_upload_refuses_by_content(content, code):
    with pytest.raises(ValidationError) as error:
        validate_xlsx_upload(SimpleUploadedFile("plan.xlsx", content))
    assert error.value.code == code


def test_xlsx_upload_refuses_a_zip_that_is_no_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hei")
    with pytest.raises(ValidationError) as error:
        validate_xlsx_upload(SimpleUploadedFile("plan.xlsx", out.getvalue()))
    assert error.value.code == "not_xlsx"
