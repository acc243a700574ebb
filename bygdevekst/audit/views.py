import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from bygdevekst.access.views import require_perm
from bygdevekst.core.pagination import paginate

from .describe import describe_all, object_type_label
from .forms import LogFilterForm
from .labels import LABELS
from .models import ActionLog

PAGE_SIZE = 50


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@login_required
@require_safe
def log_list(request):
    """The whole action log for administrators, filtered by who, what, which object and when."""
    require_perm(request.user, "audit.view_all")
    form = LogFilterForm(request.GET or None)
    entries = ActionLog.objects.select_related("actor")
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["who"]:
                entries = entries.filter(actor__username__iexact=data["who"].strip())
            if data["action"]:
                text = data["action"].strip()
                named = [code for code, label in LABELS.items() if text.lower() in str(label).lower()]
                entries = entries.filter(Q(action__startswith=text) | Q(action__in=named))
            if data["object"]:
                text = data["object"].strip()
                entries = entries.filter(Q(object_repr__icontains=text) | Q(object_type=text))
            if data["date_from"]:
                entries = entries.filter(timestamp__gte=_day_start(data["date_from"]))
            if data["date_to"]:
                entries = entries.filter(timestamp__lt=_day_start(data["date_to"] + datetime.timedelta(days=1)))
        else:
            entries = entries.none()
            status = 400
    page = paginate(request, entries, PAGE_SIZE)
    rows = [(entry, description, object_type_label(entry)) for entry, description in describe_all(page)]
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows}, status=status)
