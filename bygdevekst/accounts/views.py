from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from bygdevekst.access.views import require_perm
from bygdevekst.audit.log import changes, log_action

from .forms import LanguageForm, ProfileForm, TokenForm
from .models import ApiToken

PROFILE_FIELDS = ProfileForm.Meta.fields


@require_POST
def set_language(request):
    """Switch language: stored on the user when logged in, in a cookie for everyone."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated and request.user.language != language:
            before = request.user.language
            request.user.language = language
            request.user.save(update_fields=["language"])
            log_action("user.language_changed", obj=request.user, request=request,
                       data={"language": {"before": before, "after": language}})
        activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


def _profile_page(request, profile_form=None, token_form=None, new_token=None, status=200):
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")
    response = render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form or ProfileForm(instance=request.user),
            "token_form": token_form or TokenForm(),
            "tokens": tokens,
            "new_token": new_token,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The user's own name, language and API tokens."""
    if request.method == "GET":
        return _profile_page(request)
    user = request.user
    before = {name: getattr(user, name) for name in PROFILE_FIELDS}
    form = ProfileForm(request.POST, instance=user)
    if not form.is_valid():
        # A failed form leaves the user untouched (ModelForm validation writes to the instance).
        user.refresh_from_db()
        return _profile_page(request, profile_form=form, status=400)
    form.save()
    after = {name: getattr(user, name) for name in PROFILE_FIELDS}
    if diff := changes(before, after):
        log_action("user.profile_changed", obj=user, request=request, data=diff)
    if user.language:
        activate(user.language)
    messages.success(request, _("Your profile is saved."))
    return redirect("accounts:profile")


@never_cache
@login_required
@require_POST
def token_create(request):
    require_perm(request.user, "accounts.manage_tokens")
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form, status=400)
    token, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
    log_action("api_token.created", obj=token, request=request, data={"name": token.name, "prefix": token.prefix})
    # Shown in this response only: the raw token is stored nowhere, not even in the session.
    return _profile_page(request, new_token={"token": token, "raw": raw}, status=201)


@login_required
@require_POST
def token_revoke(request, pk):
    require_perm(request.user, "accounts.manage_tokens")
    token = request.user.api_tokens.filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("api_token.revoked", obj=token, request=request, data={"name": token.name, "prefix": token.prefix})
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:profile")
