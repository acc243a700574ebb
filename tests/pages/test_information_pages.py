"""The accessibility statement and the privacy page: public, linked from every page's footer."""

import pytest

from tests.conftest import DEMO_ROLES


@pytest.mark.parametrize("username", [None, *DEMO_ROLES])
def test_footer_links_to_accessibility_statement_and_privacy_for_every_role(client_for, username):
    body = client_for(username).get("/").content.decode()
    assert 'href="/about/accessibility/"' in body
    assert 'href="/about/privacy/"' in body


def test_accessibility_statement_names_standard_status_testing_and_contact(client_for):
    response = client_for(None).get("/about/accessibility/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "WCAG 2.1" in body
    assert "axe-core" in body
    assert "postmottak@kdd.dep.no" in body
    assert "uutilsynet.no" in body
    assert '<li aria-current="page">' in body
    assert body.count("<h1") == 1


def test_privacy_page_lists_personal_data_legal_basis_and_rights(client_for):
    response = client_for("trysil").get("/about/privacy/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "IP" in body  # the action log keeps the IP address
    assert "artikkel 6 nr. 1 bokstav e" in body  # legal basis: GDPR Article 6(1)(e)
    assert "Datatilsynet" in body
    assert "<caption>" in body and 'scope="col"' in body


def test_information_pages_are_read_only(client_for):
    assert client_for("kdd").post("/about/privacy/").status_code == 405
