"""The accessibility statement and the privacy page: public, read-only, the same for everyone."""

import datetime

from django.shortcuts import render
from django.views.decorators.http import require_safe

# When the statement was last reviewed against the automated and manual checks (docs/accessibility.md).
STATEMENT_REVIEWED = datetime.date(2026, 11, 27)
CONTACT_EMAIL = "postmottak@kdd.dep.no"


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html",
                  {"reviewed": STATEMENT_REVIEWED, "contact_email": CONTACT_EMAIL})


@require_safe
def privacy(request):
    from bygdevekst.accounts.lockout import retention

    return render(request, "pages/privacy.html", {
        "contact_email": CONTACT_EMAIL, "failed_login_minutes": int(retention().total_seconds() // 60),
    })
