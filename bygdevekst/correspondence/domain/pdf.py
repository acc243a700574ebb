"""Letters and registered texts as PDF/A-3b with the ministry's letterhead (WeasyPrint, DejaVu fonts
embedded). The layout follows KDD's letters: letterhead, reference block, text, "Med hilsen",
signature block, the electronic-approval line, then the copy list and the address list."""

from django.template.loader import render_to_string

from bygdevekst.core.pdf import write_pdf
from bygdevekst.core.safetext import render as render_safetext

# Fixed phrases of the letter itself: Norwegian document content in the recipient's written
# standard, not interface text, so they are not run through gettext.
PHRASES = {
    "nb": {
        "their_ref": "Deres ref.", "our_ref": "Vår ref.", "date": "Dato", "page": "Side",
        "regards": "Med hilsen", "copy": "Kopi", "address_list": "Adresseliste",
        "see_address_list": "Ifølge adresseliste", "postal": "Postadresse", "office": "Kontoradresse",
        "phone": "Telefon", "department": "Avdeling", "officer": "Saksbehandler",
        "electronic": "Dokumentet er elektronisk godkjent og har derfor ikke håndskrevne signaturer.",
    },
    "nn": {
        "their_ref": "Dykkar ref.", "our_ref": "Vår ref.", "date": "Dato", "page": "Side",
        "regards": "Med helsing", "copy": "Kopi", "address_list": "Adresseliste",
        "see_address_list": "Ifølgje adresseliste", "postal": "Postadresse", "office": "Kontoradresse",
        "phone": "Telefon", "department": "Avdeling", "officer": "Saksbehandlar",
        "electronic": "Dokumentet er elektronisk godkjent og har difor ikkje handskrivne signaturar.",
    },
}


def format_org_number(number):
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3)) if number else ""


def _pdf(html, title):
    return write_pdf(html)


def sender_context(sender):
    return {
        "name": sender.name,
        "postal_address": sender.postal_address,
        "postal_line": f"{sender.postal_code} {sender.postal_place}".strip(),
        "office_address": sender.office_address,
        "email": sender.email,
        "website": sender.website,
        "phone": sender.phone,
        "org_number": format_org_number(sender.org_number),
        "department": sender.department,
    }


def render_letter_pdf(letter, *, sender, reference, standard, recipients, copies, signatories, letter_date):
    """One letter in one written standard. `recipients`/`copies` are Organisations."""
    body = letter.body_nn if standard == "nn" and letter.body_nn.strip() else letter.body
    officer = letter.case_officer
    html = render_to_string(
        "correspondence/letter_pdf.html",
        {
            "lang": "nn" if standard == "nn" else "nb",
            "t": PHRASES["nn" if standard == "nn" else "nb"],
            "sender": sender_context(sender),
            "letter": letter,
            "body": render_safetext(body),
            "officer_name": officer.get_full_name() or officer.username,
            "officer_phone": letter.case_officer_phone or sender.phone,
            "reference": reference,
            "date": letter_date.strftime("%d.%m.%Y"),
            "single": recipients[0] if len(recipients) == 1 else None,
            "recipients": recipients,
            "copies": copies,
            "signatories": signatories,
        },
    )
    return _pdf(html, letter.title)


def render_text_pdf(title, lines, *, sender, subtitle="", lang="nb"):
    """A plain PDF/A of a registered text (a note, or minutes registered without their file). `lines`: ("h", heading),
    ("p", plain text) or ("safe_text", text in the safe text format, drawn as on the pages: never raw markup)."""
    html = render_to_string(
        "correspondence/text_pdf.html",
        {"title": title, "subtitle": subtitle, "lines": lines, "sender": sender, "lang": lang},
    )
    return _pdf(html, title)
