"""The user's own notifications (the bell), marking them read, and the e-mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .domain import reading
from .domain.notify import frequency_of
from .forms import PreferenceForm
from .models import Notification


def _own(request):
    if not request.user.has_perm("notifications.view_own"):
        raise Http404
    return Notification.objects.filter(user=request.user)


@require_safe
@login_required
def notification_list(request):
    notifications = _own(request)
    return render(request, "notifications/list.html", {
        "notifications": notifications[:200], "unread": notifications.filter(read_at__isnull=True).count(),
    })


@login_required
@require_POST
def mark_read(request, pk):
    notification = reading.mark_read(get_object_or_404(_own(request), pk=pk))
    target = notification.url if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    if request.htmx:
        unread = _own(request).filter(read_at__isnull=True).count()
        return render(request, "notifications/_read.html", {
            "n": notification, "just_read": True, "unread": unread,
            "item": {"name": "notifications-list", "badge": unread},
        })
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    _own(request)
    count = reading.mark_all_read(request.user)
    messages.success(request, ngettext("%(count)s notification marked as read.", "%(count)s notifications marked as read.",
                                       count) % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    _own(request)
    form = PreferenceForm(request.POST or None, initial={"frequency": frequency_of(request.user)})
    if request.method == "POST" and form.is_valid():
        reading.set_frequency(request.user, form.cleaned_data["frequency"], request=request)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form}, status=400 if form.errors else 200)
