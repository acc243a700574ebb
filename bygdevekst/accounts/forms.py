import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bygdevekst.audit.log import log_action

from . import lockout
from .models import ApiToken, Language, User

logger = logging.getLogger(__name__)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a username and address pair after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Check the username and password and try again."),
        "locked": _(
            "Too many failed attempts. Login for this user is locked for %(minutes)s minutes from this "
            "address; try again later or reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and lockout.is_locked(username, self.request):
            minutes = int(lockout.window().total_seconds() // 60)
            logger.warning("Login locked for %r", username)
            log_action("user.login_locked", data={"username": username[:150]}, request=self.request)
            raise ValidationError(self.error_messages["locked"], code="locked", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                lockout.record_failure(username, self.request)
            raise
        lockout.clear(username, self.request)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "title", "phone", "language"]
        labels = {"language": _("Language")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = True
        self.fields["language"].choices = Language.choices


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. “archive export”."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Give the token a name."))
        return name
