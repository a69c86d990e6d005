"""The key areas of interest of the programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from itp.common.validators import validate_multiline_text, validate_single_line


class Theme(models.Model):
    """A key area of interest of the programme, such as sustainable hydrogen."""

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(
        _("description"), blank=True, validators=[validate_multiline_text]
    )

    class Meta:
        # By the English name: the same order in every language (names are translated).
        ordering = ["name_en"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name
