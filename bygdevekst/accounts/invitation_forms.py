from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.fields import OrganisationChoiceField
from bygdevekst.organisations.models import Organisation

from . import invitations
from .models import Invitation, User


class InvitationForm(forms.Form):
    """The project manager's invitation: whom, as what, in which organisation (checked against the pilot)."""

    name = forms.CharField(label=_("Name"), max_length=Invitation._meta.get_field("name").max_length)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"))
    organisation = OrganisationChoiceField(
        Organisation.objects.all(), label=_("Organisation"),
        help_text=_("Municipal staff and politicians: one of the pilot's municipalities. County council officer: "
                    "the pilot's county council. Cooperation partner: a cooperation party to the agreement."),
    )

    def __init__(self, *args, pilot, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilot, self.by = pilot, by
        self.fields["role"].choices = [("", "–")] + [(role.value, role.label) for role in invitations.INVITABLE_ROLES]
        # A search field over the whole register (Våler, Herøy: county and number added); the pilot's own
        # organisations are suggested first.
        field = self.fields["organisation"]
        labels = field.labels()
        own = [labels[pk] for pk in [m.pk for m in pilot.municipalities.all()] + [pilot.county_council_id]
               if pk in labels]
        field.widget.options = own + [label for label in field.widget.options if label not in own]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Give the person's name."))
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        problem = invitations.inviter_problem(email, self.by)
        if problem:
            raise ValidationError(problem)
        return email

    def clean(self):
        data = super().clean()
        role, organisation, email = data.get("role"), data.get("organisation"), data.get("email")
        if role and organisation is not None:
            problem = invitations.organisation_problem(self.pilot, role, organisation)
            if problem:
                self.add_error("organisation", problem)
            elif email and invitations.has_membership(email, self.pilot, organisation, role):
                self.add_error("email", _("This person already has this role in %(organisation)s.")
                               % {"organisation": organisation.name})
        return data


class AcceptInvitationForm(forms.Form):
    """A new user's name and password; the username and e-mail are the invited address."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Repeat the password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            email = self.invitation.email.lower()
            candidate = User(username=email, email=email, first_name=data.get("first_name", ""),
                             last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
