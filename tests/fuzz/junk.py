"""Hypothesis strategies for bad input: junk text, wrong types, invalid choices and broken uploads."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from tests.pdfs import tiny_pdf

# Small enough to keep the tier fast; the fuzz test lowers MAX_UPLOAD_BYTES below it.
OVERSIZE_LIMIT = 64 * 1024
SAMI = "ŊŋŠšŦŧŽžČčĐđÁáÆØÅæøå"
NASTY = [
    "", " ", "\x00", "a\x00b", "x" * 100_000, SAMI, SAMI * 40, "-1", "0", "1e309", "NaN", "9" * 40, "3.5",
    "2026-02-30", "31.12.2026", "0000-00-00", "9999-99-99", "-2026-01-01", "<script>alert(1)</script>",
    "' OR 1=1 --", "../../etc/passwd", "\u202e\ufeff", "🙂" * 10, "None", "null", "[]", "{}",
]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(alphabet=SAMI + " -", max_size=30))


def _xlsx_wrong_header():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Hva", "Hvem", "Når"])
    wb.active.append(["Noe", "Noen", "I morgen"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip_not_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "ikke et regneark")
    return out.getvalue()


def uploads():
    """(name, bytes) of files that every upload field must refuse with a clear message."""
    pdf = tiny_pdf("Fuzz")
    return {
        "text named .pdf": ("protokoll.pdf", b"Dette er ikke en PDF.\n" * 5),
        "truncated pdf": ("protokoll.pdf", pdf[: len(pdf) // 2]),
        "empty": ("tom.pdf", b""),
        "oversize pdf": ("stor.pdf", pdf[:-6] + b" " * OVERSIZE_LIMIT + b"%%EOF\n"),
        "zip that is not xlsx": ("plan.xlsx", _zip_not_xlsx()),
        "xlsx with wrong header": ("plan.xlsx", _xlsx_wrong_header()),
        "truncated xlsx": ("plan.xlsx", _xlsx_wrong_header()[:300]),
        "exe named .xlsx": ("plan.xlsx", b"MZ\x90\x00" + b"\x00" * 200),
    }


UPLOADS = uploads()
upload_kind = st.sampled_from(sorted(UPLOADS))


def make_upload(kind):
    name, content = UPLOADS[kind]
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# One junk value per kind of mistake a hand-written view makes: too big for the column, negative, not a
# number (and a NUL byte). The sweep puts each into every field in turn, the rest as the page filled them.
SWEEP = ["9" * 40, "-1", "a\x00b"]


def page_values(form):
    """The body the page would send untouched: each field's value, or a plausible one when it is empty."""
    data = {}
    for name, f in form.fields.items():
        if name == "csrfmiddlewaretoken" or f.kind == "file":
            continue
        options = [o for o in f.options if o]
        if f.kind == "select-multiple":
            data[name] = [f.value] if f.value else options[:1]
        elif f.kind in ("select", "radio"):
            data[name] = f.value or (options[0] if options else "")
        elif f.kind == "checkbox":
            data[name] = f.value or "on"
        elif f.value or f.kind == "hidden":
            data[name] = f.value
        else:
            data[name] = {"date": "2026-12-01", "number": "1", "email": "fuzz@example.no"}.get(f.kind, "Fuzz Ŋ")
    return data


def sweep(form):
    """(field, value, body): every field in turn given each SWEEP value, the others as page_values()."""
    base = page_values(form)
    for name in base:
        for value in SWEEP:
            yield name, value, {**base, name: value}


@st.composite
def form_data(draw, form):
    """A POST body for the form: each field kept, dropped or replaced with junk; sometimes extra fields.

    Half the bodies keep every field as the page filled it (or plausible when empty) but one, which gets
    junk: a field read only after the form's other checks pass (a hidden lock_version, the last row of a
    table) is then reached too."""
    data, upload = {}, None
    names = [name for name, f in form.fields.items() if name != "csrfmiddlewaretoken" and f.kind != "file"]
    bad = draw(st.sampled_from(names)) if names and draw(st.booleans()) else None
    for name, f in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if f.kind == "file":
            upload = draw(upload_kind)
            data[name] = make_upload(upload)
            continue
        if bad is not None:
            how = "junk" if name == bad else "valid"
        else:
            how = draw(st.sampled_from(["valid", "junk", "junk", "drop"]))
        if how == "drop":
            continue
        if how == "valid" and bad is not None and f.value and f.kind not in ("radio", "checkbox"):
            data[name] = f.value  # as the page filled it
        elif how == "valid":
            if f.kind in ("select", "radio", "select-multiple") and f.options:
                data[name] = draw(st.sampled_from(f.options))
            elif f.kind == "checkbox":
                data[name] = f.value or "on"
            elif f.kind == "date":
                data[name] = draw(st.sampled_from(["2026-12-01", "2027-01-15"]))
            elif f.kind == "number":
                data[name] = str(draw(st.integers(-5, 3000)))
            else:
                data[name] = f.value or draw(st.text(alphabet=SAMI + "abc ", min_size=1, max_size=20))
        else:
            data[name] = draw(text) if f.kind != "select-multiple" else draw(st.lists(text, max_size=3))
    if draw(st.booleans()):
        data[draw(st.sampled_from(["id", "pk", "state", "created_by", "is_staff", "extra"]))] = draw(text)
    return data, upload
