import pytest
import yaml

from roleplay.files import scenario_import
from tests.courses.conftest import (  # noqa: F401  (fixtures shared with the course tests)
    catalog,
    course,
    learner,
    learner_client,
    publish_child,
)

# A small scenario on the course fixture ("platform"): a choice, a written reply, two ends.
SCENARIO = {
    "format": "agent-academy/scenario@1",
    "title": "快递延误要退款",
    "slug": "late-parcel",
    "course": "platform",
    "objective": "安抚顾客，查明物流，给出符合政策的方案。",
    "persona": {"name": "王女士", "mood": "angry", "channel": "live_chat"},
    "order": {"number": "TB-0087", "product": "空气炸锅", "status": "已发货"},
    "rubric": [
        {"key": "empathy", "name": "共情与礼貌", "weight": 1},
        {"key": "policy", "name": "政策准确", "weight": 2, "critical": True},
        {"key": "resolution", "name": "问题解决", "weight": 1},
    ],
    "start": "opening",
    "steps": [
        {
            "key": "opening",
            "customer": "快递三天没动了！给我退款！",
            "options": [
                {
                    "text": "非常抱歉让您久等了，我马上为您查询物流。",
                    "next": "explain",
                    "scores": {"empathy": 2, "policy": 1},
                    "feedback": "先共情，再行动。",
                },
                {
                    "text": "已经给您直接退款了。",
                    "next": "lost",
                    "scores": {"resolution": 1},
                    "violation": "policy",
                    "feedback": "未核实就退款，违反退款流程。",
                    "better": "先查物流，再按规则处理。",
                },
            ],
        },
        {
            "key": "explain",
            "customer": "那你查到了吗？",
            "free_text": {
                "next": "resolved",
                "good": ["查到包裹在转运中心滞留，今天内发出，明天中午前回电。"],
                "bad": ["查不到，你等着吧。"],
                "key_points": [
                    {
                        "name": "说明物流现状",
                        "criterion": "resolution",
                        "points": 2,
                        "synonyms": ["转运中心", "滞留"],
                    },
                    {"name": "致歉", "criterion": "empathy", "points": 1, "synonyms": ["抱歉"]},
                ],
                "forbidden": [{"phrase": "不归我们管", "criterion": "empathy", "points": -2}],
            },
        },
        {
            "key": "resolved",
            "customer": "好的，等你电话。",
            "end": {"outcome": "resolved", "debrief": "方案清楚，顾客接受。"},
        },
        {
            "key": "lost",
            "customer": "你们太乱了。",
            "end": {"outcome": "customer_lost", "debrief": "违规退款。"},
        },
    ],
}


def scenario_bytes(**changes) -> bytes:
    return yaml.safe_dump({**SCENARIO, **changes}, allow_unicode=True).encode()


@pytest.fixture
def scenario(course):  # noqa: F811
    page, _scenario, _created = scenario_import(data=scenario_bytes(), filename="s.yaml")
    return page
