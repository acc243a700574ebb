"""Creating notifications and deciding who cares about what."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q

from bygdevekst.organisations.enums import Role

from ..enums import EmailStatus, Frequency
from ..models import Notification, Preference


def frequency_of(user):
    pref = Preference.objects.filter(user=user).only("frequency").first()
    return pref.frequency if pref else Frequency.IMMEDIATE


def notify(users, event, title, *, url="", body="", key="", exclude=None):
    """One notification per user; immediate ones are e-mailed by a background task, daily ones wait
    for the digest. Returns the notifications created (a repeated `key` is skipped)."""
    from .. import tasks

    created = []
    daily = set(Preference.objects.filter(frequency=Frequency.DAILY).values_list("user_id", flat=True))
    for user in {u.pk: u for u in users}.values():
        if exclude is not None and user.pk == exclude.pk:
            continue
        if not user.is_active:
            continue
        status = EmailStatus.NONE if not user.email else (
            EmailStatus.IN_DIGEST if user.pk in daily else EmailStatus.PENDING
        )
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(
                    user=user, event=event, title=title[:300], body=body, url=url, key=key, email_status=status,
                ))
        except IntegrityError:  # already notified under this key
            continue
    for notification in created:
        if notification.email_status == EmailStatus.PENDING:
            tasks.send_notification.enqueue(notification.pk)
    return created


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
        q |= Q(here, memberships__organisation__in=agreement.parties.values("organisation"),
               memberships__role=Role.COUNTY_OFFICER)
    return get_user_model().objects.filter(q, is_active=True).distinct()


def project_managers(pilot):
    return get_user_model().objects.filter(
        memberships__pilot=pilot, memberships__role=Role.PROJECT_MANAGER, is_active=True
    ).distinct()


def unread_count(user):
    """The number shown beside "Notifications" in the main menu (one indexed query)."""
    from ..models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).count()
