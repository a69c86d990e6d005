"""A person's own API tokens on /me/tokens/: the list, a new token (shown once) and revoking."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from itp.models import ApiToken

from . import services
from .forms import ApiTokenForm


@method_decorator(never_cache, name="dispatch")
class TokenListView(LoginRequiredMixin, FormView):
    """The person's tokens (never the secrets) and the form for a new one, whose secret the
    answer to the POST shows once."""

    template_name = "api_tokens/apitoken_list.html"
    form_class = ApiTokenForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(tokens=ApiToken.objects.of(self.request.user), **kwargs)

    def form_valid(self, form):
        try:
            token, plaintext = services.create_token(
                user=self.request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                lifetime=datetime.timedelta(days=form.cleaned_data["lifetime_days"]),
            )
        except services.TokenRefused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        except ValidationError as refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        # Rendered, not redirected: the secret is on this answer only and stored nowhere.
        return self.render_to_response(
            self.get_context_data(form=self.form_class(), new_token=token, plaintext=plaintext)
        )


class RevokeTokenView(LoginRequiredMixin, View):
    """POST: revoke one of the person's own tokens; anyone else's is not found."""

    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.of(request.user), pk=pk)
        services.revoke_token(token=token, revoked_by=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("me-tokens")
