"""The search page: results grouped by type, or one type a page at a time."""

from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from itp.models import Theme

from .backends import backend_for, results
from .forms import SearchForm
from .sources import SOURCES

# Results of each type shown when every type is: its section links to the rest.
PER_TYPE = 5
# Results a page when one type is chosen.
PER_PAGE = 20
# Themes the page without a query suggests.
SUGGESTED_THEMES = 5


class SearchView(TemplateView):
    """``/search/?q=words&type=events&page=2``: every query answers, none is an error.

    Without a type, each type's count and its best few results (a fixed number of queries:
    one count and one page per type); with one, its results a page at a time, as the other
    lists do (a page number out of range is a 404).
    """

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        text, chosen = form.search()
        for notice in form.notices:
            messages.warning(self.request, notice)
        context.update(form=form, query=text, chosen=chosen, sources=SOURCES)
        if not text:
            context["themes"] = Theme.objects.order_by("name_en")[:SUGGESTED_THEMES]
            return context

        user = self.request.user
        backend = backend_for(text)
        visible = {source.name: source.visible_to(user) for source in SOURCES}
        counts = {
            source.name: backend.matches(source, visible[source.name]).count() for source in SOURCES
        }
        context["facets"] = [
            {
                "source": source,
                "count": counts[source.name],
                "url": self._address(text, source.name),
                "current": chosen is source,
            }
            for source in SOURCES
        ]
        context["all_url"] = self._address(text)
        context["total"] = sum(counts.values())
        if chosen is not None:
            context.update(self._one_type(backend, chosen, visible[chosen.name], counts, text))
        else:
            context["groups"] = [
                {
                    "source": source,
                    "count": counts[source.name],
                    "results": results(
                        backend, source, backend.ranked(source, visible[source.name])[:PER_TYPE]
                    ),
                    "more_url": self._address(text, source.name),
                }
                for source in SOURCES
                if counts[source.name]
            ]
        return context

    def _one_type(self, backend, source, visible, counts, text):
        paginator = Paginator(backend.ranked(source, visible), PER_PAGE)
        # Counted once already, for the types' list.
        paginator.count = counts[source.name]
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(_("There is no such page of results.")) from error
        # The pagination links carry the query as it was searched (cleaned and cut), not
        # whatever the address held.
        search_request = QueryDict(mutable=True)
        search_request.update({"q": text, "type": source.name})
        return {
            "results": results(backend, source, page.object_list),
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "search_request": {"GET": search_request},
        }

    def _address(self, text, type_name=None):
        query = QueryDict(mutable=True)
        query["q"] = text
        if type_name:
            query["type"] = type_name
        return f"{reverse('search')}?{query.urlencode()}"
