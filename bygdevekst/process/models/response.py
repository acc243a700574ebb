"""The state's written response to a proposal: written by one case officer, approved by another,
immutable once published."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.immutable import ImmutableOnceQuerySet

from ..enums import Disposition, ResponseState


class PublishedResponseError(Exception):
    """Raised on any attempt to change a published response or its items."""


class ResponseQuerySet(ImmutableOnceQuerySet):
    fixed = {"state": ResponseState.PUBLISHED}
    error = PublishedResponseError
    message = "A published response is immutable"


class StateResponse(models.Model):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="state_responses")
    version = models.ForeignKey(
        "agreements.AgreementVersion", verbose_name=_("proposal responded to"), on_delete=models.PROTECT, related_name="+"
    )
    general = models.TextField(_("general part"))
    state = models.CharField(_("state"), max_length=20, choices=ResponseState.choices, default=ResponseState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("state response")
        verbose_name_plural = _("state responses")
        ordering = ["agreement_id", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("author")),
                name="response_four_eyes",
            )
        ]

    def __str__(self):
        return str(_("State response to %(agreement)s") % {"agreement": self.agreement})

    def save(self, *args, **kwargs):
        if getattr(self, "_published_in_db", False):
            raise PublishedResponseError("A published response is immutable")
        super().save(*args, **kwargs)
        self._published_in_db = self.state == ResponseState.PUBLISHED

    def delete(self, *args, **kwargs):
        if getattr(self, "_published_in_db", False):
            raise PublishedResponseError("A published response is immutable")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._published_in_db = obj.state == ResponseState.PUBLISHED
        return obj

    @property
    def is_published(self):
        return self.state == ResponseState.PUBLISHED


class ItemQuerySet(ImmutableOnceQuerySet):
    fixed = {"response__state": ResponseState.PUBLISHED}
    error = PublishedResponseError
    message = "A published response is immutable"


class ResponseItem(models.Model):
    """A disposition on one sub-goal or commitment, pointed at by its stable uid."""

    response = models.ForeignKey(StateResponse, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    target_uid = models.UUIDField(_("refers to"))
    target_title = models.CharField(_("title"), max_length=300)
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices)
    text = models.TextField(_("text"), blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("response item")
        verbose_name_plural = _("response items")
        ordering = ["response_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["response", "target_uid"], name="one_item_per_target")]

    def __str__(self):
        return f"{self.target_title}: {self.get_disposition_display()}"

    def save(self, *args, **kwargs):
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self):
        if StateResponse.objects.filter(pk=self.response_id, state=ResponseState.PUBLISHED).exists():
            raise PublishedResponseError("A published response is immutable")
