"""Production settings: `manage.py check --deploy` is clean with the README's variables set."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 20 + "-production-secret-with-enough-entropy-1234567890",
    "ALLOWED_HOSTS": "academy.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://academy.example.com",
    "SITE_URL": "https://academy.example.com",
    "DATABASE_URL": "postgres://academy:secret@db.internal:5432/academy",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "EMAIL_HOST": "smtp.example.com",
    "DEFAULT_FROM_EMAIL": "Agent Academy <academy@example.com>",
    # The key certificates' Open Badges credentials are signed with (README).
    "CREDENTIAL_SIGNING_KEY": Ed25519PrivateKey.generate()
    .private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    .decode(),
}


def run_manage(*args, env):
    ours = {
        "DEBUG",
        "DATABASE_URL",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "WHITENOISE_USE_FINDERS",
        "CELERY_BROKER_URL",
        "EMAIL_HOST",
        "EMAIL_BACKEND",
        "ENV_FILE",
        "CREDENTIAL_SIGNING_KEY",
        "CREDENTIAL_SIGNING_KEY_FILE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # A server in production has no developer's .env (ENV_FILE="" reads none).
        env={**clean, "DJANGO_SETTINGS_MODULE": "training.settings", "ENV_FILE": "", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_no_credential_signing_key_is_set():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CREDENTIAL_SIGNING_KEY"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "certification.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env={**env, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
