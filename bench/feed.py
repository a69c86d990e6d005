"""The public feed (/events/calendar.ics): its uncached build, and 304 for a client that has it.

The build is timed in this process with Django's test client, every cache cleared before each
build (median of BUILDS; target at most 3 s at scale 1), asked as a calendar program asks:
taking gzip, so that the time includes the compression. The 304 is asked of the gunicorn
server, as a calendar client asks it: the ETag of a first response sent back in
If-None-Match.
"""

import gzip
import sys
import time

import load
from figures import figure, median, not_measured

BUILDS = 3
BUILD_SECONDS = 3


def build_in_process():
    from django.core.cache import caches
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    label = "uncached build, median of 3"
    try:
        path = reverse("workshops:events-feed")
    except NoReverseMatch:
        return [not_measured("feed", label, "no public feed in this version", unit="s")]
    client = Client(HTTP_HOST="127.0.0.1")
    seconds, size = [], None
    for _build in range(BUILDS):
        for cache in caches.all():
            cache.clear()
        began = time.perf_counter()
        response = client.get(path, headers=load.CLIENT_HEADERS)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seconds.append(time.perf_counter() - began)
        if response.status_code != 200:
            return [not_measured("feed", label, f"answered {response.status_code}", path=path)]
        compressed = response.get("Content-Encoding") == "gzip"
        size, sent = (len(gzip.decompress(body)) if compressed else len(body)), len(body)
    print(
        f"{path} built in {median(seconds):.2f} s, {size:,} bytes, {sent:,} sent", file=sys.stderr
    )
    return [
        figure(
            "feed",
            label,
            median(seconds),
            unit="s",
            target=BUILD_SECONDS,
            better="lower",
            path=path,
            bytes=size,
            sent_bytes=sent,
            builds=[round(value, 3) for value in seconds],
        )
    ]


def not_modified_over_http(path="/events/calendar.ics"):
    """The gunicorn server asked again with the first response's ETag: 304 expected."""
    label = "a client that has it: If-None-Match"
    status, headers, _body = load.fetch(path, load.CLIENT_HEADERS)
    if status != 200:
        return not_measured("feed", label, f"answered {status}", path=path, unit="status")
    etag = headers.get("ETag")
    if etag is None:
        return figure(
            "feed", label, 0, unit="status", target=304, path=path, status="200, without an ETag"
        )
    status, _headers, body = load.fetch(path, {**load.CLIENT_HEADERS, "If-None-Match": etag})
    print(f"{path} with If-None-Match: {status}, {len(body)} bytes", file=sys.stderr)
    return figure("feed", label, status, unit="status", target=304, path=path, status=status)
