"""Breadth-first crawl of what a user can reach from the home page, with an axe-core audit per page.

Bounded: at most MAX_PAGES pages per role and PER_PATTERN pages per URL pattern (numbers, UUIDs and
query values folded), so 357 organisation pages count as one screen. Downloads are recognised
from their links (file ending or /download/), as the house rules require, and are not visited;
a link that turns out to be a download anyway is reported.
"""

import hashlib
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlsplit

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
DOWNLOAD_ENDINGS = (".pdf", ".docx", ".xlsx", ".ics", ".csv", ".json", ".zip")
API_DOCS = "/api/v1/docs"
MAX_PAGES = 60
VERBOSE = bool(os.environ.get("A11Y_VERBOSE"))  # print each page as it is audited (with -s)
PER_PATTERN = 1

AXE_SOURCE = Axe().axe_script  # axe-core as bundled by axe-playwright-python


def prepare(page):
    """Have axe-core in every document the page loads (an init script is not subject to the CSP)."""
    page.context.add_init_script(script=AXE_SOURCE)


def is_download(path):
    return path.lower().endswith(DOWNLOAD_ENDINGS) or "/download/" in path


def is_skipped(path):
    """Not crawled: downloads, logging out, Django's admin (its own markup) and the API (docs audited once)."""
    return (is_download(path) or "logout" in path or path.startswith("/admin/")
            or path.startswith("/api/") or path.startswith("/static/") or path.startswith("/media/"))


def pattern(url):
    """The URL with numbers folded; with a query string, the path and its parameter names only."""
    parts = urlsplit(url)
    path = re.sub(r"/(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=/|$)", "/<n>", parts.path)
    keys = ",".join(sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)}))
    return f"{path}?{keys}" if keys else path


def limit(key):
    """Pages per path pattern (and per filtered or paged variant of it)."""
    return PER_PATTERN


@dataclass
class Finding:
    role: str
    url: str
    rule: str
    impact: str
    help: str
    targets: list = field(default_factory=list)

    def __str__(self):
        where = "; ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return f"[{self.role}] {self.url}  {self.rule} ({self.impact}): {self.help}\n      at {where}"


# What this worker has audited already, by content, in two parts: the page's own content (`.page`:
# breadcrumbs, messages, main) and the frame around it (header, menu, footer), CSRF tokens blanked.
# Only the parts not seen before are audited: a role's menu once per variant, another role's identical
# agreement page not at all. The HTML and status checks still run on every page.
_SEEN = set()
_PARTS = """() => {
  const blank = html => html.replace(/(name="csrfmiddlewaretoken" value=)"[^"]*"/g, '$1""');
  const content = document.querySelector('body > .page');
  if (!content) return null;
  const frame = Array.from(document.body.children).filter(el => el !== content && el.tagName !== 'SCRIPT');
  return [blank(content.outerHTML), blank(frame.map(el => el.outerHTML).join(''))];
}"""


def unseen_parts(page):
    """The axe context for what is new on this page: None for nothing new, {} for the whole document."""
    parts = page.evaluate(_PARTS)
    if parts is None:
        return {}
    content, frame = (hashlib.sha1(part.encode(), usedforsecurity=False).hexdigest() for part in parts)
    new_content, new_frame = content not in _SEEN, frame not in _SEEN
    _SEEN.update((content, frame))
    if new_content and new_frame:
        return {}
    if new_content:
        return {"include": [["body > .page"]]}
    if new_frame:
        return {"exclude": [["body > .page"]]}
    return None


def audit(page, role, url, context=None):
    """axe-core on the page as it is now (or the part `context` names); a list of Findings."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("([context, options]) => axe.run(context || document, options)",
                            [context or None, AXE_OPTIONS])
    findings = []
    for violation in results.get("violations", []):
        targets = []
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            snippet = node.get("html", "")[:120]
            targets.append(f"{target}  {snippet}")
        findings.append(Finding(role, url, violation["id"], violation.get("impact") or "", violation["help"], targets))
    return findings


def crawl(page, base_url, role, start="/", max_pages=MAX_PAGES):
    """Visit, check and audit; returns (visited paths, findings, problems, seconds in axe, pages audited
    earlier with the same content)."""
    axe_seconds, skipped = 0.0, 0
    queue = deque([base_url + start])
    seen = {base_url + start}
    per_pattern = {}
    visited, findings, problems = [], [], []
    while queue and len(visited) < max_pages:
        url = queue.popleft()
        key = pattern(url)
        if per_pattern.get(key, 0) >= limit(key):
            continue
        per_pattern[key] = per_pattern.get(key, 0) + 1
        path = url[len(base_url):]
        try:
            response = page.goto(url, wait_until="domcontentloaded")
        except Exception as error:  # noqa: BLE001  a download or a crash: report, carry on
            problems.append(f"[{role}] {path}: not an HTML page ({str(error).splitlines()[0]})")
            continue
        visited.append(path)
        if response is None or response.status >= 400:
            problems.append(f"[{role}] {path}: HTTP {response and response.status} (linked from a page this role sees)")
            continue
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            problems.append(f"[{role}] {path}: a {content_type} response behind a link that does not look like a download")
            continue
        t0 = time.monotonic()
        context = unseen_parts(page)
        if context is None:
            skipped += 1
        else:
            findings.extend(audit(page, role, path, context))
        axe_seconds += time.monotonic() - t0
        if VERBOSE:
            print(f"  [{role}] {path} axe {time.monotonic() - t0:.1f} s", flush=True)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            href, _fragment = urldefrag(href)
            if not href.startswith(base_url + "/") or href in seen:
                continue
            if is_skipped(urlsplit(href).path):
                continue
            seen.add(href)
            queue.append(href)
    return visited, findings, problems, axe_seconds, skipped
