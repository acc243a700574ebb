from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    VERSION = "version", _("agreement version")
    DRAFT = "draft", _("working draft")
    COMMENT = "comment", _("comment")
    MEASURE = "measure", _("action-plan measure")
    REGISTRY_ENTRY = "registry_entry", _("registry entry")


class Audience(models.TextChoices):
    """Who may find a document, on top of its pilot's rules (see query.visible_documents)."""

    # Whoever may see the agreement (the final text of an approved agreement is public).
    AGREEMENT = "agreement", _("whoever may see the agreement")
    # The pilot's participants, KDD and the administrators.
    PARTICIPANTS = "participants", _("the pilot's participants")
    # The owning app's own visibility query (registry entries: access.visibility.visible_entries).
    OWN_RULES = "own_rules", _("the owning app's rules")
