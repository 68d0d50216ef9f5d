"""Programmes completed before a programme's completion was a learning record get their record
(kind `programme`, activity and course the programme page, source the completion), so that
evaluation can schedule their waves (`python manage.py schedule_evaluation_waves`) and
reports count them. Written here, not through `record_result`: its follow-ups (waves,
notifications) belong to the command, which skips windows that have passed."""

from django.db import migrations


def records_for_completions(apps, schema_editor):
    ProgrammeCompletion = apps.get_model("courses", "ProgrammeCompletion")
    LearningRecord = apps.get_model("training", "LearningRecord")
    AgentProfile = apps.get_model("training", "AgentProfile")
    ContentType = apps.get_model("contenttypes", "ContentType")
    completions = list(ProgrammeCompletion.objects.select_related("programme"))
    if not completions:
        return
    source_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="programmecompletion"
    )
    page_type, _ = ContentType.objects.get_or_create(app_label="courses", model="programmepage")
    teams = dict(AgentProfile.objects.values_list("user_id", "team_id"))
    for completion in completions:
        LearningRecord.objects.get_or_create(
            source_type=source_type,
            source_id=str(completion.pk),
            defaults={
                "user_id": completion.user_id,
                "team_id": teams.get(completion.user_id),
                "kind": "programme",
                "activity_type": page_type,
                "activity_id": str(completion.programme_id),
                "activity_title": completion.programme.title[:255],
                "course_id": completion.programme_id,
                "completed_at": completion.completed_at,
                "score": 1.0,
                "passed": True,
                "details": {},
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0006_workflow_names_in_chinese"),
        ("training", "0012_record_kind_programme"),
    ]

    operations = [migrations.RunPython(records_for_completions, migrations.RunPython.noop)]
