"""The survey after an event, answered through a personal signed link without logging in
(see ``workshops.feedback``).

The page is personal: it is never cached for visitors, is sent ``Cache-Control: private,
no-store`` and asks search engines not to index it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from .feedback import FeedbackAlreadyGiven, FeedbackRefused, registration_for_token, submit_feedback
from .models import FEEDBACK_TEXT_MAX_LENGTH, FeedbackResponse


class FeedbackForm(forms.ModelForm):
    # A radio button per rating, each with its words, and no empty choice: a rating is required.
    rating = forms.TypedChoiceField(
        label=_("Overall, how would you rate the event?"),
        choices=FeedbackResponse.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )

    class Meta:
        model = FeedbackResponse
        fields = ["rating", "useful", "change"]
        labels = {
            "useful": _("What was most useful to you?"),
            "change": _("What should we change next time?"),
        }
        widgets = {
            "useful": forms.Textarea(attrs={"rows": 4, "maxlength": FEEDBACK_TEXT_MAX_LENGTH}),
            "change": forms.Textarea(attrs={"rows": 4, "maxlength": FEEDBACK_TEXT_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Written here, in the language of the request, not when the module is imported.
        for name in ("useful", "change"):
            self.fields[name].help_text = gettext("Optional; at most %(limit)s characters.") % {
                "limit": FEEDBACK_TEXT_MAX_LENGTH
            }


class FeedbackView(View):
    """GET: the survey (or why it cannot be answered); POST: save the answer once."""

    def get(self, request, slug, token):
        try:
            registration = registration_for_token(slug=slug, token=token)
        except FeedbackRefused as refused:
            return self.unavailable(refused)
        if hasattr(registration, "feedback"):
            return self.already_answered(registration)
        return self.survey(registration, FeedbackForm())

    def post(self, request, slug, token):
        try:
            registration = registration_for_token(slug=slug, token=token)
        except FeedbackRefused as refused:
            return self.unavailable(refused)
        if hasattr(registration, "feedback"):
            return self.already_answered(registration)
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            return self.survey(registration, form, status=400)
        try:
            submit_feedback(
                registration=registration,
                rating=form.cleaned_data["rating"],
                useful=form.cleaned_data["useful"],
                change=form.cleaned_data["change"],
            )
        except FeedbackAlreadyGiven:
            return self.already_answered(registration)
        except ValidationError as error:
            form.add_error(None, error)
            return self.survey(registration, form, status=400)
        return self.render("workshops/feedback_thanks.html", {"event": registration.event})

    def survey(self, registration, form, status=200):
        return self.render(
            "workshops/feedback_form.html",
            {"event": registration.event, "form": form},
            status=status,
        )

    def already_answered(self, registration):
        return self.render(
            "workshops/feedback_thanks.html",
            {"event": registration.event, "already_answered": True},
        )

    def unavailable(self, refused):
        return self.render(
            "workshops/feedback_unavailable.html", {"message": refused.message}, refused.status
        )

    def render(self, template, context, status=200):
        response = render(self.request, template, context, status=status)
        # Personal: neither a shared cache nor the browser's history should keep it.
        response["Cache-Control"] = "private, no-store"
        return response
