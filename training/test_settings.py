"""Settings for the test suite: the real settings with fast hashing and eager Celery.

The database comes from DATABASE_URL as in production, so the same suite runs on SQLite
(default) and on PostgreSQL (`scripts/test.sh` sets DATABASE_URL).
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = VAR_DIR / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Rate limits stay on (allauth reads them from the cache); each test starts with an empty cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Real Celery worker (tests marked `worker`, run when REDIS_URL is set) --------------
# The worker is another process, so on SQLite the test database must be a file it can open
# (one per pytest process, so that runs side by side do not share it).
if os.environ.get("REDIS_URL") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"agent-academy-test-{os.getpid()}.sqlite3")
    }
# Set by tests/training/test_celery_worker.py for the worker it starts: work on the test
# database of the pytest process that started it, and write e-mails to files it can count.
if os.environ.get("TEST_WORKER_DATABASE"):
    DATABASES["default"]["NAME"] = os.environ["TEST_WORKER_DATABASE"]  # noqa: F405
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_RESULT_EXTENDED = True  # the result records which worker ran the task
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["TEST_WORKER_EMAIL_DIR"]
