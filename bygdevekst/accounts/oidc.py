"""Optional OIDC login (ID-porten, Ansattporten or any OpenID Provider), off unless configured.

Settings (from the environment, see settings.py): OIDC_RP_CLIENT_ID switches it on; the provider's
endpoints; OIDC_USER_CLAIM names the verified claim that identifies a person (`pid` for ID-porten's
national identity number, `email` for a provider that verifies addresses) and OIDC_USER_FIELD the user
field it must equal (`external_id` or `email`). Nobody gets an account by logging in: the claim must
match exactly one existing, active user, whom an administrator has set up beforehand.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

USER_FIELDS = ("external_id", "email", "username")


def enabled():
    return bool(getattr(settings, "OIDC_ENABLED", False))


class OIDCBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        """The library checks signature, expiry and nonce; we also insist the token was issued to us
        (aud) by the provider we trust (iss)."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("id_token was issued to another client")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("id_token from an unexpected issuer")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """Userinfo, with the signed id_token's claims winning where both have one."""
        claims = {}
        if getattr(settings, "OIDC_OP_USER_ENDPOINT", ""):
            claims.update(super().get_userinfo(access_token, id_token, payload))
        claims.update(payload)
        return claims

    def _claim_and_field(self):
        claim = getattr(settings, "OIDC_USER_CLAIM", "pid")
        field = getattr(settings, "OIDC_USER_FIELD", "external_id")
        if field not in USER_FIELDS:
            raise ValueError(f"OIDC_USER_FIELD must be one of {USER_FIELDS}")
        return claim, field

    def describe_user_by_claims(self, claims):
        claim, _field = self._claim_and_field()
        return f"claim {claim}"  # never the value itself: a national identity number is personal data

    def verify_claims(self, claims):
        claim, _field = self._claim_and_field()
        value = claims.get(claim)
        if not isinstance(value, str) or not value.strip():
            return False
        # An e-mail address identifies a person only when the provider says it verified it.
        return not (claim == "email" and claims.get("email_verified") is False)

    def filter_users_by_claims(self, claims):
        claim, field = self._claim_and_field()
        value = (claims.get(claim) or "").strip()
        if not value:
            return self.UserModel.objects.none()
        lookup = f"{field}__iexact" if field == "email" else field
        return self.UserModel.objects.filter(**{lookup: value, "is_active": True})

    def create_user(self, claims):
        return None  # accounts are set up by an administrator, never by a login


def authenticate(request):
    if not enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


def callback(request):
    if not enabled():
        raise Http404
    return OIDCAuthenticationCallbackView.as_view()(request)
