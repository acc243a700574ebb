from django.contrib import messages
from django.shortcuts import redirect

from bygdevekst.access.roles import roles_of
from bygdevekst.access.views import get_visible_or_404, require_perm
from bygdevekst.access.visibility import visible_agreements
from bygdevekst.organisations.enums import Role


def get_agreement(request, pk, perm="process.view_process"):
    """Outsiders 404; people who may see the agreement but not do this 403."""
    agreement = get_visible_or_404(
        lambda u: visible_agreements(u).select_related("pilot__round", "pilot__county_council"), request.user, pk=pk
    )
    require_perm(request.user, perm, agreement)
    return agreement


def back_to_process(agreement):
    return redirect("process:agreement", pk=agreement.pk)


def refused(request, reasons):
    for reason in reasons:
        messages.error(request, reason)


def recordable_organisations(user, agreement):
    """Organisations whose decisions this user records: KDD all (and the government), a project manager
    the pilot's councils, municipal staff their own council."""
    pilot = agreement.pilot
    roles = roles_of(user)
    councils = sorted(pilot.municipalities.all(), key=lambda o: o.municipality_number or "") + [pilot.county_council]
    if roles.sees_everything:
        from bygdevekst.organisations.models import Organisation

        kdd = Organisation.objects.filter(kind="ministry", org_number="972417858").first()
        return councils + ([kdd] if kdd else [])
    if pilot.pk in roles.managed_pilots:
        return councils
    own = roles.org_ids_in(pilot.pk, Role.MUNICIPAL_STAFF, Role.PROJECT_MANAGER, Role.COUNTY_OFFICER)
    return [o for o in councils if o.pk in own]


def confirmable_organisations(user, agreement, rows):
    roles = roles_of(user)
    orgs = [r["organisation"] for r in rows]
    if roles.admin:
        return orgs
    own = roles.org_ids_in(agreement.pilot_id, Role.CASE_OFFICER, Role.PROJECT_MANAGER, Role.MUNICIPAL_STAFF,
                           Role.COUNTY_OFFICER, Role.PARTNER)
    return [o for o in orgs if o.pk in own]
