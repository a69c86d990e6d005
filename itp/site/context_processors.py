from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The menu brings a person back to the page they were on, its query string included unless that
# is longer than any address the site links to (a filtered schedule's is under 100 characters).
LONGEST_RETURN_QUERY = 200

# The site's main sections, in the order the navigation shows them. The brand before them
# ("ITP") leads home: a "Home" item as well left a coordinator's menu no room on one line.
SECTIONS = (
    (_("Governments"), "regions:government-list"),
    (_("Events"), "workshops:event-list"),
    (_("Teams"), "teams:team-list"),
    (_("Secondments"), "teams:secondment-list"),
    (_("Learnings"), "learnings:learning-list"),
    (_("People"), "person-list"),
)


def navigation(request):
    """The main navigation, with the section the current page belongs to marked."""
    items = []
    for label, url_name in SECTIONS:
        url = reverse(url_name)
        current = request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("itp.export_reports"):
        url = reverse("reports:dashboard")
        items.append({"label": _("Reports"), "url": url, "current": request.path.startswith(url)})
    return {"navigation": items}


def language_menu(request):
    """The template context of the language menu in every page's header: the languages, each
    named in itself, and the address to come back to once one is chosen."""
    query = request.META.get("QUERY_STRING", "")
    back = request.get_full_path() if len(query) <= LONGEST_RETURN_QUERY else request.path
    return {"language_menu": {"languages": settings.LANGUAGES, "next": back}}
