"""The AI customer on the scenario page: its fields, its panel in the editor, and where the
reader's problems with it are shown (docs/ai-customers.md).

The page has an AI customer when any of its fields is filled or a step hands over to it
("The AI customer takes over"); `roleplay.document` maps these fields to the document's
`ai_customer` and back.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import StreamField

from roleplay.blocks import AI_ENDING_CHOICES, TEMPERAMENT_CHOICES, HiddenFactBlock
from roleplay.scenario.model import (
    AI_ENDINGS,
    DEFAULT_AI_MAX_TURNS,
    MAX_AI_FACTS,
    MAX_AI_TEXT,
    MAX_AI_TURNS,
)

# The document's ai_customer keys and the page's fields that hold them.
PAGE_FIELDS = {
    "temperament": "ai_temperament",
    "wants": "ai_wants",
    "writing": "ai_writing",
    "facts": "ai_facts",
    "policy": "ai_policy",
    "endings": "ai_endings",
    "max_turns": "ai_max_turns",
    "reply_seconds": "ai_reply_seconds",
}


def all_endings() -> list[str]:
    return list(AI_ENDINGS)


class EndingsField(models.JSONField):
    """Several of the AI endings, ticked as checkboxes (a list: SQLite and PostgreSQL alike)."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=AI_ENDING_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=False,  # none ticked is refused by the scenario's own check, by name
            label=self.verbose_name,
            help_text=self.help_text,
        )


class AiCustomerFields(models.Model):
    """The scenario page's AI customer: how the language model plays the persona."""

    ai_temperament = models.CharField(
        _("temperament"),
        max_length=12,
        choices=TEMPERAMENT_CHOICES,
        blank=True,
        help_text=_("How the AI customer behaves towards the agent."),
    )
    ai_wants = models.TextField(
        _("what the customer wants"),
        blank=True,
        max_length=MAX_AI_TEXT,
        help_text=_(
            "What they want from the conversation, e.g. 三天内找到包裹，否则全额退款，再给点补偿."
        ),
    )
    ai_writing = models.TextField(
        _("how the customer writes"),
        blank=True,
        max_length=MAX_AI_TEXT,
        help_text=_(
            "Typos, dialect words, several short messages in a row, lots of “！！”… "
            "e.g. 打字慢，常有错别字，不会用标点."
        ),
    )
    ai_facts = StreamField(
        [("fact", HiddenFactBlock())],
        verbose_name=_("hidden facts"),
        blank=True,
        max_num=MAX_AI_FACTS,
        help_text=_(
            "What the customer knows but says only when the agent asks for it, e.g. the "
            "parcel's last tracking note, that a neighbour may have taken it in."
        ),
    )
    ai_policy = models.TextField(
        _("policy the agent must follow"),
        blank=True,
        max_length=MAX_AI_TEXT,
        help_text=_(
            "e.g. 签收后 7 天内无理由退货，吊牌须完好. The AI judge checks the agent's replies "
            "against it: promising what it forbids is a critical violation."
        ),
    )
    ai_endings = EndingsField(
        _("how the customer may end it"),
        default=all_endings,
        blank=True,
        help_text=_(
            "The AI customer ends the conversation only in these ways. It also stops when "
            "the agent has used up the replies below, or ends it."
        ),
    )
    ai_max_turns = models.PositiveSmallIntegerField(
        _("agent's replies at most"),
        default=DEFAULT_AI_MAX_TURNS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_AI_TURNS)],
        help_text=_("The conversation stops after this many replies from the agent (1 to 40)."),
    )
    ai_reply_seconds = models.PositiveIntegerField(
        _("reply time (seconds)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5)],
        help_text=_("For each reply to the AI customer. Empty: the channel's service standard."),
    )

    class Meta:
        abstract = True

    def has_ai_customer_fields(self) -> bool:
        """Whether the trainer has written anything about an AI customer (its defaults aside)."""
        texts = (self.ai_temperament, self.ai_wants, self.ai_writing, self.ai_policy)
        return any((text or "").strip() for text in texts) or bool(list(self.ai_facts or []))


ai_customer_panel = MultiFieldPanel(
    [
        FieldPanel("ai_temperament"),
        FieldPanel("ai_wants"),
        FieldPanel("ai_writing"),
        FieldPanel("ai_facts"),
        FieldPanel("ai_policy"),
        FieldPanel("ai_endings"),
        FieldRowPanel([FieldPanel("ai_max_turns"), FieldPanel("ai_reply_seconds")]),
    ],
    heading=_("AI customer"),
    help_text=_(
        "Only for a conversation a step hands over to the AI customer (“The AI customer takes "
        "over”). Its name, mood, channel and order are the ones above; write in Chinese."
    ),
    classname="collapsed",
)


def ai_field_errors(problems) -> tuple[dict[str, object], list]:
    """The reader's problems with the AI customer, on the page's fields that hold them (each
    message without the document's place), and the other problems as they were."""
    errors: dict[str, list] = {}
    rest = []
    for problem in problems:
        place = problem.field if not problem.step else ""
        head, _dot, tail = place.partition(".")
        if head != "ai_customer" or not tail:
            rest.append(problem)
            continue
        name = tail.split(".")[0].split("[")[0]
        field = PAGE_FIELDS.get(name)
        if field is None:  # an unknown key: only a file can have one
            rest.append(problem)
            continue
        number = re.match(r"\[(\d+)\]", tail[len(name) :])
        message = problem.message
        if number and name == "facts":
            message = _("Hidden fact %(n)s: %(problem)s") % {
                "n": number.group(1),
                "problem": problem.message,
            }
        errors.setdefault(field, []).append(ValidationError(message))
    if "ai_facts" in errors:
        # A StreamField shows only its first plain error; its own error type shows them all.
        errors["ai_facts"] = StreamBlockValidationError(non_block_errors=errors["ai_facts"])
    return errors, rest
