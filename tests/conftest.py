import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_query_log():
    # Django keeps the last 9 000 queries; once full, a count taken inside a test (what
    # `django_assert_max_num_queries` and CaptureQueriesContext do) reads 0 and passes
    # without checking anything. Each test starts with room to count.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.queries_log.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    # allauth keeps its rate-limit counters in the cache; each test starts from zero.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_scenario_cache():
    # Role-play scenarios are cached by page-revision id; the test database hands the same
    # ids out again after each test's rollback or flush, which a real database never does.
    from roleplay.services import revision_scenario

    revision_scenario.cache_clear()
    yield
    revision_scenario.cache_clear()


@pytest.fixture
def fake_llm(settings):
    """A fake OpenAI-compatible model server on loopback, with the LLM_* settings on it."""
    from tests.fake_llm import FakeModelServer

    server = FakeModelServer().start()
    settings.LLM_BASE_URL = server.base_url
    settings.LLM_MODEL = server.model
    settings.LLM_API_KEY = ""
    settings.LLM_TIMEOUT_SECONDS = 2.0
    settings.LLM_MAX_RETRIES = 2
    settings.LLM_RETRY_BACKOFF_SECONDS = 0.05  # the tests see the waits without waiting long
    yield server
    server.stop()
