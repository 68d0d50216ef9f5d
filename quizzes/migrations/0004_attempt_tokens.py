"""Every attempt's layout gets the random tokens its page shows instead of answer keys.

Saved responses stay in answer keys, so an attempt in progress keeps every saved answer: its
page is simply drawn with tokens from now on. (A copy of `quizzes.questions.with_tokens`, as a
migration must not change when the app's code does.)
"""

import random

from django.db import migrations


def _with_tokens(snap: dict, layout: dict, rng: random.Random) -> dict:
    tokens = dict(layout.get("tokens") or {})
    used = set(tokens.values()) | set(layout.get("choice_tokens", []))

    def fresh() -> str:
        while True:
            token = f"{rng.getrandbits(48):012x}"
            if token not in used:
                used.add(token)
                return token

    for answer in snap.get("answers", []):
        if answer["key"] not in tokens:
            tokens[answer["key"]] = fresh()
    filled = {**layout, "tokens": tokens}
    choices = layout.get("choices", [])
    if snap.get("type") == "matching" and len(layout.get("choice_tokens", [])) != len(choices):
        filled["choice_tokens"] = [fresh() for _choice in choices]
    return filled


def add_tokens(apps, schema_editor):
    AttemptQuestion = apps.get_model("quizzes", "AttemptQuestion")
    rng = random.SystemRandom()
    batch = []
    for slot in AttemptQuestion.objects.only("pk", "snapshot", "layout").iterator(chunk_size=500):
        layout = _with_tokens(slot.snapshot or {}, slot.layout or {}, rng)
        if layout != slot.layout:
            slot.layout = layout
            batch.append(slot)
        if len(batch) >= 500:
            AttemptQuestion.objects.bulk_update(batch, ["layout"])
            batch = []
    AttemptQuestion.objects.bulk_update(batch, ["layout"])


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_attempt_slot"),
    ]

    operations = [
        migrations.RunPython(add_tokens, migrations.RunPython.noop),
    ]
