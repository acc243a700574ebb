"""Form fields shared by the apps, and the one form renderer (settings.FORM_RENDERER)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import DjangoTemplates

_BIGINT = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but a submitted id that is not a 64-bit integer is an invalid choice, not a
    database error: SQLite raises OverflowError (and PostgreSQL a DataError) on `pk__in` with a
    value out of range, which would otherwise be a 500."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if isinstance(field, models.IntegerField | models.AutoField):
            for pk in value:
                try:
                    number = int(str(pk))
                except (TypeError, ValueError):
                    number = None
                if number is None or abs(number) > _BIGINT:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class FormRenderer(DjangoTemplates):
    """Every form and field is drawn by one template each (core/templates/forms/): `{{ form }}` gives the
    error summary and the fields, `{{ form.title.as_field_group }}` one labelled field with its help and
    errors tied to the input by the ids Django's aria-describedby names."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    # Designsystemet styles a control by its class, so every text input, select and textarea a widget
    # draws gets `ds-input` here, once, instead of in each form. Checkboxes, radios and file pickers keep
    # the browser's control (app.css gives them the accent colour).
    _PLAIN_INPUT_TYPES = {"checkbox", "radio", "file", "hidden"}
    _CHOICE_GROUPS = ("checkbox_select.html", "radio.html")  # the group's wrapper, not a control

    def render(self, template_name, context, request=None):
        widget = (context or {}).get("widget")
        if ("/widgets/" in template_name and isinstance(widget, dict)
                and widget.get("type") not in self._PLAIN_INPUT_TYPES
                and not template_name.endswith(self._CHOICE_GROUPS)):
            attrs = dict(widget.get("attrs") or {})
            attrs["class"] = " ".join(filter(None, [attrs.get("class", ""), "ds-input"]))
            context = {**context, "widget": {**widget, "attrs": attrs}}
        return super().render(template_name, context, request=request)
