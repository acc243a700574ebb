"""One settings file, driven by environment variables.

SQLite under var/ by default so that a checkout runs at once; DATABASE_URL switches to PostgreSQL.
DJANGO_ENV=production turns on the hardening that plain-HTTP localhost demos cannot use.
"""

import ipaddress
import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BYGDEVEKST_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV") == "production"
DEBUG = env_bool("DEBUG", False)


def _secret_key():
    if env("SECRET_KEY"):
        if PRODUCTION and len(env("SECRET_KEY")) < 50:
            # Sessions, password-reset links and CSRF tokens are signed with it: a short key can be guessed.
            raise RuntimeError("SECRET_KEY must be at least 50 characters when DJANGO_ENV=production")
        return env("SECRET_KEY")
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when DJANGO_ENV=production")
    # A per-checkout key for development and the demo, kept out of git under var/.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address the site is served on, for links in e-mails: by default the one `make run` serves (PORT).
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{env('PORT', '8000')}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "csp",
    "rules",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Domain apps, in dependency order (the demo loader follows this order too).
    "bygdevekst.core",
    "bygdevekst.accounts",
    "bygdevekst.audit",
    "bygdevekst.organisations",
    "bygdevekst.programme",
    "bygdevekst.agreements",
    "bygdevekst.meetings",
    "bygdevekst.actionplans",
    "bygdevekst.correspondence",
    "bygdevekst.notifications",
    "bygdevekst.process",
    "bygdevekst.pages",
    "bygdevekst.search",
    "bygdevekst.opendata",
    "bygdevekst.webhooks",
    "bygdevekst.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bygdevekst.core.memo.RequestMemoMiddleware",
    "bygdevekst.accounts.middleware.UserLanguageMiddleware",
    "bygdevekst.core.input.RejectBadInputMiddleware",
    "bygdevekst.core.integrity.IntegrityErrorMiddleware",
    "bygdevekst.core.headers.ResponseHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bygdevekst.core.refusals.RefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bygdevekst.core.middleware.HtmxRedirectMiddleware",
    "bygdevekst.api.ApiEdgeMiddleware",
]

ROOT_URLCONF = "bygdevekst.urls"
WSGI_APPLICATION = "bygdevekst.wsgi.application"

# One field template and one error summary for every form (core/templates/forms/).
FORM_RENDERER = "bygdevekst.core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bygdevekst" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bygdevekst.accounts.context.navigation",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bygdevekst.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker and the web server read while the other writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "bygdevekst.accounts.backends.AccountBackend",  # Django's ModelBackend, the per-request user read written out
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "programme:home"
LOGOUT_REDIRECT_URL = "programme:home"
# Server-side sessions in the database (logging out revokes at once), read with one written-out query.
SESSION_ENGINE = "bygdevekst.accounts.sessions"
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The reverse proxies in front of the app (their addresses): only from them is X-Forwarded-For believed,
# so the action log and the lockout record the client's address, not the proxy's. Empty: REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")  # addresses or networks: 10.0.0.2,10.1.0.0/24
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or a network") from _error
LOGIN_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))  # failures per username and IP address …
LOGIN_LOCKOUT_SECONDS = int(env("LOGIN_LOCKOUT_SECONDS", str(15 * 60)))  # … within this window lock it
PASSWORD_RESET_TIMEOUT = 3 * 3600

# Optional OIDC login (ID-porten / Ansattporten), off unless OIDC_RP_CLIENT_ID is set (accounts/oidc.py).
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER")  # checked against the id_token's iss when set
OIDC_TIMEOUT = 10
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile")
OIDC_USER_CLAIM = env("OIDC_USER_CLAIM", "pid")  # the verified claim that identifies the person …
OIDC_USER_FIELD = env("OIDC_USER_FIELD", "external_id")  # … and the User field it must match
OIDC_USE_PKCE = True
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": env("OIDC_ACR_VALUES")} if env("OIDC_ACR_VALUES") else {}
OIDC_CREATE_USER = False
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("bygdevekst.accounts.oidc.OIDCBackend")

# --- Languages and time -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "bygdevekst" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not env_bool("TESTING")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads and generated documents: the local disk (MEDIA_ROOT) by default; S3-compatible object storage is a
# setting (docs/deployment.md, "Scaling out"): STORAGE_BACKEND=storages.backends.s3.S3Storage with
# STORAGE_OPTIONS='{"bucket_name": "…", "endpoint_url": "https://…"}' (django-storages[s3]; keys from AWS_* variables).
if env("STORAGE_BACKEND"):
    STORAGES["default"] = {"BACKEND": env("STORAGE_BACKEND"), "OPTIONS": json.loads(env("STORAGE_OPTIONS", "{}"))}
# Tests (and live-server browser tests) serve static files straight from the finders, as nothing is collected.
# Autorefresh looks a file up when it is asked for instead of indexing every static file whenever a
# handler starts: each test client starts its own handler, and that index cost ~70 ms per client.
WHITENOISE_USE_FINDERS = env_bool("TESTING")
WHITENOISE_AUTOREFRESH = env_bool("TESTING")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_UPLOAD_BYTES = int(env("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
MAX_TEXT_CHARS = int(env("MAX_TEXT_CHARS", "50000"))  # any one free-text value (core/input.py)

# --- E-mail and background tasks ------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "bygdevekst@kdd.example")
# How letters reach their recipients, in order of preference (correspondence/transports.py).
LETTER_TRANSPORTS = env_list("LETTER_TRANSPORTS", "bygdevekst.correspondence.transports.EmailTransport")
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A frozen version's PDF/A is rendered by the task worker when the version is made (agreements/tasks.py), so its
# first download is the stored file. Off in tests (the immediate backend would render in every test that freezes).
RENDER_VERSION_DOCUMENTS_ON_FREEZE = env_bool("RENDER_VERSION_DOCUMENTS_ON_FREEZE", not env_bool("TESTING"))
# The cache (front page for KDD, programme/overview_cache.py): local memory per process by default; with several
# app servers the database cache (CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache,
# CACHE_LOCATION=bygdevekst_cache, then `manage.py createcachetable`) or Redis (docs/deployment.md, "Scaling out").
CACHES = {"default": {"BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
                      "LOCATION": env("CACHE_LOCATION", "")}}
# eFormidling (correspondence/eformidling.py): KDD's own integration point; list
# "bygdevekst.correspondence.transports.EFormidlingTransport" first in LETTER_TRANSPORTS to use it.
EFORMIDLING_URL = env("EFORMIDLING_URL", "")
EFORMIDLING_SENDER = env("EFORMIDLING_SENDER", "972417858")  # KDD's organisation number
EFORMIDLING_PROCESS = env("EFORMIDLING_PROCESS", "urn:no:difi:profile:arkivmelding:administrasjon:ver1.0")
EFORMIDLING_STATUS_WAIT = float(env("EFORMIDLING_STATUS_WAIT", "60"))
EFORMIDLING_POLL_INTERVAL = float(env("EFORMIDLING_POLL_INTERVAL", "2"))
EFORMIDLING_HTTP_TIMEOUT = float(env("EFORMIDLING_HTTP_TIMEOUT", "30"))
# Webhooks (bygdevekst/webhooks): seconds a receiver has to answer; plain http:// only to this machine, for
# tests and development.
WEBHOOKS_TIMEOUT = float(env("WEBHOOKS_TIMEOUT", "5"))
WEBHOOKS_ALLOW_LOOPBACK_HTTP = env_bool("WEBHOOKS_ALLOW_LOOPBACK_HTTP", DEBUG or env_bool("TESTING"))

# --- API ----------------------------------------------------------------------------------
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_PER_PAGE = 50  # modest by default: a list answer stays small at national scale

# --- Security -----------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_without_traceback": {"()": "bygdevekst.core.logfilters.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"filters": ["forbidden_without_traceback"]}},
}

if env_bool("TESTING"):
    # Fast hashing for the test database only; production keeps Argon2 above.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # The append-only triggers on the action log would stop a transactional test's flush;
    # tests/security installs them inside a transaction and checks them (audit/triggers.py).
    AUDIT_DB_TRIGGERS = env_bool("AUDIT_DB_TRIGGERS", False)
