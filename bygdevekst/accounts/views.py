from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.http import require_POST

from bygdevekst.audit.log import log_action

from .forms import LanguageForm


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
