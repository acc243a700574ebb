"""`{% kept [value …] %}…{% endkept %}`: a part of a template drawn once and given again while the language and the
listed values stay the same — the page frame's header, menu and footer (templates/base.html), which every page
draws alike for everyone with the same roles.

What the part shows must follow from the language and the listed values only (and from what is fixed while the
process runs: the URLconf, the script prefix, the static files, the settings). So it may hold `{% translate %}`,
`{% url %}` without per-request arguments, `{% static %}` and the listed values, but no CSRF token and no
`{% block %}` (a child template's block would be kept for every other page): both are refused when the template is
compiled. The copies live in the template node itself, so a template compiled afresh (a changed file in
development) starts empty; a changed setting (tests) empties every node.
"""

import itertools

from django import template
from django.core.signals import setting_changed
from django.template.defaulttags import CsrfTokenNode
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()

MAX_COPIES = 1000  # per part: when a part holds this many (a long-running process, many people), it starts afresh
_generation = itertools.count()
_current = {"generation": next(_generation)}


def _settings_changed(**kwargs):
    _current["generation"] = next(_generation)


setting_changed.connect(_settings_changed, dispatch_uid="core-kept-settings")


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


class KeptNode(template.Node):
    # Each page extending base.html walks base.html's nodes for its blocks on every render
    # (ExtendsNode.render); a kept part holds no block (refused below), so the walk need not enter it.
    child_nodelists = ()

    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on
        self.copies = {}
        self.generation = _current["generation"]

    def render(self, context):
        if self.generation != _current["generation"]:
            self.copies, self.generation = {}, _current["generation"]
        key = (get_language(), get_script_prefix(), get_urlconf(),
               *(_hashable(value.resolve(context)) for value in self.vary_on))
        html = self.copies.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.copies) >= MAX_COPIES:
                self.copies = {}
            self.copies[key] = html
        return html  # (the nodes' own output, escaped as they rendered it: NodeList.render gives a SafeString)


@register.tag
def kept(parser, token):
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    for refused, why in ((CsrfTokenNode, "a CSRF token is per request"),
                         (BlockNode, "a block is filled in by each page")):
        if nodelist.get_nodes_by_type(refused):
            raise template.TemplateSyntaxError(f"{{% kept %}} cannot hold {refused.__name__}: {why}")
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in bits])
