"""The model endpoint's settings: a malformed one stops the start with a clear message."""

import pytest

from tests.training.test_deploy_settings import PRODUCTION_ENV, run_manage

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
