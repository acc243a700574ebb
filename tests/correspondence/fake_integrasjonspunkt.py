"""A small stand-in for KDD's eFormidling integration point, on 127.0.0.1, speaking the part of its REST
interface the transport uses. It checks what a real one would refuse: the Standard Business Document's
envelope (sender and receiver as 0192:<orgnr>, the arkivmelding document type and process), the
arkivmelding.xml (uploaded first, valid against eFormidling's official arkivmelding.xsd), every file the
arkivmelding refers to (uploaded, a PDF), answers the capability lookup from its own small service
registry (every organisation takes an arkivmelding, except those in `incapable`, which the registry lists
for Digital Post only), and answers statuses OPPRETTET → SENDT → MOTTATT → LEVERT."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

from bygdevekst.correspondence.domain.archive import NS, validate

PARTICIPANT = re.compile(r"^0192:\d{9}$")
N = {"a": NS}


class FakeIntegrationPoint:
    def __init__(self, sender="0192:972417858"):
        self.sender = sender
        self.messages = {}  # messageId → {"sbd", "files": {filename: bytes}, "arkivmelding", "statuses"}
        self.refused = []  # (path, reason)
        self.fail_receivers = set()  # org numbers whose messages end in FEIL
        self.incapable = set()  # org numbers the service registry lists without an arkivmelding capability
        self.capability_requests = []
        self.down = False  # every request answers 503
        self.in_transit = False  # sent messages stop at MOTTATT (the receiver has not fetched them)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def delivered(self):
        return [m for m in self.messages.values() if m["statuses"] and m["statuses"][-1] == "LEVERT"]

    # -- checks ----------------------------------------------------------------------------------------

    def check_sbd(self, sbd):
        header = sbd["standardBusinessDocumentHeader"]
        assert header["headerVersion"] == "1.0"
        (sender,), (receiver,) = header["sender"], header["receiver"]
        for party in (sender, receiver):
            assert party["identifier"]["authority"] == "iso6523-actorid-upis"
            assert PARTICIPANT.match(party["identifier"]["value"]), party
        assert sender["identifier"]["value"] == self.sender
        ident = header["documentIdentification"]
        assert ident["standard"] == "urn:no:difi:arkivmelding:xsd::arkivmelding" and ident["type"] == "arkivmelding"
        (scope,) = header["businessScope"]["scope"]
        assert scope["type"] == "ConversationId" and scope["identifier"].startswith("urn:no:difi:profile:arkivmelding:")
        assert "arkivmelding" in sbd
        return ident["instanceIdentifier"], receiver["identifier"]["value"]

    def check_ready(self, message):
        xml = message["arkivmelding"]
        assert xml is not None, "no arkivmelding.xml"
        root = etree.fromstring(xml)
        references = [e.text for e in root.iter(f"{{{NS}}}referanseDokumentfil")]
        assert references and int(root.findtext("a:antallFiler", namespaces=N)) == len(references)
        for name in references:
            assert message["files"].get(name, b"").startswith(b"%PDF"), f"{name} not uploaded"
        (mappe,) = root.findall("a:mappe", N)
        assert len(mappe.findall("a:basisregistrering", N)) == 1  # one saksmappe with one journalpost

    # -- HTTP ------------------------------------------------------------------------------------------

    def _handler(self):
        point = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, code, body=None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                return self.rfile.read(int(self.headers.get("Content-Length", 0)))

            def _guard(self, handler):
                body = self._body()
                if point.down:
                    return self._reply(503, {"error": "integrasjonspunktet er nede"})
                try:
                    with point.lock:
                        return handler(body)
                except (AssertionError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
                    point.refused.append((self.path, repr(exc)))
                    return self._reply(400, {"error": repr(exc)})

            def do_POST(self):  # noqa: N802
                def handle(body):
                    if self.path == "/api/messages/out":
                        sbd = json.loads(body)
                        message_id, receiver = point.check_sbd(sbd)
                        assert message_id not in point.messages
                        point.messages[message_id] = {"sbd": sbd, "receiver": receiver, "files": {},
                                                      "arkivmelding": None, "statuses": []}
                        return self._reply(200, sbd)
                    match = re.fullmatch(r"/api/messages/out/([0-9a-f-]{36})", self.path)
                    assert match, self.path
                    message = point.messages[match.group(1)]
                    point.check_ready(message)
                    failing = message["receiver"].split(":")[1] in point.fail_receivers
                    ending = ["FEIL"] if failing else ["MOTTATT"] if point.in_transit else ["MOTTATT", "LEVERT"]
                    message["statuses"] = ["OPPRETTET", "SENDT", *ending]
                    return self._reply(200)

                self._guard(handle)

            def do_PUT(self):  # noqa: N802
                def handle(body):
                    match = re.fullmatch(r"/api/messages/out/([0-9a-f-]{36})", self.path)
                    assert match, self.path
                    message = point.messages[match.group(1)]
                    disposition = self.headers["Content-Disposition"]
                    filename = re.search(r"filename=([^;]+)", disposition).group(1).strip()
                    if message["arkivmelding"] is None:
                        assert filename == "arkivmelding.xml", "the arkivmelding must be uploaded first"
                        errors = validate(body)
                        assert not errors, errors
                        message["arkivmelding"] = body
                    else:
                        assert self.headers["Content-Type"] == "application/pdf"
                        message["files"][filename] = body
                    return self._reply(200)

                self._guard(handle)

            def do_GET(self):  # noqa: N802
                def handle(_body):
                    capability = re.fullmatch(r"/api/capabilities/(\d{9})", self.path)
                    if capability:
                        org_number = capability.group(1)
                        point.capability_requests.append(org_number)
                        if org_number in point.incapable:
                            return self._reply(200, {"capabilities": [{
                                "process": "urn:no:difi:profile:digitalpost:info:ver1.0", "serviceIdentifier": "DPV",
                                "documentTypes": [{"type": "digital", "standard": "urn:no:difi:digitalpost:xsd:digital::digital"}],
                            }]})
                        return self._reply(200, {"capabilities": [{
                            "process": "urn:no:difi:profile:arkivmelding:administrasjon:ver1.0", "serviceIdentifier": "DPO",
                            "documentTypes": [{"type": "arkivmelding", "standard": "urn:no:difi:arkivmelding:xsd::arkivmelding"}],
                        }]})
                    match = re.fullmatch(r"/api/statuses/([0-9a-f-]{36})", self.path)
                    assert match, self.path
                    statuses = point.messages[match.group(1)]["statuses"]
                    content = [{"statusId": i + 1, "messageId": match.group(1), "status": s,
                                "lastUpdate": f"2026-12-06T10:00:0{i}Z"} for i, s in enumerate(statuses)]
                    return self._reply(200, {"content": content, "totalElements": len(content)})

                self._guard(handle)

        return Handler
