"""Trainers import question files into the bank in the admin, and export a category to GIFT."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from quizzes.bank import category_for_path
from quizzes.models import Question
from tests.factories import make_person
from training.models import ImportJob
from training.roles import Role

pytestmark = pytest.mark.django_db

GIFT = """// 售后服务
::退款时效::退款一般多久到账？{=1–3 个工作日 ~当天 ~一个月}

::原路退回::退款原路返回。{T}
"""

BROKEN = """::没有正确答案::退款一般多久到账？{~当天 ~一个月}

::好题::退款原路返回。{T}
"""


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trainer(client):
    user = make_person(Role.TRAINER)
    client.force_login(user)
    return user


def upload(text: str, name="questions.gift"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def test_a_trainer_imports_a_gift_file_into_a_category(
    client, trainer, django_capture_on_commit_callbacks
):
    category = category_for_path(["售后服务", "退款"])
    url = reverse("quizzes_bank_import")
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload(GIFT), "format": "", "category": category.pk})

    assert response.status_code == 302
    job = client.get(response["Location"])
    assert "2 questions were added to the bank." in job.text
    questions = Question.objects.order_by("name")
    assert [(q.name, q.qtype, q.category_id) for q in questions] == [
        ("原路退回", "true_false", category.pk),
        ("退款时效", "single_choice", category.pk),
    ]
    assert all(q.created_by == trainer for q in questions)
    assert f"{reverse('quizzes_questions:index')}?category={category.pk}" in job.text


def test_a_file_with_a_problem_is_refused_whole_with_its_lines(
    client, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quizzes_bank_import"), {"file": upload(BROKEN)})

    job = client.get(response["Location"])
    assert 'role="alert"' in job.text
    assert "The file was not imported and nothing was changed" in job.text
    assert '<th scope="row">1</th>' in job.text
    assert not Question.objects.exists()


def test_export_a_category_to_gift_and_download_the_excel_template(
    client, trainer, django_capture_on_commit_callbacks
):
    category = category_for_path(["售后服务"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quizzes_bank_import"), {"file": upload(GIFT), "category": category.pk})

    exported = client.get(reverse("quizzes_bank_export"), {"category": category.pk})
    template = client.get(reverse("quizzes_bank_xlsx_template"))

    assert exported.status_code == 200
    assert "attachment" in exported["Content-Disposition"]
    text = exported.content.decode("utf-8")
    assert "退款一般多久到账？" in text and "原路退回" in text
    assert template.status_code == 200
    assert template.content[:2] == b"PK"


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MANAGER])
def test_learners_and_managers_cannot_import(client, role):
    client.force_login(make_person(role))
    for url in (reverse("quizzes_bank_import"), reverse("quizzes_bank_xlsx_template")):
        assert client.get(url).status_code in (302, 403)
    client.post(reverse("quizzes_bank_import"), {"file": upload(GIFT)})
    assert not Question.objects.exists() and not ImportJob.objects.exists()
