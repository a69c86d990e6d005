from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
