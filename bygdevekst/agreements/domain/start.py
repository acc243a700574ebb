"""Starting a pilot's agreement: an empty draft with the parties the letter names — the state by KDD,
each of the pilot's municipalities, and the county council in the role chosen for it (R2) — ready for
the project manager to write. A pilot has one agreement; starting twice is refused, not duplicated."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bygdevekst.audit.log import log_action
from bygdevekst.core.guards import Guard
from bygdevekst.organisations.enums import OrganisationKind, WrittenStandard
from bygdevekst.organisations.models import Organisation

from ..enums import CountyRole, PartyRole
from ..guards import pilot_has_no_agreement
from ..models import Agreement, AgreementParty

KDD_ORG_NUMBER = "972417858"
TITLE = "Bygdevekstavtale for {pilot}"  # the same in bokmål and nynorsk


ministry_registered = Guard(
    lambda pilot: Organisation.objects.filter(kind=OrganisationKind.MINISTRY, org_number=KDD_ORG_NUMBER).exists(),
    _("The ministry is missing from the organisation register."), name="ministry_registered",
)


def start_agreement(pilot, user, county_role=CountyRole.MAIN_PARTY, request=None):
    from bygdevekst.programme.models import Pilot

    with transaction.atomic():
        Pilot.objects.select_for_update().filter(pk=pilot.pk).first()  # two clicks make one agreement
        pilot_has_no_agreement.check(pilot)
        ministry_registered.check(pilot)
        lead = pilot.lead_municipality
        standard = WrittenStandard.NYNORSK if lead and lead.written_standard == WrittenStandard.NYNORSK \
            else WrittenStandard.BOKMAL
        agreement = Agreement.objects.create(pilot=pilot, title=TITLE.format(pilot=pilot.name),
                                             county_role=county_role, written_standard=standard)
        kdd = Organisation.objects.get(kind=OrganisationKind.MINISTRY, org_number=KDD_ORG_NUMBER)
        parties = [AgreementParty(agreement=agreement, organisation=kdd, role=PartyRole.MAIN_PARTY, position=0)]
        municipalities = list(pilot.municipalities.order_by("municipality_number"))
        parties += [AgreementParty(agreement=agreement, organisation=m, role=PartyRole.MAIN_PARTY, position=i)
                    for i, m in enumerate(municipalities, start=1)]
        if county_role != CountyRole.NOT_PARTY and pilot.county_council_id:
            parties.append(AgreementParty(
                agreement=agreement, organisation=pilot.county_council, position=len(municipalities) + 1,
                role=PartyRole.MAIN_PARTY if county_role == CountyRole.MAIN_PARTY else PartyRole.COOPERATION_PARTY,
            ))
        AgreementParty.objects.bulk_create(parties)
        log_action("agreement.created", actor=user, obj=agreement, request=request,
                   data={"pilot": pilot.name, "county_role": county_role, "written_standard": standard,
                         "parties": [p.organisation.name for p in parties]})
    return agreement
