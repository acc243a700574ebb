"""OIDC login against a small fake provider: a real RSA-signed id_token, mocked token, JWKS and
userinfo endpoints. The identity claim (ID-porten's `pid`) maps to an existing user only."""

import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client, override_settings
from jwt.algorithms import RSAAlgorithm

from bygdevekst.accounts.models import User
from bygdevekst.audit.models import ActionLog

ISSUER = "https://idporten.fake"
CLIENT_ID = "bygdevekst-test"
OIDC = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": "s3cret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "OIDC_OP_USER_ENDPOINT": f"{ISSUER}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/jwks",
    "OIDC_OP_ISSUER": ISSUER,
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USER_CLAIM": "pid",
    "OIDC_USER_FIELD": "external_id",
    "AUTHENTICATION_BACKENDS": [
        "rules.permissions.ObjectPermissionBackend",
        "bygdevekst.accounts.backends.AccountBackend",
        "bygdevekst.accounts.oidc.OIDCBackend",
    ],
}


class FakeResponse:
    def __init__(self, data, status=200):
        self.status_code = status
        self._data = data
        self.headers = {"content-type": "application/json"}
        self.text = json.dumps(data)
        self.url = "fake"

    def json(self):
        return self._data

    def raise_for_status(self):
        assert self.status_code == 200


class FakeProvider:
    """Answers the backend's three HTTP calls the way ID-porten would."""

    def __init__(self, monkeypatch):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.jwk = {**json.loads(RSAAlgorithm.to_jwk(self.key.public_key())), "kid": "k1", "alg": "RS256", "use": "sig"}
        self.claims = {}
        self.signing_key = self.key
        self.token_requests = []
        monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", self.post)
        monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", self.get)

    def id_token(self, nonce):
        now = int(time.time())
        body = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 120, "nonce": nonce,
                "sub": "pairwise-sub", "acr": "idporten-loa-substantial", **self.claims}
        return jwt.encode(body, self.signing_key, algorithm="RS256", headers={"kid": "k1"})

    def post(self, url, data=None, **kwargs):
        assert url == f"{ISSUER}/token"
        self.token_requests.append(data)
        return FakeResponse({"access_token": "at", "id_token": self.id_token(self.nonce), "token_type": "Bearer"})

    def get(self, url, **kwargs):
        if url == f"{ISSUER}/jwks":
            return FakeResponse({"keys": [self.jwk]})
        assert url == f"{ISSUER}/userinfo"
        return FakeResponse({"sub": "pairwise-sub", "pid": self.claims.get("pid", "")})

    def login(self, client, claims):
        self.claims = claims
        start = client.get("/accounts/oidc/authenticate/?next=/accounts/profile/")
        assert start.status_code == 302
        query = parse_qs(urlparse(start["Location"]).query)
        assert start["Location"].startswith(f"{ISSUER}/authorize")
        assert query["code_challenge_method"] == ["S256"]  # PKCE, as ID-porten requires
        self.nonce = query["nonce"][0]
        return client.get("/accounts/oidc/callback/", {"code": "abc", "state": query["state"][0]})


@pytest.fixture
def provider(monkeypatch, db):
    with override_settings(**OIDC):
        yield FakeProvider(monkeypatch)


@pytest.fixture
def person(demo):
    user = demo["users"]["kdd2"]
    User.objects.filter(pk=user.pk).update(external_id="01017012345")
    return user


def test_oidc_is_off_unless_configured(db):
    assert Client().get("/accounts/oidc/authenticate/").status_code == 404
    assert Client().get("/accounts/oidc/callback/?code=a&state=b").status_code == 404
    assert "ID-porten" not in Client().get("/accounts/login/").content.decode()


def test_verified_pid_logs_in_the_matching_user(provider, person):
    client = Client()
    assert "ID-porten" in client.get("/accounts/login/").content.decode()
    response = provider.login(client, {"pid": "01017012345"})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert client.session["_auth_user_id"] == str(person.pk)
    assert provider.token_requests[0]["code_verifier"]
    assert ActionLog.objects.filter(action="user.logged_in", actor=person).exists()


def test_unknown_identity_gets_no_account(provider, person):
    client = Client()
    count = User.objects.count()
    response = provider.login(client, {"pid": "31129912345"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == count


def test_token_signed_by_another_key_is_refused(provider, person):
    provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = Client(raise_request_exception=False)
    response = provider.login(client, {"pid": "01017012345"})
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_token_for_another_client_is_refused(provider, person):
    client = Client(raise_request_exception=False)
    response = provider.login(client, {"pid": "01017012345", "aud": "someone-else"})
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_email_claim_mapping_requires_a_verified_address(provider, demo):
    with override_settings(OIDC_USER_CLAIM="email", OIDC_USER_FIELD="email"):
        client = Client()
        provider.login(client, {"email": "smola@demo.example", "email_verified": False})
        assert "_auth_user_id" not in client.session
        client = Client()
        provider.login(client, {"email": "SMOLA@demo.example", "email_verified": True})
        assert client.session["_auth_user_id"] == str(demo["users"]["smola"].pk)
