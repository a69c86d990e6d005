"""Reading an admin page the site answered."""


def form_errors(response):
    """The errors of the admin change form on ``response``, to explain a failed save."""
    return response.context["adminform"].form.errors
