"""The action log in words: what happened, who did it, from what to what — never a code or a Python value.

`describe(entry)` gives a `Description`: one sentence (per action code, see SENTENCES; otherwise "<who>:
<what happened>.") and the details as (label, text) lines. Field names are looked up (KEY_LABELS, then the
logged object's own model fields), values through the state and kind labels (VALUE_LABELS), dates are
formatted, long texts shortened; a key nobody declared is shown as readable "label: value", never as repr.
"""

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .labels import label_for

TEXT_LIMIT = 160
LIST_LIMIT = 8
HASH_SHOWN = 12
IDENTIFIER = re.compile(r"^[a-z]+(?:[_.][a-z]+)+$")
HEX = re.compile(r"^[0-9a-f]{32,}$")

# Keys that only the machinery needs: they tell a reader nothing.
HIDDEN = {
    "lock_version",
    "sequence",
    "target_uid",
    "target_kind",
    "parent",
    "record",
    "new_record",
    "membership",
    "membership_created",
    "replaces_nothing",
    "uid",
    "sub_goal_uids",
    "commitments",
    "prefix",
    "note_internal",
    "demo",
}

KEY_LABELS = {
    "account_created": gettext_lazy("New account"),
    "added": gettext_lazy("Added"),
    "agreement versions": gettext_lazy("Agreement versions"),
    "case": gettext_lazy("Case"),
    "column": gettext_lazy("Column"),
    "direction": gettext_lazy("Direction"),
    "document objects": gettext_lazy("Stored documents"),
    "log rows": gettext_lazy("Log rows"),
    "message": gettext_lazy("Message"),
    "nb": gettext_lazy("Bokmål"),
    "nn": gettext_lazy("Nynorsk"),
    "other stored files": gettext_lazy("Other stored files"),
    "position": gettext_lazy("Position"),
    "removed": gettext_lazy("Removed"),
    "row": gettext_lazy("Row"),
    "sheet": gettext_lazy("Sheet"),
    "summary": gettext_lazy("Summary"),
    "version documents": gettext_lazy("Version documents"),
    "after": gettext_lazy("After"),
    "agenda_items": gettext_lazy("Agenda items"),
    "agreed": gettext_lazy("Agrees"),
    "approved_by": gettext_lazy("Approved by"),
    "author": gettext_lazy("Written by"),
    "baseline": gettext_lazy("Baseline"),
    "before": gettext_lazy("Before"),
    "body": gettext_lazy("Decision-making body"),
    "budget": gettext_lazy("Budget"),
    "capacity": gettext_lazy("Takes part as"),
    "case_number": gettext_lazy("Case number"),
    "changed": gettext_lazy("Changed"),
    "changes": gettext_lazy("Changes"),
    "comment": gettext_lazy("Comment"),
    "content_sha256": gettext_lazy("Checksum of the approved content"),
    "cooperation": gettext_lazy("Cooperation parties"),
    "copies": gettext_lazy("Copies"),
    "counts": gettext_lazy("Checked"),
    "county_role": gettext_lazy("County council's role"),
    "date": gettext_lazy("Date"),
    "delegation": gettext_lazy("Delegated authority"),
    "deliveries": gettext_lazy("Deliveries"),
    "description": gettext_lazy("Description"),
    "document_sha256": gettext_lazy("Checksum of the document"),
    "documents": gettext_lazy("Documents"),
    "email": gettext_lazy("E-mail"),
    "end_quarter": gettext_lazy("End quarter"),
    "end_year": gettext_lazy("End year"),
    "entries": gettext_lazy("Entries"),
    "entry": gettext_lazy("Registry entry"),
    "error": gettext_lazy("Error"),
    "expires_at": gettext_lazy("Expires"),
    "file": gettext_lazy("File"),
    "files": gettext_lazy("Files"),
    "findings": gettext_lazy("Findings"),
    "first_name": gettext_lazy("First name"),
    "format": gettext_lazy("Format"),
    "frequency": gettext_lazy("E-mail me"),
    "from": gettext_lazy("From"),
    "from_year": gettext_lazy("Copied from year"),
    "hints": gettext_lazy("Hints"),
    "indicator": gettext_lazy("Indicator"),
    "items": gettext_lazy("Items"),
    "kind": gettext_lazy("Kind"),
    "label": gettext_lazy("Name"),
    "language": gettext_lazy("Language"),
    "last_name": gettext_lazy("Last name"),
    "late": gettext_lazy("Late"),
    "mandate_to": gettext_lazy("Mandate given to"),
    "measure": gettext_lazy("Measure"),
    "measures": gettext_lazy("Measures"),
    "meeting": gettext_lazy("Meeting"),
    "meeting_date": gettext_lazy("Meeting date"),
    "name": gettext_lazy("Name"),
    "new_revision": gettext_lazy("New revision"),
    "note": gettext_lazy("Note"),
    "number": gettext_lazy("Number"),
    "organisation": gettext_lazy("Organisation"),
    "override": gettext_lazy("Set aside by KDD"),
    "pilot": gettext_lazy("Pilot"),
    "plan": gettext_lazy("Action plan"),
    "planned": gettext_lazy("Planned"),
    "parties": gettext_lazy("Parties"),
    "problems": gettext_lazy("Problems"),
    "reason": gettext_lazy("Reason"),
    "recipients": gettext_lazy("Recipients"),
    "refreshed": gettext_lazy("Sent again"),
    "resolved": gettext_lazy("Resolved"),
    "responsible": gettext_lazy("Responsible"),
    "revision": gettext_lazy("Revision"),
    "role": gettext_lazy("Role"),
    "set_aside": gettext_lazy("Conditions set aside"),
    "sha256": gettext_lazy("Checksum"),
    "signatories": gettext_lazy("Signatories"),
    "signed_on": gettext_lazy("Signed on"),
    "source": gettext_lazy("Financing source"),
    "spent": gettext_lazy("Spent"),
    "start_quarter": gettext_lazy("Start quarter"),
    "start_year": gettext_lazy("Start year"),
    "state": gettext_lazy("Status"),
    "status": gettext_lazy("Status"),
    "target": gettext_lazy("Target"),
    "text": gettext_lazy("Text"),
    "title": gettext_lazy("Title"),
    "to": gettext_lazy("To"),
    "user": gettext_lazy("User"),
    "username": gettext_lazy("Username"),
    "version": gettext_lazy("Version"),
    "version_sha256": gettext_lazy("Checksum of the version"),
    "what": gettext_lazy("Decided"),
    "written_standard": gettext_lazy("Written standard"),
    "year": gettext_lazy("Year"),
}

# The same key means something else in some actions.
SCOPED_KEY_LABELS = {
    ("agreement.comment_posted", "body"): gettext_lazy("Comment"),
    ("agreement.comment_posted", "version"): gettext_lazy("Version number"),
    ("meeting", "title"): gettext_lazy("Agenda item"),
    ("meeting", "items"): gettext_lazy("Agenda items"),
    ("meeting", "date"): gettext_lazy("Date"),
    ("meeting", "invited"): gettext_lazy("Invitations sent"),
    ("meeting.participant_added", "invited"): gettext_lazy("Invited by e-mail"),
    ("actionplan.report_meeting_linked", "meeting"): gettext_lazy("Annual meeting"),
    ("meeting.answered", "answer"): gettext_lazy("Answer"),
    ("meeting.document_attached", "title"): gettext_lazy("Document"),
    ("meeting.document_attached", "pdfa"): gettext_lazy("PDF/A"),
    ("meeting.document_attached", "pdfa_claimed"): gettext_lazy("PDF/A the file declares"),
    ("meeting.document_attached", "pdfa_problems"): gettext_lazy("PDF/A rules the file breaks"),
    ("meeting.calendar_token_created", "replaced"): gettext_lazy("Earlier addresses revoked"),
    ("meeting.calendar_token_revoked", "revoked"): gettext_lazy("Addresses revoked"),
    ("actionplan.report_started", "entries"): gettext_lazy("Report lines"),
}

# Actions whose data are the logged object's own form fields (so a number there may be a related object's id).
FORM_LOGGED = {"round", "pilot", "milestone"}

RECORD_KINDS = {
    "decision": gettext_lazy("political decision"),
    "exception": gettext_lazy("exception from anchoring"),
    "partner-confirmation": gettext_lazy("party's confirmation of its commitments"),
    "county-confirmation": gettext_lazy("county council's confirmation of a commitment"),
    "signing": gettext_lazy("signing"),
}

ELEMENT_KINDS = {
    "focus_area": gettext_lazy("focus area"),
    "sub_goal": gettext_lazy("sub-goal"),
    "commitment": gettext_lazy("commitment"),
    "section": gettext_lazy("section"),
}
DIRECTIONS = {"up": gettext_lazy("up"), "down": gettext_lazy("down")}

FORMATS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "csv": "CSV", "zip": "ZIP"}


def _choices(*enums):
    merged = {}
    for enum in enums:
        for value, label in enum.choices:
            merged.setdefault(value, label)
    return merged


def _value_labels():
    """(scope, key) → {value: label}; scope is an action code, its namespace, or "" for every action."""
    from bygdevekst.accounts.models import Language
    from bygdevekst.actionplans.enums import FundingSource, MeasureStatus, PlanStatus, ReportStatus
    from bygdevekst.agreements.enums import AgreementState, CommitmentKind, CountyRole, PartyRole, VersionKind
    from bygdevekst.correspondence.enums import DeliveryStatus, LetterState
    from bygdevekst.meetings.models import Answer, AttachmentKind, ItemOutcome, MeetingKind, ParticipantCapacity
    from bygdevekst.meetings.pdfa import PROBLEM_LABELS as PDFA_PROBLEM_LABELS
    from bygdevekst.notifications.enums import Frequency
    from bygdevekst.organisations.enums import Role, WrittenStandard
    from bygdevekst.process.enums import AddendumState, Disposition
    from bygdevekst.programme.enums import MilestoneKind, MilestoneNature, RoundStatus
    from bygdevekst.webhooks.enums import DeliveryStatus as WebhookDeliveryStatus
    from bygdevekst.webhooks.enums import EventType

    return {
        ("", "county_role"): _choices(CountyRole),
        ("", "kind"): {**ELEMENT_KINDS, **_choices(VersionKind)},
        ("", "written_standard"): _choices(WrittenStandard),
        ("", "frequency"): _choices(Frequency),
        ("", "language"): _choices(Language),
        ("", "capacity"): _choices(ParticipantCapacity),
        ("", "role"): _choices(Role, PartyRole),
        ("", "disposition"): _choices(Disposition),
        ("", "source"): _choices(FundingSource),
        ("", "format"): FORMATS,
        ("", "state"): _choices(AgreementState),
        ("", "status"): _choices(MeasureStatus),
        ("agreement", "kind"): {**_choices(VersionKind), **ELEMENT_KINDS},
        ("correspondence.delivery_retried", "status"): _choices(DeliveryStatus),
        ("agreement", "direction"): DIRECTIONS,
        ("agreement.county_commitment_confirmed", "kind"): _choices(CommitmentKind),
        ("agreement.record_corrected", "kind"): RECORD_KINDS,
        ("agreement.record_withdrawn", "kind"): RECORD_KINDS,
        ("agreement.addendum_sent_for_approval", "state"): _choices(AddendumState),
        ("agreement.addendum_approved", "state"): _choices(AddendumState),
        ("correspondence", "state"): _choices(LetterState),
        ("meeting", "kind"): _choices(MeetingKind),
        ("meeting.minutes_recorded", "*"): _choices(ItemOutcome),
        ("meeting.answered", "answer"): _choices(Answer),
        ("meeting.document_attached", "kind"): _choices(AttachmentKind),
        ("meeting.document_attached", "pdfa_problems"): PDFA_PROBLEM_LABELS,
        ("actionplan.adopted", "status"): _choices(PlanStatus),
        ("actionplan.revision_created", "status"): _choices(PlanStatus),
        ("actionplan.report_submitted", "status"): _choices(ReportStatus),
        ("round", "status"): _choices(RoundStatus),
        ("system", "events"): _choices(EventType),
        ("system.webhook_redelivered", "status"): _choices(WebhookDeliveryStatus),
        ("milestone", "kind"): _choices(MilestoneKind),
        ("milestone", "nature"): _choices(MilestoneNature),
        ("round.exported", "kind"): {
            "overview": _("overview"),
            "matrix": _("anchoring matrix"),
            "actionplans": _("action plans"),
            "cases": _("case log"),
        },
    }


@dataclass
class Description:
    sentence: str
    details: list = field(default_factory=list)

    def text(self):
        """Everything a reader sees, as one string (for tests and plain-text exports)."""
        return " ".join([self.sentence] + [f"{label}: {value}" for label, value in self.details])


class Describer:
    """Describes one entry. Built per entry; the value labels are read once per language and request."""

    def __init__(self, entry, value_labels=None, names=None):
        self.entry = entry
        self.names = names  # {(model, pk): name} looked up for a whole page at once (`describe_all`)
        self.code = entry.action or ""
        self.namespace = self.code.split(".", 1)[0]
        self.data = entry.data if isinstance(entry.data, dict) else {}
        self.value_labels = value_labels if value_labels is not None else _value_labels()
        self.model = _model(entry.object_type)

    # ---- values ----------------------------------------------------------------------------------------
    def label(self, key):
        if isinstance(key, str) and _is_uuid(key):  # a changed element named by its uid (an import's changes)
            return _("Measure") if self.namespace == "actionplan" else _("Element")
        for scope in (self.code, self.namespace):
            if (scope, key) in SCOPED_KEY_LABELS:
                return str(SCOPED_KEY_LABELS[(scope, key)])
        if key in KEY_LABELS:
            return str(KEY_LABELS[key])
        model_field = self._field(key)
        if model_field is not None:
            return str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:]
        return _humanise(key)

    def _field(self, key):
        if self.model is None or not isinstance(key, str):
            return None
        try:
            model_field = self.model._meta.get_field(key)
        except FieldDoesNotExist:
            return None
        return model_field if hasattr(model_field, "verbose_name") else None  # not a reverse relation

    def _labels_for(self, key):
        for scope in (self.code, self.namespace, ""):
            for k in (key, "*"):
                labels = self.value_labels.get((scope, k))
                if labels is not None:
                    return labels
        model_field = self._field(key)
        if model_field is not None and model_field.choices:
            return dict(model_field.choices)
        return None

    def value(self, value, key=""):
        """A value as a reader reads it."""
        if value is None or value == "" or value == [] or value == {}:
            return "–"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, dict):
            if set(value) <= {"before", "after", "text"} and ("before" in value or "after" in value):
                text = _("from “%(before)s” to “%(after)s”") % {
                    "before": self.value(value.get("before"), key),
                    "after": self.value(value.get("after"), key),
                }
                if value.get("text"):
                    text = f"{text} ({self.value(value['text'])})"
                return text
            return "; ".join(f"{self.label(k)}: {self.value(v, k)}" for k, v in value.items() if k not in HIDDEN)
        if isinstance(value, list | tuple):
            shown = [self.value(v, key) for v in value[:LIST_LIMIT]]
            if len(value) > LIST_LIMIT:
                shown.append(
                    ngettext("and %(n)s more", "and %(n)s more", len(value) - LIST_LIMIT)
                    % {"n": len(value) - LIST_LIMIT}
                )
            return ", ".join(shown)
        related = self._related(key, value) or _named(key, value)
        if related is not None:
            return related
        if isinstance(value, int | float):
            return formats.number_format(value)
        text = str(value)
        labels = self._labels_for(key)
        if labels and text in labels:
            return str(labels[text])
        if key == "format" or key.endswith("format"):
            return FORMATS.get(text, text.upper())
        if HEX.match(text):
            return f"{text[:HASH_SHOWN]}…"
        if _is_uuid(text):
            return "–"
        moment = _moment(text)
        if moment is not None:
            return moment
        if IDENTIFIER.match(text):
            return text.replace("_", " ").replace(".", " ")
        return _shorten(text)

    def _related(self, key, value):
        """A foreign key's id as the object's name, where the log holds the object's own form fields (the id
        alone means nothing to a reader)."""
        if self.namespace not in FORM_LOGGED or isinstance(value, bool) or not str(value).isdigit():
            return None
        model = self.related_model(key)
        if model is None:
            return None
        if self.names is not None:
            return self.names.get((model, int(value)))
        obj = model._default_manager.filter(pk=int(value)).first()
        return str(obj) if obj is not None else None

    def related_model(self, key):
        model_field = self._field(key)
        if model_field is None or not model_field.is_relation or model_field.related_model is None:
            return None
        return model_field.related_model

    def related_refs(self):
        """(model, pk) of every object `_related` would name: looked up for a page at once."""
        if self.namespace not in FORM_LOGGED:
            return
        for key, value in self.data.items():
            if not isinstance(value, bool) and str(value).isdigit() and (model := self.related_model(key)):
                yield model, int(value)

    def details(self):
        """(label, text) per logged fact; a top-level before/after pair becomes one "from … to …" line per field."""
        data = dict(self.data)
        lines = []
        before, after = data.get("before"), data.get("after")
        if isinstance(before, dict | type(None)) and isinstance(after, dict | type(None)) and (before or after):
            data.pop("before", None)
            data.pop("after", None)
            had_before, before, after = bool(before), before or {}, after or {}
            for key in dict.fromkeys([*before, *after]):
                if key in HIDDEN:
                    continue
                pair = {"before": before.get(key), "after": after.get(key)}
                if had_before and pair["before"] == pair["after"]:
                    continue  # unchanged: a correction repeats the facts that stayed
                lines.append((self.label(key), self.value(pair if had_before else after.get(key), key)))
        return [
            (self.label(k), self.value(v, k))
            for k, v in data.items()
            if k not in HIDDEN and not (isinstance(v, str) and _is_uuid(v))
        ] + lines

    # ---- the sentence ------------------------------------------------------------------------------------
    def who(self):
        actor = self.entry.actor
        if actor is None:
            return _("The system")
        return actor.get_full_name() or actor.username

    def describe(self):
        maker = SENTENCES.get(self.code)
        sentence = maker(self) if maker is not None else None
        if sentence is None:
            sentence = _("%(who)s: %(what)s.") % {"who": self.who(), "what": label_for(self.code)}
        return Description(sentence=sentence, details=self.details())

    # helpers for the sentences
    def get(self, key):
        return self.data.get(key)

    def v(self, key, default="–"):
        value = self.data.get(key)
        return default if value in (None, "") else self.value(value, key)

    def pair(self, key):
        pair = self.data.get(key) if isinstance(self.data.get(key), dict) else {}
        return self.value(pair.get("before"), key), self.value(pair.get("after"), key)


def _model(object_type):
    if not object_type or "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


# Keys whose number is an object's id wherever they are logged.
NAMED_BY_ID = {
    "meeting": "meetings.Meeting",
    "responsible": "organisations.Organisation",
    "cooperation": "organisations.Organisation",
    "organisation": "organisations.Organisation",
}


def _named(key, value):
    if key not in NAMED_BY_ID or isinstance(value, bool) or not isinstance(value, int):
        return None
    obj = apps.get_model(NAMED_BY_ID[key])._default_manager.filter(pk=value).first()
    return str(obj) if obj is not None else None


def object_type_label(entry):
    """The kind of object an entry is about, in words ("agreement", not "agreements.agreement")."""
    model = _model(entry.object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return _humanise(entry.object_type.split(".")[-1]) if entry.object_type else ""


def _humanise(key):
    """An identifier-like key ("some_key") as words; any other key (a title, a name) as it is."""
    key = str(key)
    if not re.fullmatch(r"[a-z0-9_.]+", key):
        return key
    text = re.sub(r"[_.]+", " ", key).strip()
    return text[:1].upper() + text[1:]


def _is_uuid(text):
    try:
        uuid.UUID(text)
    except (ValueError, AttributeError, TypeError):
        return False
    return len(text) == 36


def _moment(text):
    """An ISO date or time as the reader's locale writes it; anything else None."""
    if len(text) < 10 or not text[:4].isdigit() or text[4] != "-":
        return None
    try:
        moment = parse_datetime(text) if len(text) > 10 else None
        if moment is not None:
            # a recorded time is read on the clock in Norway (the log keeps it with its offset, usually UTC)
            moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        day = parse_date(text[:10]) if len(text) == 10 else None
    except ValueError:
        return None
    return formats.date_format(day, "SHORT_DATE_FORMAT") if isinstance(day, datetime.date) else None


def _shorten(text, limit=TEXT_LIMIT):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---- One sentence per action code where "who: what happened" says too little -------------------------------


def _transition(d):
    before, after = d.pair("state")
    text = _("%(who)s moved the agreement from “%(before)s” to “%(after)s”.") % {
        "who": d.who(),
        "before": before,
        "after": after,
    }
    override = d.get("override")
    if isinstance(override, dict) and override.get("reason"):
        text += " " + _("Conditions set aside, because: %(reason)s") % {"reason": _shorten(override["reason"])}
    return text


def _decision(d):
    return _("%(who)s recorded the decision of %(org)s (%(body)s, %(date)s): %(what)s.") % {
        "who": d.who(),
        "org": d.v("organisation"),
        "body": d.v("body"),
        "date": d.v("meeting_date"),
        "what": d.v("what"),
    }


def _confirmation(d):
    after = d.get("after") if isinstance(d.get("after"), dict) else {}
    if after.get("agreed", True):
        return _("%(who)s confirmed the commitments of %(org)s.") % {"who": d.who(), "org": d.v("organisation")}
    return _("%(who)s recorded that %(org)s does not agree to its commitments.") % {
        "who": d.who(),
        "org": d.v("organisation"),
    }


def _correction(d, withdrawn=False):
    kind = RECORD_KINDS.get(d.get("kind"), _("record"))
    template = (
        _("%(who)s withdrew a recorded %(kind)s. Reason: %(reason)s")
        if withdrawn
        else _("%(who)s corrected a recorded %(kind)s. Reason: %(reason)s")
    )
    return template % {"who": d.who(), "kind": kind, "reason": d.v("reason")}


def _response_approved(d):
    from django.contrib.auth import get_user_model

    if d.names is not None:
        name = d.names.get((get_user_model(), d.get("author"))) or d.v("author")
    else:
        author = get_user_model().objects.filter(username=d.get("author")).first()
        name = (author.get_full_name() or author.username) if author else d.v("author")
    return _("%(who)s approved the response written by %(author)s.") % {"who": d.who(), "author": name}


def _exported(d):
    changes = d.get("changes")
    if isinstance(changes, dict):
        return _("%(who)s downloaded the changes from version %(from)s to %(to)s as %(format)s.") % {
            "who": d.who(),
            "from": changes.get("from"),
            "to": changes.get("to"),
            "format": d.v("format"),
        }
    return _("%(who)s downloaded version %(n)s as %(format)s.") % {
        "who": d.who(),
        "n": d.v("number"),
        "format": d.v("format"),
    }


def _from_to(message):
    """A sentence over the one field that changed ({"field": {"before": …, "after": …}})."""

    def make(d):
        key = next((k for k, v in d.data.items() if isinstance(v, dict) and "after" in v), None)
        if key is None:
            return None
        before, after = d.pair(key)
        return str(message) % {"who": d.who(), "before": before, "after": after}

    return make


def _minutes(d):
    n = len([v for v in d.data.values() if isinstance(v, dict)])
    return ngettext(
        "%(who)s recorded the outcome of %(n)s agenda item.", "%(who)s recorded the outcome of %(n)s agenda items.", n
    ) % {"who": d.who(), "n": n}


def _letter_sent(d):
    n = d.get("deliveries") or 0
    return ngettext(
        "%(who)s approved the letter; it is registered as %(entry)s and sent to %(n)s recipient.",
        "%(who)s approved the letter; it is registered as %(entry)s and sent to %(n)s recipients.",
        n,
    ) % {"who": d.who(), "entry": d.v("entry"), "n": n}


def _recipients_changed(d):
    before = d.get("before") if isinstance(d.get("before"), dict) else {}
    after = d.get("after") if isinstance(d.get("after"), dict) else {}
    return _("%(who)s changed the recipients from %(before)s to %(after)s.") % {
        "who": d.who(),
        "before": d.value(before.get("recipients")),
        "after": d.value(after.get("recipients")),
    }


SENTENCES = {
    **{
        f"agreement.{action}": _transition
        for action in ("submit", "withdraw", "respond", "open_dialogue", "agree", "open_approval", "approve", "end")
    },
    "agreement.anchoring_decision_recorded": _decision,
    "agreement.anchoring_exception_recorded": lambda d: (
        _("%(who)s recorded an exception from anchoring for %(org)s. Reason: %(reason)s")
        % {"who": d.who(), "org": d.v("organisation"), "reason": d.v("reason")}
    ),
    "agreement.commitments_confirmed": _confirmation,
    "agreement.county_commitment_confirmed": lambda d: (
        _("%(who)s confirmed the county council's commitment “%(text)s”.") % {"who": d.who(), "text": d.v("text")}
    ),
    "agreement.county_role_changed": _from_to(
        gettext_lazy("%(who)s changed the county council's role from “%(before)s” to “%(after)s”.")
    ),
    "agreement.record_corrected": _correction,
    "agreement.record_withdrawn": lambda d: _correction(d, withdrawn=True),
    "agreement.response_approved": _response_approved,
    "agreement.signed": lambda d: (
        _("%(who)s recorded the signing on %(date)s by %(names)s.")
        % {"who": d.who(), "date": d.v("signed_on"), "names": d.v("signatories")}
    ),
    "agreement.version_frozen": lambda d: (
        _("%(who)s saved version %(n)s, “%(label)s” (%(kind)s).")
        % {"who": d.who(), "n": d.v("number"), "label": d.v("label"), "kind": d.v("kind")}
    ),
    "agreement.exported": _exported,
    "agreement.comment_posted": lambda d: (
        _("%(who)s commented on version %(n)s: “%(text)s”")
        % {"who": d.who(), "n": d.v("version"), "text": d.value((d.get("after") or {}).get("body"))}
    ),
    "agreement.addendum_sent_for_approval": lambda d: (
        _("%(who)s sent addendum %(n)s for approval.") % {"who": d.who(), "n": d.v("number")}
    ),
    "agreement.addendum_approved": lambda d: (
        _("%(who)s recorded that addendum %(n)s is approved.") % {"who": d.who(), "n": d.v("number")}
    ),
    "actionplan.measure_status_changed": lambda d: (
        _("%(who)s changed the status of measure %(n)s from “%(before)s” to “%(after)s”.")
        % {"who": d.who(), "n": d.v("number"), "before": d.pair("status")[0], "after": d.pair("status")[1]}
    ),
    "actionplan.adopted": _from_to(gettext_lazy("%(who)s adopted the action plan (from “%(before)s” to “%(after)s”).")),
    "meeting.created": lambda d: (
        _("%(who)s called a %(kind)s on %(date)s.") % {"who": d.who(), "kind": d.v("kind"), "date": d.v("date")}
    ),
    "meeting.minutes_recorded": _minutes,
    "meeting.outcome_corrected": lambda d: (
        _("%(who)s corrected a recorded outcome. Reason: %(reason)s") % {"who": d.who(), "reason": d.v("reason")}
    ),
    "correspondence.letter_composed": lambda d: (
        _("%(who)s drafted the letter “%(title)s”.") % {"who": d.who(), "title": d.v("title")}
    ),
    "correspondence.letter_sent": _letter_sent,
    "correspondence.recipients_changed": _recipients_changed,
    "correspondence.delivery_retried": lambda d: (
        _("%(who)s sent the letter to %(org)s again.") % {"who": d.who(), "org": d.v("organisation")}
    ),
    "notifications.preference_changed": lambda d: (
        _("%(who)s changed the notification e-mails from “%(before)s” to “%(after)s”.")
        % {
            "who": d.who(),
            "before": d.value((d.get("before") or {}).get("frequency"), "frequency"),
            "after": d.value((d.get("after") or {}).get("frequency"), "frequency"),
        }
    ),
    "user.language_changed": _from_to(gettext_lazy("%(who)s changed the language from “%(before)s” to “%(after)s”.")),
}


def describe(entry, value_labels=None, names=None):
    return Describer(entry, value_labels, names).describe()


def _page_names(describers):
    """{(model, pk or username): name} for every object the page's entries name by id, one query per kind."""
    from django.contrib.auth import get_user_model

    wanted = {}
    for describer in describers:
        for model, pk in describer.related_refs():
            wanted.setdefault(model, set()).add(pk)
        if describer.code == "agreement.response_approved" and describer.data.get("author"):
            wanted.setdefault("author", set()).add(describer.data["author"])
    names = {}
    for model, keys in wanted.items():
        if model == "author":
            user = get_user_model()
            for u in user.objects.filter(username__in=keys):
                names[(user, u.username)] = u.get_full_name() or u.username
        else:
            names.update({(model, obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=keys)})
    return names


def describe_all(entries):
    """Descriptions for many entries: the labels read once, the objects they name looked up per kind of object,
    not per entry. [(entry, description)]"""
    labels = _value_labels()
    describers = [Describer(entry, labels) for entry in entries]
    names = _page_names(describers)
    for describer in describers:
        describer.names = names
    return [(describer.entry, describer.describe()) for describer in describers]
