"""The REST API under /api/: the programme's open data, read-only, with its OpenAPI schema.

The package sits above every app: it reads through their selectors and QuerySet methods and
writes only through their services. Nothing imports it; itp/urls.py includes "itp.api.urls".
"""
