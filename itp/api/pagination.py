"""Page-numbered lists: fifty results a page unless the client asks for up to two hundred."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

# More digits than any page or page size can need: a longer number counts as this long one.
DIGITS_AT_MOST = 18


def whole_number(text):
    """``text`` as a whole number, or None when it is not one. (``str.isdigit`` also takes
    superscripts, which ``int`` refuses, and ``int`` refuses more than 4,300 digits.)"""
    if not text.isdecimal():
        return None
    return int(text) if len(text) <= DIGITS_AT_MOST else 10**DIGITS_AT_MOST


class PagePagination(PageNumberPagination):
    """DRF's page numbers, where a page that is not a whole number from 1 is a bad request
    (400, naming ``page``) and a page past the last one is not found (404): the request is well
    formed, the page does not exist, as the schema says (``minimum: 1``, no maximum).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """The page size asked for, at most ``max_page_size``; one that is not a positive whole
        number is a bad request (DRF would quietly use the default)."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        size = whole_number(asked)
        if size is None or size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(maximum)d.")
                        % {"maximum": self.max_page_size}
                    ]
                }
            )
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = whole_number(request.query_params.get(self.page_query_param, "1"))
        no_such_page = _("No such page: pages run from 1 to the last.")
        if page_number is None or page_number < 1:
            raise ValidationError({self.page_query_param: [no_such_page]})
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            # A well-formed number past the last page: that page does not exist (yet).
            raise NotFound(no_such_page) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        """DRF's parameters, with the smallest page and page size the list accepts."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Number of results to return per page: {self.page_size} unless asked, at "
                    f"most {self.max_page_size} (a larger number gives {self.max_page_size})."
                )
        return parameters
