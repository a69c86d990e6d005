"""The admin of staff mailings: the page that e-mails an event's registrants (form, preview,
send) and the read-only log of what was sent."""

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from itp.common.admin import RefuseMalformedInputMixin
from itp.common.validators import validate_multiline_text, validate_single_line

from .. import notifications, services
from ..models import Event, Mailing, Message
from ..models.mailings import MAILING_BODY_MAX_LENGTH, MAILING_SUBJECT_MAX_LENGTH

SEND_MAILING = "workshops.send_mailing"


class MailingForm(forms.Form):
    """What the staff write to an event's registrants, and to whom. ``token`` is this form's
    own: submitting it twice sends the mailing once."""

    audience = forms.ChoiceField(
        label=pgettext_lazy("e-mail recipients", "To"),
        choices=Mailing.Audience.choices,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=MAILING_SUBJECT_MAX_LENGTH,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=MAILING_BODY_MAX_LENGTH,
        validators=[validate_multiline_text],
        widget=forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField"}),
        help_text=_(
            "Plain text, at most 10,000 characters; blank lines separate paragraphs. The "
            "e-mail greets each person by name and ends with the event's time, place and link."
        ),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["token"].initial = uuid.uuid4()

    def clean_audience(self):
        audience = self.cleaned_data["audience"]
        self.recipients = notifications.mailing_recipients(self.event, audience).select_related(
            "person__government"
        )
        self.recipients_count = self.recipients.count()
        if not self.recipients_count:
            raise ValidationError(_("Nobody is in that audience yet: choose another."))
        return audience


class EventMailingAdminMixin:
    """The event admin's page for e-mailing the event's registrants: write, preview, send."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/mailing/",
                self.admin_site.admin_view(self.mailing_view),
                name="workshops_event_mailing",
            ),
            *super().get_urls(),
        ]

    def has_send_mailing_permission(self, request):
        return request.user.has_perm(SEND_MAILING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_send_mailing": self.has_send_mailing_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def mailing_view(self, request, object_id):
        if not self.has_send_mailing_permission(request):
            raise PermissionDenied
        if not object_id.isdecimal():
            raise Http404
        event = get_object_or_404(Event, pk=object_id)
        form = MailingForm(request.POST or None, event=event)
        step = "write"
        preview = None
        if request.method == "POST" and "edit" not in request.POST and form.is_valid():
            if "send" in request.POST:
                return self._send_mailing(request, event, form)
            step = "preview"
            preview = self._preview(event, form)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("E-mail the registrants of %(event)s") % {"event": event},
            "event": event,
            "form": form,
            "step": step,
            "preview": preview,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/workshops/event/mailing.html", context)

    def _preview(self, event, form):
        """The e-mail as the first person of the audience will get it."""
        data = form.cleaned_data
        mailing = Mailing(
            event=event, audience=data["audience"], subject=data["subject"], body=data["body"]
        )
        first = form.recipients.order_by("pk").first()
        message = Message(
            kind=Message.Kind.MAILING,
            person=first.person,
            event=event,
            mailing=mailing,
            recipient=first.person.email,
        )
        email = notifications.build_email(message)
        return {
            "subject": email.subject,
            "text": email.body,
            "recipient": first.person,
            "audience": mailing.get_audience_display(),
            "recipients_count": form.recipients_count,
        }

    def _send_mailing(self, request, event, form):
        data = form.cleaned_data
        try:
            mailing, created = services.send_mailing(
                event=event,
                audience=data["audience"],
                subject=data["subject"],
                body=data["body"],
                sent_by=request.user,
                token=data["token"],
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(request.path)
        if created:
            count = mailing.recipients_count
            self.message_user(
                request,
                ngettext(
                    "The e-mail is on its way to %(count)d person.",
                    "The e-mail is on its way to %(count)d people.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("This e-mail was sent already; it has not been sent again."),
                messages.WARNING,
            )
        return redirect(
            reverse(
                "admin:workshops_event_change", args=[event.pk], current_app=self.admin_site.name
            )
        )


@admin.register(Mailing)
class MailingAdmin(RefuseMalformedInputMixin, admin.ModelAdmin):
    """The log of the staff's mailings: who wrote what to whom, when. Mailings are written on
    an event's page ("E-mail registrants"), never here."""

    list_display = ("created_at", "subject", "event", "audience", "recipients_count", "created_by")
    list_filter = ("audience", "created_at")
    list_select_related = ("event", "created_by")
    search_fields = ("subject", "event__title")
    date_hierarchy = "created_at"
    fields = (
        "event",
        "audience",
        "subject",
        "body",
        "created_by",
        "created_at",
        "sent_at",
        "recipients_count",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
