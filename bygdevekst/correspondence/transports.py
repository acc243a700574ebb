"""How a letter reaches a recipient. `settings.LETTER_TRANSPORTS` lists transport classes in order of
preference; the first that has an address for the recipient delivers. E-mail is the default;
`EFormidlingTransport` (listed first) delivers to every organisation with an organisation number through
KDD's integration point (eformidling.py) once EFORMIDLING_URL is set."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

DEFAULT_TRANSPORTS = ["bygdevekst.correspondence.transports.EmailTransport"]


class LetterTransport:
    """The interface. `send` raises on failure; the delivery is then retried."""

    name = "base"

    def address_for(self, organisation):
        """The recipient's address on this transport, or "" if it cannot be reached this way."""
        raise NotImplementedError

    def send(self, delivery, letter, content, filename):
        raise NotImplementedError


class EmailTransport(LetterTransport):
    """Django's e-mail backend (console in `make run`, SMTP in production, locmem in tests)."""

    name = "email"

    def address_for(self, organisation):
        return organisation.email or ""

    def send(self, delivery, letter, content, filename):
        entry = letter.registry_entry
        body = (
            "Vedlagt følger brev fra Kommunal- og distriktsdepartementet.\n\n"
            f"Tittel: {letter.title}\nVår ref.: {entry.reference}\n"
        )
        if letter.their_reference:
            body += f"Deres ref.: {letter.their_reference}\n"
        message = EmailMessage(
            subject=f"{letter.title} ({entry.reference})", body=body, from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
        )
        message.attach(filename, content, "application/pdf")
        message.send(fail_silently=False)


class EFormidlingTransport(LetterTransport):
    """eFormidling's arkivmelding, addressed by organisation number (0192:<orgnr>)."""

    name = "eformidling"

    def address_for(self, organisation):
        """Only a receiver the service registry lists for arkivmelding is addressed by eFormidling (the
        integration point's capability lookup); one it cannot take goes to the next transport."""
        if not getattr(settings, "EFORMIDLING_URL", "") or not organisation.org_number:
            return ""
        from .eformidling import can_receive

        if can_receive(organisation.org_number) is False:
            return ""
        return f"0192:{organisation.org_number}"

    def send(self, delivery, letter, content, filename):
        from .eformidling import deliver

        deliver(delivery, content, filename)


def configured_transports():
    return [import_string(path)() for path in getattr(settings, "LETTER_TRANSPORTS", DEFAULT_TRANSPORTS)]


def transport_named(name):
    for transport in configured_transports():
        if transport.name == name:
            return transport
    return None
