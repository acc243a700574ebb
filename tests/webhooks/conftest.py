"""A real receiver on 127.0.0.1 (http.server in a thread) that runs docs/webhooks.md's verification code."""

import pathlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_receiver():
    """The Python block of docs/webhooks.md, executed: {"verify_webhook": …, "handle": …, "seen": …}."""
    block = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    namespace = {}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102  our own documentation, run as a test
    return namespace


class Receiver:
    """Records every request; `handle` (the documented one) decides the answer. stop()/start() take it down
    and bring it back on the same port (a refused connection while it is down)."""

    def __init__(self):
        self.doc = documented_receiver()
        self.secrets = {}
        self.requests = []  # (headers dict, body bytes, status answered)
        self.port = 0
        self.server = None
        self.thread = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name: value for name, value in self.headers.items()}
                status = receiver.doc["handle"](headers, body, receiver.secrets)
                receiver.requests.append((headers, body, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        # (shutdown() waits for the serving loop's next poll: every 0.5 s by default, every stop paid for it)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def stop(self):
        if self.server is None:
            return
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
        self.server = None

    @property
    def unique_ids(self):
        return self.doc["seen"]

    def received_ids(self):
        import json

        return [json.loads(body)["id"] for _headers, body, status in self.requests if status == 200]


@pytest.fixture
def receivers():
    """receivers() → a started Receiver; each is stopped when the test ends."""
    made = []

    def make():
        receiver = Receiver()
        receiver.start()
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.stop()


def endpoint_for(organisation, receiver, events=None, admin=None):
    """An endpoint of `organisation` posting to `receiver`, which is given its secret."""
    from bygdevekst.webhooks.domain.endpoints import create_endpoint
    from bygdevekst.webhooks.enums import EventType

    endpoint, key = create_endpoint(
        admin, organisation=organisation, url=receiver.url, events=events or list(EventType.values)
    )
    receiver.secrets[key.key_id] = key.secret
    return endpoint


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded PDFs go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
