"""Picking an organisation. Names are not unique (Våler, Herøy), so where a name occurs more than once
the label adds the county and the organisation number; a picker over hundreds of organisations is a
text field with a `<datalist>`: the browser filters the list as one types (no script, so the strict CSP
holds, and screen readers announce the suggestions). The typed label, or the 9-digit organisation
number, selects the organisation."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.forms import ModelMultipleChoiceField

SEARCHABLE_FROM = 30  # below this a plain select is quicker to use


def format_org_number(number):
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3)) if number else ""


def organisation_labels(organisations):
    """{pk: label}: the name, plus county and organisation number where the name is shared."""
    return _labels((o.pk, o.name, o.county.name if o.county_id else "", o.org_number) for o in organisations)


def _labels(rows):
    """organisation_labels from (pk, name, county name, organisation number) rows: a picker over hundreds of
    organisations reads just these four columns, never whole organisations."""
    rows = list(rows)
    counts = Counter(name for _pk, name, _county, _number in rows)
    labels = {}
    for pk, name, county, number in rows:
        if counts[name] > 1:
            extra = [part for part in (county or "", format_org_number(number)) if part]
            labels[pk] = f"{name} ({', '.join(extra)})" if extra else f"{name} [{pk}]"
        else:
            labels[pk] = name
    return labels


class OrganisationSearchInput(forms.TextInput):
    template_name = "organisations/widgets/search_input.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.options = []
        self.pk_labels = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["list_id"] = f"{context['widget']['attrs'].get('id', name)}_list"
        context["widget"]["options"] = self.options
        # the datalist's hundreds of options joined here, escaped alike, rather than looped over in the template
        context["widget"]["option_tags"] = format_html_join("", '<option value="{}"></option>',
                                                            ((label,) for label in self.options))
        return context

    def format_value(self, value):
        if value in (None, ""):
            return None
        label = dict(self.options_by_pk).get(str(value))
        return label if label is not None else str(value)

    @property
    def options_by_pk(self):
        return [(str(pk), label) for pk, label in self.pk_labels]


class OrganisationSearchInputs(OrganisationSearchInput):
    """Several search fields of one name sharing one `<datalist>`: choosing some municipalities out of
    357 without a Ctrl-click list. Empty fields are ignored; a few spare fields are always offered."""

    template_name = "organisations/widgets/search_inputs.html"
    use_fieldset = True
    spare = 2
    minimum = 4

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values in (None, ""):
            return []
        values = values if isinstance(values, list | tuple) else [values]
        return [str(v).strip() for v in values if str(v).strip()]

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty set of fields is a choice (none), not an omission

    def format_value(self, value):
        labels = dict(self.options_by_pk)
        return [labels.get(str(v), str(v)) for v in (value or []) if v not in (None, "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = context["widget"]["value"] or []
        slots = max(len(values) + self.spare, self.minimum)
        base_id = context["widget"]["attrs"].get("id", name)
        label = str(self.slot_label or name)
        context["widget"]["slots"] = [
            {"id": base_id if i == 0 else f"{base_id}_{i}", "value": values[i] if i < len(values) else None,
             "label": _("%(field)s, field %(number)s of %(count)s") % {"field": label, "number": i + 1,
                                                                       "count": slots}}
            for i in range(slots)
        ]
        return context

    slot_label = None


def _organisation_pk(field, labels, value):
    """The pk an organisation picker's typed value names: its label, its 9-digit organisation number,
    or (forms posted by a program) its id."""
    text = str(value).strip()
    by_label = {label: pk for pk, label in labels.items()}
    if text in by_label:
        return by_label[text]
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) == 9:
        return field.queryset.filter(org_number=digits).values_list("pk", flat=True).first()
    if digits.isdigit() and len(digits) < 9 and int(digits) in labels:
        return int(digits)
    return None


class _Labelled:
    """Labels told apart (`organisation_labels`), read when the form is used (never at import time) and
    offered to the widget by `_offer`."""

    _labels = None

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self._labels = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def labels(self):
        if self._labels is None:
            rows = list(self.queryset.values_list("pk", "name", "county__name", "org_number"))
            self._labels = _labels(rows)
            self._offer(rows)
        return self._labels

    def _offer(self, rows):
        pass

    def _offer_search(self, widget):
        widget.options = sorted(self._labels.values())
        widget.pk_labels = list(self._labels.items())
        return widget

    def get_bound_field(self, form, field_name):
        self.labels()
        return super().get_bound_field(form, field_name)

    def label_from_instance(self, obj):
        return self.labels().get(obj.pk, obj.name)


class OrganisationChoiceField(_Labelled, forms.ModelChoiceField):
    """A ModelChoiceField over organisations with unambiguous labels; searchable when the list is long."""

    def _offer(self, rows):
        if len(rows) >= SEARCHABLE_FROM:
            widget = OrganisationSearchInput(self.widget.attrs)
            widget.is_required = self.required
            self.widget = self._offer_search(widget)

    def to_python(self, value):
        labels = self.labels()
        if isinstance(self.widget, OrganisationSearchInput) and value not in self.empty_values:
            pk = _organisation_pk(self, labels, value)
            if pk is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            value = pk
        return super().to_python(value)


class OrganisationCheckboxesField(_Labelled, ModelMultipleChoiceField):
    """A few organisations (an agreement's parties, a letter's candidates) as checkboxes, labels told apart."""

    widget = forms.CheckboxSelectMultiple


class OrganisationMultipleChoiceField(_Labelled, ModelMultipleChoiceField):
    """Several organisations out of a long list: one search field per organisation (see
    `OrganisationSearchInputs`), each taking a label, an organisation number or an id."""

    widget = OrganisationSearchInputs

    def _offer(self, rows):
        self._offer_search(self.widget).slot_label = self.label

    def clean(self, value):
        labels = self.labels()
        pks = []
        for typed in value or []:
            pk = _organisation_pk(self, labels, typed)
            if pk is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": typed})
            if pk not in pks:
                pks.append(pk)
        return super().clean(pks)
