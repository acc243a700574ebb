"""Hypothesis strategies for bad input: junk text, wrong types, invalid choices and broken uploads."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from bygdevekst.process.validators import tiny_pdf

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


@st.composite
def form_data(draw, form):
    """A POST body for the form: each field kept, dropped or replaced with junk; sometimes extra fields."""
    data, upload = {}, None
    for name, f in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if f.kind == "file":
            upload = draw(upload_kind)
            data[name] = make_upload(upload)
            continue
        how = draw(st.sampled_from(["valid", "junk", "junk", "drop"]))
        if how == "drop":
            continue
        if how == "valid":
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
