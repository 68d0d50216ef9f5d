"""Counting a page's database queries, for tests that a listing reads a page of rows at once
(the same number of queries for a few rows as for many)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url) -> int:
    """How many queries a second GET of `url` makes (the first warms the caches); it must
    answer 200."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)
