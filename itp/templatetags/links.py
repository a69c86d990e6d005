from django import template

from itp.common.links import safe_url as _safe_url

register = template.Library()


@register.filter
def safe_url(value):
    """The stored link when it is http(s), else "": ``{% with link=x.website|safe_url %}``."""
    return _safe_url(value)
