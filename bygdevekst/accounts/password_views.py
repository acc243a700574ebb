"""Django's password views, each change logged (the password itself never is)."""

from django.contrib.auth import views as auth_views

from bygdevekst.audit.log import log_action


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        log_action("user.password_changed", actor=self.request.user, obj=self.request.user, request=self.request)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        log_action("user.password_reset", actor=form.user, obj=form.user, request=self.request)
        return response
