from django import template

from itp.common.links import safe_url as _safe_url
from itp.common.links import subscription_url as _subscription_url

register = template.Library()


@register.filter
def safe_url(value):
    """The stored link when it is http(s), else "": ``{% with link=x.website|safe_url %}``."""
    return _safe_url(value)


@register.simple_tag(takes_context=True)
def subscription_url(context, path):
    """The webcal:// address of the feed at ``path``: ``{% subscription_url feed_path %}``."""
    return _subscription_url(path, request=context.get("request"))
