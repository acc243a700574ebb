"""Marking a notification read: with htmx the notification comes back in place and the unread counts (the
page's and the main menu's) are replaced out of band; without JavaScript the POST redirects (both tested)."""

from django.urls import reverse

from bygdevekst.notifications.domain.notify import notify
from bygdevekst.notifications.enums import Event

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_mark_read_plain_and_with_htmx(client_for, demo):
    trysil = demo["users"]["trysil"]
    first, second = notify([trysil], Event.DEADLINE, "Frist A", key="ha") + notify([trysil], Event.DEADLINE,
                                                                                    "Frist B", key="hb")
    client = client_for("trysil")
    unread = client.get(reverse("notifications:list")).context["unread"]
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'id="nav-badge-notifications-list"' in page and 'id="unread-count"' in page

    plain = client.post(reverse("notifications:read", args=[first.pk]))
    assert plain.status_code == 302 and plain["Location"] == reverse("notifications:list")

    response = client.post(reverse("notifications:read", args=[second.pk]), **HTMX)
    html = response.content.decode()
    second.refresh_from_db()
    assert response.status_code == 200 and second.is_read and "<html" not in html
    assert html.lstrip().startswith('<li class="notification">') and "Frist B" in html and 'role="status"' in html
    assert "hx-post" not in html.split("</li>")[0]  # read: no "Mark as read" button left
    assert '<span class="badge" id="unread-count" hx-swap-oob="true">' in html
    assert f'<span id="nav-badge-notifications-list" hx-swap-oob="true"> <span class="nav-badge">{unread - 2}' in html \
        or (unread == 2 and '<span id="nav-badge-notifications-list" hx-swap-oob="true"></span>' in html)
