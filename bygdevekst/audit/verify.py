"""Proving the records are what they claim: every frozen agreement version against its SHA-256, the file of every
registered document object, stored version document and meeting document against its SHA-256, every other stored
file (minutes, signed copies) for its presence, and the action log's hash chain link by link. `manage.py verify`
prints the report and exits non-zero on any finding; the scheduler runs `nightly()` and tells the administrators."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from bygdevekst.core.integrity import file_hash

from .models import ActionLog


@dataclass
class Report:
    counts: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)  # (kind, what, problem)

    @property
    def ok(self):
        return not self.findings

    def lines(self):
        yield from (f"{kind}: {n} checked" for kind, n in self.counts.items())
        yield from (f"FAILED {kind} {what}: {problem}" for kind, what, problem in self.findings)
        yield "OK: every record matches its checksum" if self.ok else f"{len(self.findings)} problem(s) found"


def check_versions(report, using):
    from bygdevekst.agreements.models import AgreementVersion

    versions = AgreementVersion.objects.using(using).order_by("agreement_id", "number")
    n = 0
    for version in versions.iterator(chunk_size=200):
        n += 1
        if not version.is_intact:
            report.findings.append(("version", f"agreement {version.agreement_id} v{version.number}",
                                    f"content does not match its SHA-256 {version.sha256}"))
    report.counts["agreement versions"] = n


def _file_problem(name, sha256=None):
    """None when the stored file is there (and has the checksum, if one was recorded); else what is wrong."""
    try:
        with default_storage.open(name, "rb") as handle:
            if sha256 is not None and file_hash(handle) != sha256:
                return f"file {name} does not match its SHA-256 {sha256}"
    except FileNotFoundError:
        return f"file {name} is missing"
    return None


def check_files(report, using):
    from bygdevekst.agreements.models import VersionDocument
    from bygdevekst.correspondence.models import DocumentObject
    from bygdevekst.meetings.models import Attachment
    from bygdevekst.process.models import AnchoringDecision, Signing

    # stored files with their own checksum: every one read and compared
    for model, kind in ((DocumentObject, "document object"), (VersionDocument, "version document"),
                        (Attachment, "meeting document")):
        n = 0
        for obj in model.objects.using(using).order_by("pk").iterator(chunk_size=200):
            n += 1
            if problem := _file_problem(obj.file.name, obj.sha256):
                report.findings.append((kind, f"{obj.pk} ({obj.filename})", problem))
        report.counts[f"{kind}s"] = n
    n = 0
    for model, attr in ((AnchoringDecision, "minutes"), (Signing, "signed_copy")):
        for pk, name in model.objects.using(using).exclude(**{attr: ""}).values_list("pk", attr).iterator():
            n += 1
            if problem := _file_problem(name):
                report.findings.append((model._meta.model_name, str(pk), problem))
    report.counts["other stored files"] = n


def check_log(report, using):
    """Walk the chain in insertion order: each row must name the previous row's hash and hash to its own."""
    prev, n = "", 0
    for row in ActionLog.objects.using(using).order_by("pk").iterator(chunk_size=2000):
        n += 1
        if row.prev_hash != prev:
            report.findings.append(("log row", str(row.pk), "does not follow the row before it (a row was "
                                    "removed, inserted or changed before it)"))
        if row.chain_hash() != row.row_hash:
            report.findings.append(("log row", str(row.pk), "does not match its hash (it was changed)"))
        prev = row.row_hash
    report.counts["log rows"] = n


def verify(using="default"):
    report = Report()
    check_versions(report, using)
    check_files(report, using)
    check_log(report, using)
    return report


def nightly():
    """The scheduler's job: verify, log the result, and tell the administrators when anything fails."""
    from bygdevekst.notifications.domain.notify import notify
    from bygdevekst.notifications.enums import Event

    from .log import log_action

    report = verify()
    log_action("system.verified", data={"counts": report.counts, "problems": len(report.findings),
                                        "findings": [" ".join(f) for f in report.findings[:50]]})
    if not report.ok:
        admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
        notify(admins, Event.INTEGRITY, _("Integrity check: %(n)s problem(s) found") % {"n": len(report.findings)},
               body="\n".join(report.lines()), url="/audit/log/?action=system.verified")
    return report
