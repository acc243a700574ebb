"""The safe text format: a Markdown subset (paragraphs, emphasis, lists, headings, links, quotes).

Raw HTML is never passed through: markdown-it renders with html off, and nh3 then keeps only the
tags the subset produces. Two independent layers, so a bug in one does not open a hole.
"""

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "html_block", "html_inline"]
)

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "h3", "h4", "h5", "a", "blockquote", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def render(text):
    """Safe text → sanitised HTML. Headings are demoted so a section never outranks the page."""
    html = _md.render(text or "")
    for level, target in (("h1", "h3"), ("h2", "h4"), ("h3", "h5"), ("h4", "h5"), ("h5", "h5"), ("h6", "h5")):
        html = html.replace(f"<{level}>", f"<{target}>").replace(f"</{level}>", f"</{target}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
