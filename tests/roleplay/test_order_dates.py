"""An order's dates read as words (下单时间), in the editor and to learners; files keep names."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from roleplay.document import order_dates_shown, page_apply_document, page_document
from roleplay.models import ScenarioPage

FIXTURE = Path(__file__).parent / "fixtures" / "late_parcel.json"


@pytest.mark.django_db
def test_the_editor_holds_labels_the_file_keeps_names_and_learners_read_their_language():
    document = json.loads(FIXTURE.read_text())
    page = ScenarioPage()

    page_apply_document(page, document)

    assert page.order_dates.splitlines() == [
        "下单时间: 2026-11-11",
        "发货时间: 2026-11-12",
        "承诺送达: 2026-11-14",
    ]
    assert page_document(page)["order"] == document["order"]
    with translation.override("en"):
        assert order_dates_shown(page.order_dates)[0] == ("Ordered", "2026-11-11")


def test_names_labels_in_either_language_and_other_dates_are_understood():
    text = "ordered: 2026-11-11\nShipped: 2026-11-12\n签收时间：2026-11-15\n开票日期: 2026-11-16"
    with translation.override("zh-hans"):
        shown = order_dates_shown(text)
    assert shown == [
        ("下单时间", "2026-11-11"),
        ("发货时间", "2026-11-12"),
        ("签收时间", "2026-11-15"),
        ("开票日期", "2026-11-16"),
    ]
