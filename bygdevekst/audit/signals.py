from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .log import log_action


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_action("user.logged_in", actor=user, obj=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_action("user.logged_out", actor=user, obj=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log_action("user.login_failed", data={"username": credentials.get("username", "")[:150]}, request=request)
