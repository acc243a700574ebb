from django import forms
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.fields import OrganisationChoiceField

from .models import AgendaItem, Answer, Attachment, ItemOutcome, Meeting, Participant


class MeetingForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    video_url = forms.URLField(label=_("video link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["kind", "title", "date", "start_time", "end_time", "place", "video_url", "agenda", "minutes",
                  "decisions"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["organisation", "capacity", "representatives", "email", "attended"]
        field_classes = {"organisation": OrganisationChoiceField}
        help_texts = {"organisation": _("Type part of the name or the organisation number, then choose from the list.")}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title"]


class OutcomeForm(forms.Form):
    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"o_{item.pk}"] = forms.ChoiceField(
                label=_("Outcome: %(title)s") % {"title": item.title}, choices=ItemOutcome.choices, initial=item.outcome
            )
            self.fields[f"t_{item.pk}"] = forms.CharField(
                label=_("Minutes for: %(title)s") % {"title": item.title}, required=False, initial=item.outcome_text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

        self.fields["reason"] = forms.CharField(
            label=_("Reason for changing an outcome already recorded"), required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Needed only when you change or withdraw an outcome recorded earlier; the earlier one stays "
                        "in the history."),
        )

    def rows(self):
        return [(item, self[f"o_{item.pk}"], self[f"t_{item.pk}"]) for item in self.items]


class AnswerForm(forms.Form):
    """The answer to an invitation, for one of the participating organisations the person belongs to."""

    participant = forms.TypedChoiceField(label=_("Answer for"), coerce=int)
    answer = forms.ChoiceField(label=_("Your answer"), widget=forms.RadioSelect,
                               choices=[(a.value, a.label) for a in (Answer.ACCEPTED, Answer.TENTATIVE, Answer.DECLINED)])
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = {p.pk: p for p in participants}
        self.fields["participant"].choices = [(p.pk, p.organisation.name) for p in participants]
        if len(participants) == 1:
            self.fields["participant"].widget = forms.HiddenInput()


class MinutesForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["minutes", "decisions"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8}), "decisions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"minutes": _("Paragraphs, lists (- item) and **bold** are kept in the PDF and Word files.")}


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["kind", "title", "file"]
        help_texts = {"file": _("A PDF document; PDF/A is preferred for the archive.")}
