"""Page-numbered lists: fifty results a page unless the client asks for up to two hundred."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """DRF's page numbers, where a page that is not a number or does not exist is a bad request.

    DRF answers such a page with 404, which reads as "this list does not exist"; the list does,
    the request named a page it does not have.
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
        if not asked.isdigit() or int(asked) < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(maximum)d.")
                        % {"maximum": self.max_page_size}
                    ]
                }
            )
        return min(int(asked), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise ValidationError(
                {self.page_query_param: [_("No such page: pages run from 1 to the last.")]}
            ) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)
