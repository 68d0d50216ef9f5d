"""The blocks a trainer writes a scenario with: its rubric and its conversation steps.

They hold the same structure as a scenario file (docs/roleplay-scenarios.md); steps refer
to each other and to criteria by name (or key), never by position. Keys are optional: they
are made from the names when the page is saved and then stay as they are.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks

from roleplay.scenario.model import MAX_AI_TEXT

KEY_VALIDATOR = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*$",
    _("Use lower-case letters, digits, “-” and “_” (e.g. opening, refund_offer)."),
)


class MoodChoices:
    CHOICES = [
        ("calm", _("Calm")),
        ("anxious", _("Anxious")),
        ("confused", _("Confused")),
        ("annoyed", _("Annoyed")),
        ("angry", _("Angry")),
        ("furious", _("Furious")),
        ("happy", _("Happy")),
    ]


OUTCOME_CHOICES = [
    ("resolved", _("Resolved")),
    ("escalated", _("Escalated")),
    ("customer_lost", _("Customer lost")),
    ("public_backlash", _("Public backlash")),
]


# The AI customer's vocabulary (roleplay.scenario TEMPERAMENTS, AI_ENDINGS) as trainers read it.
TEMPERAMENT_CHOICES = [
    ("reasonable", pgettext_lazy("AI customer temperament", "Reasonable")),
    ("impatient", pgettext_lazy("AI customer temperament", "Impatient")),
    ("confused", pgettext_lazy("AI customer temperament", "Confused")),
    ("sceptical", pgettext_lazy("AI customer temperament", "Sceptical")),
    ("abusive", pgettext_lazy("AI customer temperament", "Abusive")),
]
AI_ENDING_CHOICES = [
    ("resolved", pgettext_lazy("AI customer ending", "Problem solved")),
    ("escalated", pgettext_lazy("AI customer ending", "Handed to a specialist")),
    ("gave_up", pgettext_lazy("AI customer ending", "Customer gives up")),
]


class KeyBlock(blocks.CharBlock):
    """A stable identifier; left empty, one is made from the name when the page is saved
    (roleplay.scenario.keys) and kept from then on, as attempts refer to it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Optional: left empty, it is made from the name. Do not change it once used."),
        )
        super().__init__(max_length=40, validators=[KEY_VALIDATOR], **kwargs)


class ReferenceBlock(blocks.CharBlock):
    """Another criterion or step, by its name as the trainer wrote it (or its key)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=100, **kwargs)


class CriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("Criterion name"),
        max_length=100,
        help_text=_("The steps' scores name it, e.g. 共情与礼貌."),
    )
    key = KeyBlock(label=_("Key (optional)"))
    weight = blocks.FloatBlock(label=_("Weight"), min_value=0.01, default=1)
    critical = blocks.BooleanBlock(
        label=_("Critical"),
        required=False,
        help_text=_("A critical violation fails the attempt whatever the total."),
    )
    description = blocks.TextBlock(label=_("What good looks like"), required=False)

    class Meta:
        icon = "tick-inverse"
        label = _("Criterion")


class ScoreBlock(blocks.StructBlock):
    criterion = ReferenceBlock(label=_("Criterion"), help_text=_("Its name in the rubric."))
    points = blocks.IntegerBlock(
        label=pgettext_lazy("score", "Points"), min_value=-100, max_value=100
    )

    class Meta:
        label = _("Score")


class OptionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Agent's reply"))
    next = ReferenceBlock(label=_("Next step"), help_text=_("The name of the step it leads to."))
    scores = blocks.ListBlock(ScoreBlock(), label=pgettext_lazy("score", "Scores"), min_num=0)
    feedback = blocks.TextBlock(label=_("Feedback"), required=False)
    better = blocks.TextBlock(label=_("A better reply"), required=False)
    violation = ReferenceBlock(
        label=_("Critical violation of"),
        required=False,
        help_text=_("The name of a critical criterion this reply violates (e.g. 政策准确)."),
    )

    class Meta:
        icon = "comment"
        label = _("Option")


class KeyPointBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Key point"), max_length=100)
    criterion = ReferenceBlock(label=_("Criterion"), help_text=_("Its name in the rubric."))
    points = blocks.IntegerBlock(
        label=pgettext_lazy("score", "Points"), min_value=0, max_value=100, default=1
    )
    synonyms = blocks.TextBlock(
        label=_("Words that count"), help_text=_("One per line; any of them covers the point.")
    )


class ForbiddenBlock(blocks.StructBlock):
    phrase = blocks.CharBlock(label=_("Phrase"), max_length=200)
    criterion = ReferenceBlock(label=_("Criterion"), help_text=_("Its name in the rubric."))
    points = blocks.IntegerBlock(
        label=pgettext_lazy("score", "Points"), min_value=-100, max_value=0, default=-1
    )
    violation = blocks.BooleanBlock(
        label=_("Critical violation"), required=False, help_text=_("Using it fails the attempt.")
    )


class FreeTextBlock(blocks.StructBlock):
    next = ReferenceBlock(label=_("Next step"), help_text=_("The name of the step it leads to."))
    good = blocks.ListBlock(blocks.TextBlock(), label=_("Good example replies"), min_num=1)
    bad = blocks.ListBlock(blocks.TextBlock(), label=_("Bad example replies"), min_num=0)
    key_points = blocks.ListBlock(KeyPointBlock(), label=_("Key points"), min_num=0)
    forbidden = blocks.ListBlock(ForbiddenBlock(), label=_("Forbidden phrases"), min_num=0)
    reply_seconds = blocks.IntegerBlock(
        label=_("Reply time (seconds)"),
        required=False,
        min_value=5,
        help_text=_("Empty: the channel's service standard."),
    )

    class Meta:
        icon = "edit"
        label = _("Free-text reply")


class EndBlock(blocks.StructBlock):
    outcome = blocks.ChoiceBlock(
        choices=OUTCOME_CHOICES, label=pgettext_lazy("role-play end", "Outcome")
    )
    debrief = blocks.TextBlock(label=_("Debrief"))

    class Meta:
        icon = "flag"
        label = _("End")


class AiReplyBlock(blocks.StaticBlock):
    """From this step on the scenario's AI customer plays (the "AI customer" panel)."""

    class Meta:
        icon = "user"
        label = _("The AI customer takes over")
        admin_text = _(
            "From this step on, the AI customer plays: what the customer says here is their "
            "first message, then the agent writes freely until the conversation ends as the "
            "“AI customer” panel says. Nothing else to fill in here."
        )


class HiddenFactBlock(blocks.StructBlock):
    fact = blocks.TextBlock(
        label=_("What the customer knows"),
        max_length=MAX_AI_TEXT,
        help_text=_("e.g. 物流最后一条记录：11 月 13 日到达杭州转运中心，之后没有更新"),
    )
    when = blocks.CharBlock(
        label=_("Says it when"),
        max_length=MAX_AI_TEXT,
        required=False,
        help_text=_("e.g. 客服问到物流信息时. Empty: when the agent asks about it."),
    )

    class Meta:
        icon = "view"
        label = _("Hidden fact")


class ReplyBlock(blocks.StreamBlock):
    options = blocks.ListBlock(OptionBlock(), label=_("Agent options"), min_num=1, max_num=6)
    free_text = FreeTextBlock()
    end = EndBlock()
    ai = AiReplyBlock()

    class Meta:
        min_num = 1
        max_num = 1


class StepBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("Step name"),
        max_length=100,
        required=False,
        help_text=_("A short name other steps lead here by, e.g. 查物流."),
    )
    key = KeyBlock(label=_("Key (optional)"))
    customer = blocks.TextBlock(label=_("Customer says"))
    mood = blocks.ChoiceBlock(
        choices=MoodChoices.CHOICES, required=False, label=_("Mood (empty: the persona's)")
    )
    reply = ReplyBlock(label=_("Then"))

    class Meta:
        icon = "openquote"
        label = _("Step")
        form_classname = "roleplay-step"
