"""StreamField blocks for lesson bodies: what a customer-service manual is made of.

The stream block names (``heading``, ``rich_text``, ``key_points``, ``reply_script``,
``do_dont``, ``service_standard``, ``case_study``, ``checklist``, ``image``, ``video``,
``document``) are stored in every lesson's JSON and used by the manual importer: rename
one only with a data migration.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text in lessons: no headings (those are HeadingBlocks, so the outline stays regular).
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading.html"


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=100)
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Points"), min_num=1)

    class Meta:
        icon = "pick"
        label = _("Key points")
        template = "courses/blocks/key_points.html"


class ReplyScriptBlock(blocks.StructBlock):
    """A standard reply (话术模板): what to say in a situation, and what never to say."""

    situation = blocks.CharBlock(label=_("Situation"), max_length=300)
    recommended = blocks.TextBlock(label=_("Recommended wording"))
    avoid = blocks.TextBlock(label=_("Wording to avoid"), required=False)
    note = blocks.TextBlock(label=_("Note"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Reply script")
        template = "courses/blocks/reply_script.html"


class DoDontBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=100)
    do_items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"), min_num=1)
    dont_items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Do and don't")
        template = "courses/blocks/do_dont.html"


class ServiceStandardBlock(blocks.StructBlock):
    metric = blocks.CharBlock(label=_("Metric"), max_length=100)
    target = blocks.CharBlock(
        label=_("Target"), max_length=50, help_text=_("For example “≤ 60 秒” or “≥ 90%”.")
    )
    explanation = blocks.TextBlock(label=_("Explanation"), required=False)

    class Meta:
        icon = "time"
        label = _("Service standard")
        template = "courses/blocks/service_standard.html"


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = blocks.TextBlock(label=_("Situation"))
    action = blocks.TextBlock(label=_("What the agent did"))
    outcome = blocks.TextBlock(label=_("Outcome"))
    lesson = blocks.TextBlock(label=_("Lesson learned"))

    class Meta:
        icon = "doc-full"
        label = _("Case study")
        template = "courses/blocks/case_study.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=100)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Checklist")
        template = "courses/blocks/checklist.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_("What the image shows, for screen readers. Empty: the image's own text."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A video from a video site (embed), an uploaded file, or an intranet address."""

    embed = EmbedBlock(label=_("Video site link"), required=False)
    file = DocumentChooserBlock(label=_("Video file"), required=False)
    url = blocks.URLBlock(label=_("Video address"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        given = [name for name in ("embed", "file", "url") if value.get(name)]
        if len(given) != 1:
            message = ValidationError(_("Give exactly one of: video site link, file, address."))
            raise StructBlockValidationError(non_block_errors=[message])
        return value


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Empty: the document's title."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "download"
        label = _("Document download")
        template = "courses/blocks/document.html"


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="courses/blocks/rich_text.html",
    )
    key_points = KeyPointsBlock()
    reply_script = ReplyScriptBlock()
    do_dont = DoDontBlock()
    service_standard = ServiceStandardBlock()
    case_study = CaseStudyBlock()
    checklist = ChecklistBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentDownloadBlock()
