"""The two built-in surveys, and trainers' right to author surveys and checklists.

The survey texts are data, in the site's language (Chinese), like a course's content."""

import secrets

from django.db import migrations

from training.migration_helpers import grant_permissions, revoke_permissions

AUTHORING = [
    f"evaluation.{action}_{model}"
    for model in ("survey", "coursesurvey", "observationchecklist")
    for action in ("add", "change", "delete", "view")
]
GRANTS = {"trainer": AUTHORING, "administrator": AUTHORING}

# (kind, dimension, text, required)
REACTION = [
    ("likert", "content", "课程内容对我有帮助、条理清楚", True),
    ("likert", "format", "培训形式（讲授、演练、案例）合适", True),
    ("likert", "trainer", "培训师讲解清楚、回答问题及时", True),
    ("likert", "usefulness", "学到的内容能直接用在工作中", True),
    ("recommend", "", "你有多大可能向同事推荐这门培训？", True),
    ("text", "", "你希望这门培训改进哪些地方？", False),
]
STILL_USEFUL = [
    ("likert", "usefulness", "一年后，这门培训的内容对我的工作仍然有用", True),
    ("text", "", "哪些内容你现在还在用？哪些已经过时？", False),
]


def create(apps, schema_editor):
    Survey = apps.get_model("evaluation", "Survey")
    SurveyQuestion = apps.get_model("evaluation", "SurveyQuestion")
    for builtin, name, questions in [
        ("reaction", "培训满意度调查", REACTION),
        ("still_useful", "培训一年后回访：内容是否仍然有用", STILL_USEFUL),
    ]:
        if Survey.objects.filter(builtin=builtin).exists():
            continue
        survey = Survey.objects.create(name=name, builtin=builtin)
        for order, (kind, dimension, text, required) in enumerate(questions):
            SurveyQuestion.objects.create(
                survey=survey,
                sort_order=order,
                key=secrets.token_hex(4),
                kind=kind,
                dimension=dimension,
                text=text,
                required=required,
            )
    grant_permissions(apps, GRANTS)


def remove(apps, schema_editor):
    revoke_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_surveys_observations")]

    operations = [migrations.RunPython(create, remove)]
