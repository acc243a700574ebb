"""The caller's own notifications and the task list through the API, as on the bell's page and the front page."""

from bygdevekst.audit.models import ActionLog
from bygdevekst.notifications.domain.notify import frequency_of
from bygdevekst.notifications.models import Notification


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _own(demo, username="kdd", count=3):
    user = demo["users"][username]
    for i in range(count):
        Notification.objects.create(user=user, event="comment", title=f"Kommentar {i}", url="/")
    return user


def test_list_mark_one_and_all_read(api_client, demo):
    user = _own(demo)
    client = api_client("kdd")
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    listed = client.get("/api/v1/notifications/?unread=true&limit=2").json()
    assert listed["count"] == unread and len(listed["items"]) == 2
    first = listed["items"][0]
    read = _post(client, f"/api/v1/notifications/{first['id']}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == unread - 1
    marked = _post(client, "/api/v1/notifications/read-all")
    assert marked.status_code == 200 and marked.json() == {"marked": unread - 1}
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_another_persons_notification_is_not_there(api_client, demo):
    theirs = Notification.objects.create(user=demo["users"]["kdd"], event="comment", title="Privat", url="/")
    assert _post(api_client("trysil"), f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert theirs.pk not in [n["id"] for n in api_client("trysil").get("/api/v1/notifications/").json()["items"]]
    theirs.refresh_from_db()
    assert theirs.read_at is None
    anonymous = api_client(None)
    assert anonymous.get("/api/v1/notifications/").status_code == 404
    assert _post(anonymous, "/api/v1/notifications/preference", {"frequency": "daily"}).status_code == 404


def test_preference_immediate_or_daily_logged_as_on_the_page(api_client, demo):
    client = api_client("trysil")
    assert client.get("/api/v1/notifications/preference").json() == {"frequency": frequency_of(demo["users"]["trysil"])}
    response = _post(client, "/api/v1/notifications/preference", {"frequency": "daily"})
    assert response.status_code == 200 and response.json() == {"frequency": "daily"}
    assert frequency_of(demo["users"]["trysil"]) == "daily"
    log = ActionLog.objects.filter(action="notifications.preference_changed").order_by("-pk").first()
    assert log.actor.username == "trysil" and log.data["after"] == {"frequency": "daily"}
    assert _post(client, "/api/v1/notifications/preference", {"frequency": "weekly"}).status_code == 422


def test_task_list_is_the_front_pages(api_client, demo):
    from bygdevekst.process.todo import my_tasks

    for username in ("trysil", "kdd", "innlandet"):
        tasks = api_client(username).get("/api/v1/tasks/").json()
        expected = my_tasks(demo["users"][username])
        assert tasks["count"] == len(expected)
        assert [t["text"] for t in tasks["items"]] == [str(t["text"]) for t in expected][:50]
    assert api_client("trysil").get("/api/v1/tasks/").json()["count"] > 0
    assert api_client(None).get("/api/v1/tasks/").json() == {"items": [], "count": 0}
    assert api_client("trysil").post("/api/v1/tasks/").status_code == 405


def test_page_and_api_change_the_preference_alike(client_for, api_client, demo):
    client_for("kdd").post("/notifications/settings/", {"frequency": "daily"})
    by_page = ActionLog.objects.filter(action="notifications.preference_changed").order_by("-pk").first()
    _post(api_client("kdd2"), "/api/v1/notifications/preference", {"frequency": "daily"})
    by_api = ActionLog.objects.filter(action="notifications.preference_changed").order_by("-pk").first()
    assert by_api.pk != by_page.pk and by_api.data["after"] == by_page.data["after"] == {"frequency": "daily"}
    assert frequency_of(demo["users"]["kdd"]) == frequency_of(demo["users"]["kdd2"]) == "daily"
