"""Wording on the main pages, for every demo role, in bokmål, nynorsk and English: no rule codes shown to users,
no doubled labels ("Status: Status:", "Avtaleforslag – Avtaleforslag"), plural forms through ngettext (never
"(1 forpliktelser)"), and whole sentences per state rather than a state label slotted into a sentence. In bokmål
the pages the permission matrix walks for every role are checked by that walk, which renders them anyway."""

import html
import re

import pytest
from django.utils import translation

from tests.conftest import DEMO_ROLES

PATTERNS = {
    "a rule code": re.compile(r"\(R\d{1,2}\b|\bR\d{1,2}\)|\b(Flagget|Flagga|Flagged) \(R"),
    "a doubled status label": re.compile(r"\b(Status|State|Tilstand):\s*(Status|State|Tilstand):"),
    # the same words on both sides of a dash, the second not continued by a lower-case word ("Utkast etter …")
    "a doubled label": re.compile(
        r"(?<![\w-])([\wæøåÆØÅ]{4,}(?: [\wæøåÆØÅ]+){0,3}) [–-] \1(?![\w-])(?!\s[a-zæøå])", re.I
    ),
    "a plural after one": re.compile(
        r"\b1 (forpliktelser|forpliktingar|commitments|kommentarer|kommentarar|comments|møter|meetings|endringer|"
        r"endringar|changes|dokumenter|dokument(?:a|ene)|documents|mottakere|mottakarar|recipients|deltakere|"
        r"deltakarar|participants|saker|cases|versjoner|versjonar|versions|oppgaver|oppgåver|tasks|kommuner|"
        r"municipalities|piloter|pilotar|pilots|dager|dagar|days|steps|measures|sub-goals|decisions)\b"
    ),
    "a state label slotted into a sentence": re.compile(
        r"\b[Aa]vtalen er (utkast|respons gitt|enige|einige)\b|\b[Tt]he agreement is (draft|responded|agreed|"
        r"in approval|in dialogue)\b"
    ),
}


def visible_text(page):
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<code\b.*?</code>", " ", page, flags=re.S)  # the log's action codes are for searching
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"\s+", " ", text)


def findings(text):
    found = []
    for name, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            found.append(f"{name}: …{text[max(0, match.start() - 60) : match.end() + 40]}…")
    return found


def _kind_of_case(pilot):
    """What decides which sentences a pilot's pages are drawn with: whether it has an agreement, the agreement's
    state, the county council's role in it and whether it has an action plan."""
    agreement = getattr(pilot, "agreement", None)
    if agreement is None:
        return None
    return agreement.state, agreement.county_role, agreement.action_plans.exists()


def main_pages():
    """The pages a person reads most: the front page, the round, every response and meeting, and for each kind
    of case (`_kind_of_case`) one pilot's page, agreement, process, versions, latest version and action plan.
    Pilots of the same kind are drawn from the same templates and branches with other names and numbers: the
    demo's eighteen pilots are seven kinds, and reading each kind once is what keeps this walk short."""
    from bygdevekst.agreements.models import AgreementVersion
    from bygdevekst.meetings.models import Meeting
    from bygdevekst.process.models import StateResponse
    from bygdevekst.programme.models import Pilot

    urls = ["/", "/process/anchoring/", "/cases/", "/cases/letters/", "/action-plans/"]
    kinds = set()
    for pilot in Pilot.objects.select_related("agreement", "round").order_by("pk"):
        kind = _kind_of_case(pilot)
        if kind in kinds:
            continue
        kinds.add(kind)
        urls.append(pilot.get_absolute_url())
        agreement = getattr(pilot, "agreement", None)
        if agreement is None:
            continue
        urls += [
            agreement.get_absolute_url(),
            f"/process/agreements/{agreement.pk}/",
            f"/agreements/{agreement.pk}/versions/",
            f"/action-plans/agreement/{agreement.pk}/",
        ]
        latest = AgreementVersion.objects.filter(agreement=agreement).order_by("-number").first()
        if latest is not None:
            urls.append(f"/agreements/{agreement.pk}/versions/{latest.number}/")
    urls.append(Pilot.objects.order_by("pk").first().round.get_absolute_url())
    urls += [f"/process/responses/{r.pk}/" for r in StateResponse.objects.all()]
    urls += [m.get_absolute_url() for m in Meeting.objects.all()]
    return list(dict.fromkeys(urls))


# Every role reads bokmål; nynorsk and English are read by KDD (who sees every page) and a pilot's two sides.
ROLES_BY_LANGUAGE = {"nb": DEMO_ROLES, "nn": ["kdd", "trysil", "innlandet"], "en": ["kdd", "trysil", "innlandet"]}


def walked_by_the_matrix():
    """The page addresses the permission matrix GETs as every role, in bokmål (the demo users' language), and
    checks with `findings` as it goes (tests/security/test_permission_matrix.py): one walk renders them once."""
    from django.urls import reverse

    from tests.security.matrix import ROUTES, demo_objects

    objects = demo_objects()
    return {
        route.url or (reverse(name, kwargs=route.kwargs(objects) if route.kwargs else None) + route.query)
        for name, route in ROUTES.items()
        if route.GET is not None and not name.startswith("api")
    }


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_main_pages_read_as_whole_sentences_for_every_role(client_for, demo, language):
    from django.contrib.auth import get_user_model

    get_user_model().objects.update(language=language)
    urls = main_pages()
    if language == "nb":
        walked = walked_by_the_matrix()
        urls = [url for url in urls if url not in walked]
    seen, problems = 0, []
    for role in ROLES_BY_LANGUAGE[language]:
        client = client_for(role)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            seen += 1
            problems += [f"{role} {url}: {f}" for f in findings(visible_text(response.content.decode()))]
    assert seen > 3 * len(ROLES_BY_LANGUAGE[language]), seen  # the roles did read the pages
    assert not problems, "\n".join(problems)


def test_the_patterns_catch_what_they_name():
    assert findings("Forankring per kommunestyre (R1, R2)") and findings("Flagget (R3)")
    assert findings("Status: Status: utkast") and findings("Avtaleforslag – Avtaleforslag (v2)")
    assert findings("1: avtaleforslag – Avtaleforslag (3. desember)")
    assert findings("Trysil kommune (1 forpliktelser)") and findings("Avtalen er respons gitt.")
    assert not findings("Trysil kommune (1 forpliktelse) · Status: utkast · Avtaleforslag – v2")
    assert not findings("Versjon 2: låst utkast – Utkast etter arbeidsmøtet")


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_step_not_possible_in_a_state_is_said_in_a_whole_sentence(demo, language):
    from bygdevekst.agreements.enums import AgreementState
    from bygdevekst.process.domain.transitions import STATE_SENTENCES, guard

    trysil = demo["pilots"]["Trysil-regionen"].agreement
    for state in AgreementState:
        trysil.state = state
        with translation.override(language):
            assert str(STATE_SENTENCES[state]).endswith("."), state
            action = "open_dialogue" if state != AgreementState.RESPONDED else "submit"
            reasons = [str(r) for r in guard(trysil, action)]
            assert reasons and not findings(" ".join(reasons)), (state, reasons)
            assert str(STATE_SENTENCES[state]) in reasons[0]


def test_a_version_frozen_by_the_process_is_named_once(demo):
    from bygdevekst.agreements.models import AgreementVersion
    from bygdevekst.agreements.templatetags.agreement_text import version_own_label, version_title

    proposal = AgreementVersion(kind="proposal", label="Avtaleforslag")
    named = AgreementVersion(kind="draft_snapshot", label="Etter arbeidsmøtet 3. desember")
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            assert version_title(proposal) == str(proposal.get_kind_display()) and version_own_label(proposal) == ""
            assert version_title(named).endswith(" – Etter arbeidsmøtet 3. desember")
