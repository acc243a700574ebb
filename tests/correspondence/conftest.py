import pytest

from bygdevekst.correspondence.domain.letters import compose

ROUND2_ADDRESSEES = {
    "Gáivuotna - Kåfjord - Kaivuono kommune", "Innlandet fylkeskommune", "Smøla kommune", "Solund kommune",
    "Telemark fylkeskommune", "Troms fylkeskommune", "Trysil kommune", "Vestland fylkeskommune", "Vinje kommune",
}
ROUND2_COPIES = {
    "Statsforvalteren i Innlandet", "Statsforvaltaren i Møre og Romsdal", "Statsforvalteren i Troms og Finnmark",
    "Statsforvalteren i Vestfold og Telemark", "Statsforvaltaren i Vestland",
}

LONG_BODY = "\n\n".join(
    ["Vi viser til møtet. Både æ, ø og å skal komme med, og Gáivuotna skrives slik."]
    + [f"## Avsnitt {i}\n\n" + "Dette er en lang tekst om bygdevekst og forankring. " * 12 for i in range(1, 9)]
)


@pytest.fixture
def round2(demo):
    return demo["pilots"]["Trysil-regionen"].round


@pytest.fixture
def make_letter(demo, round2):
    def make(author="kdd", pilot=None, body=LONG_BODY, body_nn="", title="Brev om veien videre"):
        return compose(
            round_=round2, pilot=pilot, author=demo["users"][author], title=title, body=body, body_nn=body_nn,
            their_reference="24/5678", signatories=[("Avdelingsdirektør KDD", "avdelingsdirektør", True),
                                                    ("Saksbehandler KDD", "utredningsleder", False)],
        )

    return make
