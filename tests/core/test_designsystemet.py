"""The vendored Designsystemet stylesheets keep the strict CSP and the form renderer gives inputs its class."""

import re
from pathlib import Path

from django import forms

from bygdevekst.core.forms import FormRenderer

VENDOR = Path(__file__).resolve().parents[2] / "bygdevekst" / "static" / "vendor" / "designsystemet"


def test_vendored_css_fetches_nothing_from_elsewhere():
    for name in ("designsystemet.css", "theme.css"):
        css = (VENDOR / name).read_text(encoding="utf-8")
        assert "@import" not in css and "@font-face" not in css, name
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
        assert all(u.startswith("data:") for u in urls), name
    assert "data:image/svg+xml" in (VENDOR / "designsystemet.css").read_text(encoding="utf-8")  # its icons
    assert "1.22.0" in (VENDOR / "VERSION").read_text() and (VENDOR / "LICENSE-css").exists()


class _Form(forms.Form):
    title = forms.CharField()
    body = forms.CharField(widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("a", "A")])
    agree = forms.BooleanField()
    file = forms.FileField(required=False)


def test_renderer_adds_ds_input_to_text_inputs_selects_and_textareas_only():
    html = str(_Form(renderer=FormRenderer()))
    for tag in ('<input type="text"', "<textarea", "<select"):
        element = html[html.index(tag): html.index(">", html.index(tag))]
        assert 'class="ds-input"' in element, element
    for tag in ('<input type="checkbox"', '<input type="file"'):
        element = html[html.index(tag): html.index(">", html.index(tag))]
        assert "ds-input" not in element, element
    assert 'class="ds-field field"' in html


def test_every_hand_written_text_control_in_a_template_carries_ds_input():
    """Forms drawn by the renderer get `ds-input` from it; a control written by hand in a template must carry the
    class itself, or it falls back to the browser's look beside Designsystemet's."""
    root = Path(__file__).resolve().parents[2] / "bygdevekst"
    plain = {"hidden", "checkbox", "radio", "submit", "file", "button", "reset", "image"}
    missing = []
    for template in root.rglob("templates/**/*.html"):
        if "/widgets/" in str(template):
            continue  # widget templates: the renderer adds the class
        for tag, attrs in re.findall(r"<(input|select|textarea)\b([^>]*)>", template.read_text(encoding="utf-8")):
            kind = re.search(r'type="([^"]+)"', attrs)
            if tag == "input" and kind and kind.group(1) in plain:
                continue
            if "ds-input" not in attrs:
                missing.append(f"{template.relative_to(root)}: <{tag}{attrs[:60]}")
    assert not missing, missing
