"""Choosing the language: the menu on every page, and a signed-in person's saved choice.

The language of a request is, in order: the saved language of the signed-in person
(``Person.language``), the language cookie the menu sets, the browser's ``Accept-Language``,
then English. URLs carry no language: the same address answers in each, so every answer
varies on ``Accept-Language`` and ``Cookie``.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from regions.models import Person
from regions.selectors import person_of
from regions.services import save_language


@csrf_exempt
@require_POST
def set_language(request):
    """POST ``language`` and ``next``: answer in that language from now on, and go back to
    ``next`` (a page of this site; another host's address is refused for the home page).

    For a visitor this only sets the language cookie, so it takes no CSRF token: the pages
    cached for visitors carry none, and a forged switch changes nothing but the language of
    the next page. For a signed-in person it also saves the language as their preference,
    so there the token is required."""
    if request.user.is_authenticated:
        return _set_and_save_language(request)
    return i18n.set_language(request)


@csrf_protect
def _set_and_save_language(request):
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
    person = person_of(request.user)
    if person is not None and language in dict(settings.LANGUAGES):
        save_language(person=person, language=language)
    return response


class PreferredLanguageMiddleware:
    """Speak a signed-in person's saved language, whatever their browser's cookie or
    ``Accept-Language`` say; and tell caches that every answer varies with both.

    After ``AuthenticationMiddleware`` (it needs ``request.user``) and after
    ``LocaleMiddleware``, whose choice it overrides. Read on every request rather than copied
    into a cookie at login: a language changed on another device, or by the staff in the
    admin, applies at once. It costs one small query per signed-in request, whose pages are
    never cached anyway; a visitor's request costs nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = saved_language(request.user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # LocaleMiddleware adds Accept-Language; the menu's cookie decides as much.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def saved_language(user):
    """The language the signed-in ``user``'s person chose, or "" (none chosen, no person, or
    not signed in)."""
    if not user.is_authenticated:
        return ""
    language = (
        Person.objects.filter(user_id=user.pk).values_list("language", flat=True).first() or ""
    )
    return language if language in dict(settings.LANGUAGES) else ""
