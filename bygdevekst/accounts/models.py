import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bygdevekst.organisations.enums import Role


class Language(models.TextChoices):
    BOKMAL = "nb", _("Norwegian Bokmål")
    NYNORSK = "nn", _("Norwegian Nynorsk")
    ENGLISH = "en", _("English")


class User(AbstractUser):
    """A person who logs in. What they may do follows from their memberships in organisations."""

    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    # The identity an external login (OIDC: ID-porten, Ansattporten) vouches for, when it is not the
    # e-mail address; which claim fills it is settings.OIDC_USER_CLAIM.
    external_id = models.CharField(_("external identity"), max_length=200, blank=True, db_index=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None):
        """The project's own permissions (access/permissions.py) are decided by their predicates for
        everyone, the administrator included: Django's superuser shortcut would skip guards such as
        "the letter is still a draft". Django's model permissions keep the shortcut."""
        import rules

        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name):
        """Create a token and return (token, raw). The raw value is never stored."""
        raw = "bv_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[3:11], token_hash=hash_token(raw))
        return token, raw

    @classmethod
    def authenticate(cls, raw):
        token = (
            cls.objects.select_related("user")
            .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        now = timezone.now()
        # Write the last-used time at most once a minute: no write per request under load.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class LoginFailure(models.Model):
    """One failed login, counted per username and IP address for the lockout (see lockout.py).
    Operational data, pruned on success; the audit log keeps the permanent record."""

    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["username", "ip_address", "at"])]

    def __str__(self):
        return f"{self.username} {self.ip_address} {self.at:%Y-%m-%d %H:%M}"


class InvitationState(models.TextChoices):
    """Derived from the invitation's dates (see Invitation.state), never stored."""

    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class InvitationQuerySet(models.QuerySet):
    def pending(self, now):
        """Neither accepted, revoked nor expired at `now`: the rule of Invitation.state, in the database
        (a conditional update on it is what makes accepting and revoking safe against a double submit)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A pilot's project manager invites a person by e-mail to a role in one of the pilot's organisations
    (accounts/invitations.py). Only the SHA-256 of the link's token is stored; a new mail gets a new token."""

    pilot = models.ForeignKey("programme.Pilot", verbose_name=_("pilot"), on_delete=models.CASCADE,
                              related_name="invitations")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True,
                                   related_name="invitations_sent")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, verbose_name=_("accepted by"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="invitations_accepted")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["pilot", "email"])]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def state(self):
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def is_pending(self):
        return self.state == InvitationState.PENDING
