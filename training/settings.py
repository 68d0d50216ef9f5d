"""Settings for Agent Academy.

With no environment set, it runs on the embedded default: SQLite, Celery on kombu's
filesystem transport, e-mail to the console, media on local disk. Production sets the
variables documented in README.md ("Running in production"). In a developer's checkout,
manage.py and celery first read `.env` (DEBUG=1 and a generated SECRET_KEY, written by
`make run`; training/devenv.py).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from training.branding import SITE_NAME
from training.llm_tls import CABundleError, trust_context

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default: str, kind=float):
    raw = os.environ.get(name, default).strip()
    try:
        return kind(raw)
    except ValueError:
        whole = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {whole}, not {raw!r}.") from None


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-make-run"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Open Badges credentials are signed with this Ed25519 key (PEM file, or the PEM itself).
# Unset with DEBUG on: one is generated once into var/; unset in production: none is issued.
CREDENTIAL_SIGNING_KEY_FILE = os.environ.get("CREDENTIAL_SIGNING_KEY_FILE", "")
CREDENTIAL_SIGNING_KEY = os.environ.get("CREDENTIAL_SIGNING_KEY", "")

INSTALLED_APPS = [
    "training",
    "courses",
    "quizzes",
    "roleplay",
    "certification",
    "evaluation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "training.apps.WagtailUsersConfig",  # wagtail.users with one-name user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "training.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "training.middleware.ContentSecurityPolicyMiddleware",
    "training.middleware.PrivateResponseMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "training.urls"
WSGI_APPLICATION = "training.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "training.context_processors.branding",
                "training.context_processors.navigation",
                "training.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the Celery worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "training.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts (django-allauth): e-mail log-in, no open sign-up -------------------------
ACCOUNT_ADAPTER = "training.accounts.AccountAdapter"
ACCOUNT_FORMS = {"add_email": "training.accounts.AddEmailForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts come from administrators and HR, not sign-up
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so that nobody switches them off by accident.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    # Wagtail's shared page passwords (switched off below; limited should one exist).
    "page_password": "10/m/ip,5/300s/key",
}
# The limits per address need each person's own address: behind the proxy (README) it is the
# last one the proxy adds to X-Forwarded-For, or every log-in would count against the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0" if DEBUG else "1"))
# allauth's e-mail subjects start with "[客服学院] " (training.accounts.AccountAdapter).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# A reset link the person asked for lasts an hour; an invitation lasts a week. Each kind has
# its own signature (training/tokens.py), so a reset link cannot live as long as an invitation.
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "training.tokens.ResetOrInvitationTokenGenerator"  # noqa: S105
PASSWORD_RESET_TIMEOUT = 3600
INVITATION_TIMEOUT = 7 * 24 * 3600

# --- Cache: where the log-in limits count failed attempts --------------------------------
# Every web process must see the same counts, so never a per-process memory cache: the
# database by default (its table is created by `migrate`, training/apps.py), Redis when
# CACHE_URL points to one.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// URL (or unset for the database).")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "academy_cache",
        }
    }

# --- Language and time -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development and tests WhiteNoise serves straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG or env_bool("WHITENOISE_USE_FINDERS")
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ----------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Agent Academy <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ----------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    # Embedded default: a broker that needs no server. One folder is both in- and out-box.
    _queue_dir = VAR_DIR / "celery" / "queue"
    # kombu does not create its folders; every process that may queue a task needs them.
    for _folder in ("processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        # Broadcasts (worker control); kombu's default is a folder in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # kombu looks for new tasks once a second by default, so a worker took about two a
        # second: the demo's first start left minutes of follow-ups queued before a learner's
        # AI conversation was scored. A tenth of a second takes about twenty a second.
        "polling_interval": 0.1,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is run again: tasks are idempotent
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # The safety net behind each timed attempt's own auto-submit task.
    "submit-overdue-quiz-attempts": {
        "task": "quizzes.submit_overdue_attempts",
        "schedule": 60.0,
    },
    # The safety net behind each import job's own task (a lost message, a lost worker).
    "resume-import-jobs": {
        "task": "training.resume_import_jobs",
        "schedule": 300.0,
    },
    # The safety net behind each ended AI conversation's own judging task (a lost message).
    "judge-ended-ai-conversations": {
        "task": "roleplay.judge_ended_ai_attempts",
        "schedule": 300.0,
    },
    # Due-soon and overdue reminders; idempotent, so a missed or repeated run does no harm.
    "notify-due-trainings": {
        "task": "training.notify_due_trainings",
        "schedule": crontab(hour=8, minute=0),
    },
    # Certificates: reminders, recertification windows and expiry; idempotent, catches up.
    "certification-daily": {
        "task": "certification.daily",
        "schedule": crontab(hour=0, minute=30),
    },
    # Evaluation waves: close those past their window, open those due (learner and managers
    # told once), remind before closing; idempotent, catches up.
    "evaluation-daily": {
        "task": "evaluation.daily",
        "schedule": crontab(hour=1, minute=0),
    },
    # Evaluation reports pre-computed for the day (after the waves' round); idempotent.
    "evaluation-reports": {
        "task": "evaluation.refresh_reports",
        "schedule": crontab(hour=1, minute=30),
    },
}

# --- Quizzes ---------------------------------------------------------------------------
# Answers arriving this long after a timed attempt's deadline still count (network delay);
# the attempt is submitted by the server after it.
QUIZ_SUBMIT_GRACE_SECONDS = int(os.environ.get("QUIZ_SUBMIT_GRACE_SECONDS", "30"))

# --- Language model (AI customers) ----------------------------------------------------
# An OpenAI-compatible Chat Completions endpoint the site runs itself (vLLM, Ollama, ...).
# Unset: AI features are off and nothing else changes (training/llm.py, docs/ai.md).
LLM_BASE_URL = os.environ.get("LLM_BASE_URL", "").strip().rstrip("/")
LLM_MODEL = os.environ.get("LLM_MODEL", "").strip()
LLM_API_KEY = os.environ.get("LLM_API_KEY", "").strip()  # vLLM and Ollama usually need none


if LLM_BASE_URL:
    _llm_url = urlsplit(LLM_BASE_URL)
    if _llm_url.scheme not in ("http", "https") or not _llm_url.hostname:
        raise ImproperlyConfigured(
            f"LLM_BASE_URL must be an http(s) URL such as http://127.0.0.1:11434/v1, "
            f"not {LLM_BASE_URL!r}."
        )
    if not LLM_MODEL:
        raise ImproperlyConfigured("LLM_MODEL must name the model when LLM_BASE_URL is set.")
elif LLM_MODEL or LLM_API_KEY:
    raise ImproperlyConfigured("LLM_MODEL and LLM_API_KEY need LLM_BASE_URL (the endpoint).")
# Seconds to wait for the connection and between two pieces of an answer.
LLM_TIMEOUT_SECONDS = env_number("LLM_TIMEOUT_SECONDS", "30")
if not 0 < LLM_TIMEOUT_SECONDS < 3600:
    raise ImproperlyConfigured("LLM_TIMEOUT_SECONDS must be more than 0 and less than 3600.")
# Further tries after a refused connection, 429 or 5xx (with exponential back-off).
LLM_MAX_RETRIES = env_number("LLM_MAX_RETRIES", "2", kind=int)
if not 0 <= LLM_MAX_RETRIES <= 10:
    raise ImproperlyConfigured("LLM_MAX_RETRIES must be between 0 and 10.")
LLM_RETRY_BACKOFF_SECONDS = 0.5  # first wait; doubles each try, with jitter
# The company's certificate authority for an https:// endpoint it signed (a PEM file): the
# only one trusted for the model then. Unset: the public ones (certifi). Never "don't verify".
LLM_CA_BUNDLE = os.environ.get("LLM_CA_BUNDLE", "").strip()
if LLM_CA_BUNDLE:
    if not LLM_BASE_URL:
        raise ImproperlyConfigured("LLM_CA_BUNDLE needs LLM_BASE_URL (an https:// endpoint).")
    if urlsplit(LLM_BASE_URL).scheme != "https":
        raise ImproperlyConfigured(
            f"LLM_CA_BUNDLE has no effect with an http:// LLM_BASE_URL ({LLM_BASE_URL}): "
            f"give the endpoint's https:// address, or unset LLM_CA_BUNDLE."
        )
    try:
        trust_context(LLM_CA_BUNDLE)  # as the client will load it (training/llm_tls.py)
    except CABundleError as error:
        raise ImproperlyConfigured(f"LLM_CA_BUNDLE {error}") from None

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = SITE_NAME  # translated: training/branding.py
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "txt", "md", "csv", "mp4", "webm"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Security (production values; `manage.py check --deploy` is clean with them) -------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True  # read by the server only (training.middleware)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview uses same-origin frames
SILENCED_SYSTEM_CHECKS = [
    # Wagtail's page preview is a same-origin frame, so SAMEORIGIN rather than DENY.
    "security.W019",
    # HSTS preloading is a commitment each customer makes for their own domain.
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# Content-Security-Policy (django-csp): the site's own scripts and styles only, no inline
# code. Video and embeds a trainer links to may live on an intranet server: CSP_MEDIA_HOSTS
# and CSP_FRAME_HOSTS (comma-separated origins) allow them.
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:", "blob:"],
        "font-src": [_SELF, "data:"],
        "connect-src": [_SELF],
        "media-src": [_SELF, *env_list("CSP_MEDIA_HOSTS")],
        "frame-src": [_SELF, *env_list("CSP_FRAME_HOSTS")],
        "frame-ancestors": [_SELF],
        "form-action": [_SELF],
        "base-uri": [_SELF],
        "object-src": ["'none'"],
    }
}
# Added under /cms/ only (training.middleware): Wagtail 8's admin still writes inline
# <script> blocks in its page editor and sets inline styles (sidebar, StreamField, Draftail),
# which 'self' alone blocks. Only trainers and administrators reach /cms/; the pages learners
# and managers use keep the strict policy (tests/browser/test_content_security_policy.py).
CSP_ADMIN_EXCEPTIONS = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # Wagtail runs its reference-index updates as tasks and logs each one at INFO.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        # Wagtail logs every page action at INFO; the audit log in the admin keeps them.
        "wagtail": {"level": "WARNING"},
        # training.llm logs each model request itself (model, latency, tokens).
        "httpx": {"level": "WARNING"},
    },
}

# The Wagtail admin uses the same log-in page as the rest of the site.
WAGTAILADMIN_LOGIN_URL = "admin_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # intranets reach no outside avatar service
WAGTAIL_ENABLE_UPDATE_CHECK = False  # nor Wagtail's release server, from the dashboard
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False  # whose links lead to wagtail.org
WAGTAIL_PASSWORD_RESET_ENABLED = False  # password resets go through allauth
# Passwords change on allauth's page (rate-limited); e-mail addresses come from HR and
# administrators (the Users admin), so Wagtail's account page offers neither.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Everyone here has an account: a private page is for people logged in (or some groups),
# never behind a shared password, which nobody's log-in limit would protect.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# Documents go out through Django, which checks the log-in (training/wagtail_hooks.py); the
# proxy must not serve MEDIA_ROOT/documents/ (README).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILUSERS_PASSWORD_REQUIRED = False  # new people set their own password from the invitation
