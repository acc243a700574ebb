"""The safe text format: a Markdown subset (paragraphs, emphasis, lists, headings, links, quotes).

Raw HTML is never passed through: markdown-it renders with html off, and nh3 then keeps only the
tags the subset produces. Two independent layers, so a bug in one does not open a hole.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "html_block", "html_inline"]
)

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "h3", "h4", "h5", "a", "blockquote", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


# Pages render the same texts again and again (a frozen version's purpose, goals and sections for every reader):
# the HTML of a text is a function of the text alone, so the recent ones are kept, each at most this long.
REMEMBERED_CHARS = 20_000


def render(text):
    """Safe text → sanitised HTML. Headings are demoted so a section never outranks the page."""
    text = text or ""
    return _remembered(text) if len(text) <= REMEMBERED_CHARS else _render(text)


@lru_cache(maxsize=512)
def _remembered(text):
    return _render(text)


def _render(text):
    html = _md.render(text)
    for level, target in (("h1", "h3"), ("h2", "h4"), ("h3", "h5"), ("h4", "h5"), ("h5", "h5"), ("h6", "h5")):
        html = html.replace(f"<{level}>", f"<{target}>").replace(f"</{level}>", f"</{target}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
