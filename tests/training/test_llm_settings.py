"""The model endpoint's settings: a malformed one stops the start with a clear message."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from tests.training.test_deploy_settings import PRODUCTION_ENV, ROOT, run_manage

OLLAMA = {"LLM_BASE_URL": "http://127.0.0.1:11434/v1", "LLM_MODEL": "qwen2.5:7b-instruct"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**OLLAMA, "LLM_BASE_URL": "127.0.0.1:11434/v1"}, "LLM_BASE_URL must be an http(s) URL"),
        ({**OLLAMA, "LLM_BASE_URL": "ftp://models.intranet/v1"}, "LLM_BASE_URL must be"),
        ({**OLLAMA, "LLM_TIMEOUT_SECONDS": "thirty"}, "LLM_TIMEOUT_SECONDS must be a number"),
        ({**OLLAMA, "LLM_TIMEOUT_SECONDS": "0"}, "LLM_TIMEOUT_SECONDS must be more than 0"),
        ({**OLLAMA, "LLM_MAX_RETRIES": "2.5"}, "LLM_MAX_RETRIES must be a whole number"),
        ({**OLLAMA, "LLM_MAX_RETRIES": "-1"}, "LLM_MAX_RETRIES must be between 0 and 10"),
        ({"LLM_BASE_URL": OLLAMA["LLM_BASE_URL"]}, "LLM_MODEL must name the model"),
        ({"LLM_MODEL": "qwen2.5:7b-instruct"}, "need LLM_BASE_URL"),
    ],
)
def test_a_malformed_model_setting_stops_the_start_and_says_which(env, message):
    result = run_manage("check", env={**PRODUCTION_ENV, **env})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_a_well_formed_model_endpoint_starts():
    env = {**PRODUCTION_ENV, **OLLAMA, "LLM_TIMEOUT_SECONDS": "20", "LLM_MAX_RETRIES": "0"}

    result = run_manage("check", env=env)

    assert result.returncode == 0, result.stderr


# --- LLM_CA_BUNDLE: an https:// endpoint signed by the company's own certificate authority -----

HTTPS = {**OLLAMA, "LLM_BASE_URL": "https://models.intranet:8000/v1"}
NO_PEM = "holds no readable PEM certificate"


def _bundle(tmp_path, kind: str) -> str:
    """A CA bundle file of the given kind in tmp_path; its path."""
    from tests.training.test_llm_tls import make_ca

    cert, key = make_ca()
    path = tmp_path / "company-ca.pem"
    if kind == "pem":
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    elif kind == "der":  # as Windows exports a .cer
        path.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    elif kind == "key only":
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    elif kind == "damaged":
        pem = cert.public_bytes(serialization.Encoding.PEM).decode()
        path.write_text(pem[:40] + "!!!" + pem[60:])
    elif kind == "text":
        path.write_text("the company's CA is on the wiki\n")
    elif kind == "directory":
        path.mkdir()
    elif kind == "missing":
        pass
    return str(path)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "company-ca.pem does not exist"),
        ("directory", "company-ca.pem cannot be read"),
        ("text", NO_PEM),
        ("key only", NO_PEM),
        ("damaged", NO_PEM),
        ("der", "openssl x509 -inform der"),
    ],
)
def test_a_ca_bundle_that_cannot_be_used_stops_the_start(tmp_path, kind, message):
    env = {**PRODUCTION_ENV, **HTTPS, "LLM_CA_BUNDLE": _bundle(tmp_path, kind)}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "LLM_CA_BUNDLE must be a PEM file" in result.stderr
    assert message in result.stderr


def test_a_ca_bundle_the_server_may_not_read_stops_the_start():
    # As a server's user would meet it: root's file, mode 600, the site running as another user.
    as_nobody = []  # not root: a file of mode 000 is unreadable to this user already
    if os.geteuid() == 0:  # root reads any file: check as another user
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv (util-linux) to run the check as another user")
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        # A checkout under a private home (/root, mode 700) is not readable by that user.
        reachable = subprocess.run(
            [*as_nobody, sys.executable, "-c", "import django; open('manage.py').close()"],
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        )
        if reachable.returncode != 0:
            pytest.skip("the checkout or its Python is not readable by another user here")
    directory = Path(tempfile.mkdtemp())
    try:
        directory.chmod(0o755)
        path = _bundle(directory, "pem")
        os.chmod(path, 0)
        env = {**os.environ, "ENV_FILE": "", **PRODUCTION_ENV, **HTTPS, "LLM_CA_BUNDLE": path}
        result = subprocess.run(
            [*as_nobody, sys.executable, "manage.py", "check"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "training.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(directory)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "company-ca.pem cannot be read (Permission denied)" in result.stderr


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ({}, "LLM_CA_BUNDLE needs LLM_BASE_URL"),
        (OLLAMA, "LLM_CA_BUNDLE has no effect with an http:// LLM_BASE_URL"),
    ],
)
def test_a_ca_bundle_without_an_https_endpoint_stops_the_start(tmp_path, endpoint, message):
    env = {**PRODUCTION_ENV, **endpoint, "LLM_CA_BUNDLE": _bundle(tmp_path, "pem")}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_an_https_endpoint_with_the_company_ca_starts(tmp_path):
    env = {**PRODUCTION_ENV, **HTTPS, "LLM_CA_BUNDLE": _bundle(tmp_path, "pem")}

    result = run_manage("check", env=env)

    assert result.returncode == 0, result.stderr
