"""Admin form settings shared by every app's admin."""

from django.db import models

# Addresses typed without a scheme ("www.example.org") are taken to be https.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
