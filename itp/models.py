"""Programme-wide models: the themes (key areas of interest).

This module imports no app module; foreign keys to app models are lazy "app.Model" strings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A key area of interest of the programme, such as sustainable hydrogen."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name
