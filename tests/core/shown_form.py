"""Read an approve form's hidden fields (R10) off a rendered page, as a browser would send them."""

import html
import re


def shown_form_of(page):
    fields = dict(re.findall(r'name="(shown_sha256|shown_content)" value="([^"]*)"', page))
    assert set(fields) == {"shown_sha256", "shown_content"}, "the approve form carries what was shown"
    return {name: html.unescape(value) for name, value in fields.items()}
