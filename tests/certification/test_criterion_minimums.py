"""A role-play requirement may ask for a minimum on single criteria of the scenario's rubric
("共情与礼貌: 80"): an assessed attempt below it does not meet the requirement, whatever its
total. Trainers write the criteria by name; the requirement keeps their keys."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification.evaluation import evaluate
from certification.models import CertificationProgramme, ProgrammeRequirement, RequirementKind
from tests.certification.conftest import at
from tests.courses.conftest import catalog, course  # noqa: F401  (shared fixtures)
from tests.factories import PASSWORD, TeamFactory, make_person
from tests.roleplay.conftest import scenario  # noqa: F401
from training.models import RecordKind
from training.records import record_result
from training.roles import Role

pytestmark = pytest.mark.django_db

# The scenario fixture's rubric: empathy 共情与礼貌, policy 政策准确, resolution 问题解决.


@pytest.fixture
def requirement(scenario):  # noqa: F811
    programme = CertificationProgramme.objects.create(name="投诉处理专员认证")
    return ProgrammeRequirement.objects.create(
        programme=programme,
        kind=RequirementKind.ROLEPLAY,
        page=scenario,
        min_score=70,
        criterion_minimums={"empathy": 80},
    )


def played(person, scenario, *, total=0.9, **criteria):  # noqa: F811
    return record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.ROLEPLAY,
        activity=scenario,
        completed_at=at(7, 3),
        score=total,
        passed=True,
        details={
            "mode": "assessment",
            "outcome": "resolved",
            "provisional": False,
            "criteria": {"empathy": 1.0, "policy": 1.0, "resolution": 1.0, **criteria},
            "violations": [],
        },
    )


def test_the_scenario_names_its_criteria_through_the_course_item_protocol(scenario):  # noqa: F811
    assert scenario.assessment_criteria() == [
        ("empathy", "共情与礼貌"),
        ("policy", "政策准确"),
        ("resolution", "问题解决"),
    ]


def test_an_attempt_below_a_criterion_minimum_does_not_meet_it(requirement, scenario):  # noqa: F811
    person = make_person()
    played(person, scenario, total=0.95, empathy=0.7)  # a fine total, too little empathy

    status = evaluate(person, requirement.programme).requirements[0]
    assert not status.met
    assert "every criterion at its minimum" in status.missing
    assert "with 共情与礼貌 at least 80%" in status.label

    record = played(person, scenario, total=0.8, empathy=0.8)
    status = evaluate(person, requirement.programme).requirements[0]
    assert status.met and status.record_ids == (record.pk,)


def test_a_criterion_not_scored_on_the_path_taken_does_not_meet_its_minimum(
    requirement,
    scenario,  # noqa: F811
):
    person = make_person()
    played(person, scenario, empathy=None)
    assert not evaluate(person, requirement.programme).met


def test_a_minimum_on_a_criterion_since_removed_from_the_rubric_is_not_asked(
    requirement,
    scenario,  # noqa: F811
):
    # The trainer took "speed" out of the rubric after setting its minimum: no attempt can be
    # scored on it any more, so it would otherwise block everyone for good.
    ProgrammeRequirement.objects.filter(pk=requirement.pk).update(
        criterion_minimums={"empathy": 80, "speed": 90}
    )
    person = make_person()
    played(person, scenario, empathy=0.9)
    status = evaluate(person, requirement.programme).requirements[0]
    assert status.met
    assert "speed" not in status.label and "共情与礼貌 at least 80%" in status.label


def test_the_checklist_says_the_minima_in_chinese(requirement, scenario):  # noqa: F811
    from django.utils import translation

    requirement.criterion_minimums = {"policy": 100, "empathy": 80}
    requirement.save()
    with translation.override("zh-hans"):
        label = evaluate(make_person(), requirement.programme).requirements[0].label
    assert label.endswith("总分不低于 70%，其中“共情与礼貌”不低于 80%、“政策准确”不低于 100%")


def test_the_model_refuses_minima_on_criteria_the_scenario_does_not_have(
    requirement,
):
    requirement.criterion_minimums = {"empathy": 80, "speed": 90}
    with pytest.raises(ValidationError) as refused:
        requirement.full_clean()
    message = " ".join(refused.value.message_dict["criterion_minimums"])
    assert "“speed”" in message and "共情与礼貌, 政策准确, 问题解决" in message

    requirement.criterion_minimums = {"empathy": 120}
    with pytest.raises(ValidationError):
        requirement.full_clean()


# --- the programme editor --------------------------------------------------------------------


def form_data(scenario, minimums: str, kind="roleplay"):  # noqa: F811
    return {
        "name": "投诉处理专员认证",
        "description": "",
        "validity_months": "12",
        "recertification_window_days": "30",
        "active": "on",
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "0",
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
        "requirements-0-kind": kind,
        "requirements-0-page": str(scenario.pk),
        "requirements-0-min_score": "70",
        "requirements-0-criterion_minimums": minimums,
        "requirements-0-applies_to": "both",
        "requirements-0-ORDER": "1",
    }


@pytest.fixture
def trainer_client(client):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    return client


def test_a_trainer_sets_minima_by_criterion_name_and_sees_them_again(
    trainer_client,
    scenario,  # noqa: F811
):
    response = trainer_client.post(
        reverse("certification_programme:add"),
        form_data(scenario, "共情与礼貌: 80\n\n问题解决：60%"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    requirement = ProgrammeRequirement.objects.get()
    assert requirement.criterion_minimums == {"empathy": 80, "resolution": 60}

    edit = reverse("certification_programme:edit", args=[requirement.programme.pk])
    page = trainer_client.get(edit).content.decode()
    assert "共情与礼貌: 80\n问题解决: 60</textarea>" in page


@pytest.mark.parametrize(
    ("minimums", "kind", "message"),
    [
        (
            "礼貌: 80",
            "roleplay",
            "Line 1: the scenario has no criterion “礼貌”. "
            "Its criteria are: 共情与礼貌, 政策准确, 问题解决.",
        ),
        ("共情与礼貌 80", "roleplay", "Line 1: write the criterion, a colon and a per cent"),
        ("共情与礼貌: 0", "roleplay", "Line 1: a minimum is between 1 and 100 per cent."),
        ("共情与礼貌: 80\nempathy: 90", "roleplay", "Line 2: “empathy” is listed twice."),
        ("共情与礼貌: 80", "quiz", "Only a role-play requirement has minimum scores"),
    ],
)
def test_a_wrong_minimum_is_refused_with_the_valid_names_and_nothing_is_saved(
    trainer_client,
    scenario,  # noqa: F811
    minimums,
    kind,
    message,
):
    response = trainer_client.post(
        reverse("certification_programme:add"), form_data(scenario, minimums, kind)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CertificationProgramme.objects.exists()
