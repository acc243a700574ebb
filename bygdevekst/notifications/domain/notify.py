"""Creating notifications and deciding who cares about what."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation

from bygdevekst.core.written import written_out
from bygdevekst.organisations.enums import Role

from ..enums import EmailStatus, Frequency
from ..models import Notification, Preference


def frequency_of(user):
    pref = Preference.objects.filter(user=user).only("frequency").first()
    return pref.frequency if pref else Frequency.IMMEDIATE


def language_of(user):
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _in_language(text, user):
    """`text` in the recipient's language: a callable is called with the recipient's language active (so a
    subject built with gettext and % reads as the recipient reads), anything else is taken as it is."""
    if not callable(text):
        return str(text)
    with translation.override(language_of(user)):
        return str(text())


def notify(users, event, title, *, url="", body="", key="", exclude=None, emailed_elsewhere=None):
    """One notification per user; immediate ones are e-mailed by a background task once the transaction that
    caused them commits (an action undone sends nothing), daily ones wait for the digest. Returns the
    notifications created (a repeated `key` is skipped).

    `title` and `body` may be callables without arguments: each recipient gets them in their own language.
    `emailed_elsewhere`: the news already went out by e-mail (a meeting's calendar invitation, to the
    participants' addresses): the notification is then in the app only, and in the digest of those who chose
    one — except for whoever got that e-mail at their own address (a collection of addresses)."""
    from .. import tasks

    created = []
    daily = set(Preference.objects.filter(frequency=Frequency.DAILY).values_list("user_id", flat=True))
    elsewhere = None if emailed_elsewhere is None else {a.strip().lower() for a in emailed_elsewhere if a}
    for user in {u.pk: u for u in users}.values():
        if exclude is not None and user.pk == exclude.pk:
            continue
        if not user.is_active:
            continue
        if not user.email:
            status = EmailStatus.NONE
        elif elsewhere is not None and (user.pk not in daily or user.email.strip().lower() in elsewhere):
            status = EmailStatus.ELSEWHERE
        else:
            status = EmailStatus.IN_DIGEST if user.pk in daily else EmailStatus.PENDING
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user=user,
                        event=event,
                        title=_in_language(title, user)[:300],
                        body=_in_language(body, user),
                        url=url,
                        key=key,
                        email_status=status,
                    )
                )
        except IntegrityError:  # already notified under this key
            continue
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: [tasks.send_notification.enqueue(pk) for pk in pending], robust=True)
    return created


def settle(keys, title, body=""):
    """The step these notifications asked for is done (another case officer approved, the author published):
    every copy still standing is marked read for everyone and retitled to say who handled it, so nobody is sent
    to approve what is already approved; an e-mail or digest entry not yet sent is not sent. `title` and `body`
    are callables read in each recipient's language, as in `notify()`. Returns how many were settled."""
    from django.utils import timezone

    now = timezone.now()
    unsent = (EmailStatus.PENDING, EmailStatus.FAILED, EmailStatus.IN_DIGEST)
    rows = Notification.objects.select_for_update().select_related("user").filter(key__in=list(keys))
    settled = 0
    for n in rows:
        n.title = _in_language(title, n.user)[:300]
        n.body = _in_language(body, n.user) if body else n.body
        n.read_at = n.read_at or now
        if n.email_status in unsent:
            n.email_status = EmailStatus.HANDLED
        n.save(update_fields=["title", "body", "read_at", "email_status"])
        settled += 1
    return settled


def reopen(keys, title, body=""):
    """The step was handled, then undone (the approval it waited for withdrawn): the notifications wait again,
    unread, with their own title back. Returns how many were reopened."""
    reopened = 0
    for n in Notification.objects.select_for_update().select_related("user").filter(key__in=list(keys)):
        n.title = _in_language(title, n.user)[:300]
        n.body = _in_language(body, n.user) if body else n.body
        n.read_at = None
        n.save(update_fields=["title", "body", "read_at"])
        reopened += 1
    return reopened


def kdd_users():
    return get_user_model().objects.filter(memberships__role=Role.CASE_OFFICER, is_active=True).distinct()


def pilot_people(pilot, *, roles=(Role.PROJECT_MANAGER, Role.MUNICIPAL_STAFF, Role.COUNTY_OFFICER), partners=False):
    """The people who work in a pilot: its project managers, staff of its municipalities, and officers of its
    county council when the council is a party; its cooperation partners only with `partners` (they see no
    more of the draft than their own sub-goals, so only news about the public agreement reaches them)."""
    q = Q(memberships__pilot=pilot, memberships__role=Role.PROJECT_MANAGER)
    if partners:
        q |= Q(memberships__pilot=pilot, memberships__role=Role.PARTNER)
    # organisation-wide memberships, or those an invitation tied to this pilot (never to another one)
    here = Q(memberships__pilot__isnull=True) | Q(memberships__pilot=pilot)
    q |= Q(here, memberships__organisation__in=pilot.municipalities.all(), memberships__role__in=roles)
    agreement = getattr(pilot, "agreement", None)
    if agreement is not None and Role.COUNTY_OFFICER in roles:
        q |= Q(
            here,
            memberships__organisation__in=agreement.parties.values("organisation"),
            memberships__role=Role.COUNTY_OFFICER,
        )
    return get_user_model().objects.filter(q, is_active=True).distinct()


# The people of an organisation who take part in a pilot's work (a cooperation partner is not among them).
WORKING_ROLES = (Role.PROJECT_MANAGER, Role.MUNICIPAL_STAFF, Role.POLITICIAN, Role.COUNTY_OFFICER)


def organisation_people(organisations, pilot, roles=WORKING_ROLES):
    """Active users who belong, in one of `roles`, to one of `organisations` in this pilot: organisation-wide
    memberships, or those tied to this pilot (never to another). The caller still checks what each may see."""
    here = Q(memberships__pilot__isnull=True) | Q(memberships__pilot=pilot)
    return (
        get_user_model()
        .objects.filter(here, memberships__organisation__in=organisations, memberships__role__in=roles, is_active=True)
        .distinct()
    )


def project_managers(pilot):
    return (
        get_user_model()
        .objects.filter(memberships__pilot=pilot, memberships__role=Role.PROJECT_MANAGER, is_active=True)
        .distinct()
    )


def unread_count(user):
    """The number shown beside "Notifications" in the main menu (one indexed query, on every signed-in page).

    Written out rather than built through the ORM: building `.filter(user=…, read_at__isnull=True).count()` cost
    about 0.25 ms a page against 0.015 ms for the query itself (docs/performance.md, Session 6); it asks exactly
    that (tests/core/test_page_frame.py compares the two)."""
    from ..models import Notification

    connection, table, column = written_out(Notification)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE {column('user')} = %s"  # noqa: S608  # nosec B608  names from the model
            f" AND {column('read_at')} IS NULL", [user.pk])
        return cursor.fetchone()[0]
