"""Time the free-text reply checks: model load, then p50/p95 per reply over ~200 replies.

    .venv/bin/python scripts/bench_textcheck.py            # with the packaged model
    .venv/bin/python scripts/bench_textcheck.py --ngram    # the character n-gram fallback
    .venv/bin/python scripts/bench_textcheck.py --quality  # also the good/rude quality pairs

Replies are Chinese and English, built from the fragments below; each scenario step has its
own example replies, so the first reply of a step also pays for encoding its examples.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

STEPS = [
    {
        "good": [
            "亲，已帮您查到包裹在转运中心滞留，我已催促快递今天内发出，"
            "并为您登记了延误补偿，明天中午前给您回电确认。"
        ],
        "bad": ["查不到，你等着吧。", "这个不归我们管。"],
        "key_points": [
            {
                "name": "说明物流现状",
                "criterion": "resolution",
                "points": 2,
                "synonyms": ["转运中心", "滞留", "物流显示", "包裹在"],
            },
            {
                "name": "给出时限",
                "criterion": "timeliness",
                "points": 1,
                "synonyms": ["今天内", "明天", "小时内", "中午前"],
            },
        ],
        "forbidden": [
            {"phrase": "不归我们管", "criterion": "wording", "points": -2},
            {"phrase": "别的顾客的地址", "criterion": "policy", "violation": True},
        ],
        "fragments": [
            "亲，非常抱歉让您久等了",
            "包裹在转运中心滞留了",
            "物流显示已到达本市",
            "我已经催促快递今天内发出",
            "明天中午前给您回电",
            "这个不归我们管",
            "你自己去问快递",
            "查不到，你等着吧",
            "为您登记了延误补偿",
        ],
    },
    {
        "good": ["非常抱歉给您带来不便，商品有质量问题我们支持七天无理由退货，运费由我们承担。"],
        "bad": ["你自己用坏的吧，不能退。", "退货很麻烦的，你自己看着办。"],
        "key_points": [
            {
                "name": "致歉",
                "criterion": "empathy",
                "points": 1,
                "synonyms": ["抱歉", "对不起", "不好意思"],
            },
            {
                "name": "说明退货政策",
                "criterion": "policy",
                "points": 2,
                "synonyms": ["七天无理由", "7天无理由", "退货"],
            },
        ],
        "forbidden": [{"phrase": "你自己用坏", "criterion": "wording", "points": -2}],
        "fragments": [
            "真不好意思",
            "东西有问题是我们的责任",
            "我马上帮您办理退货",
            "来回运费我们出",
            "肯定是你自己用坏的",
            "不能退",
            "支持七天无理由退货",
        ],
    },
    {
        "good": [
            "I'm so sorry your parcel is late. It is held at the sorting centre; "
            "I've asked the courier to dispatch it today and will call you tomorrow."
        ],
        "bad": ["Not my problem, wait.", "Talk to the courier."],
        "key_points": [
            {
                "name": "Apologise",
                "criterion": "empathy",
                "points": 1,
                "synonyms": ["sorry", "apologies", "apologise"],
            },
            {
                "name": "Give a time",
                "criterion": "timeliness",
                "points": 1,
                "synonyms": ["today", "tomorrow", "within 24 hours"],
            },
        ],
        "forbidden": [{"phrase": "not my problem", "criterion": "wording", "points": -2}],
        "fragments": [
            "Apologies for the delay",
            "your package is stuck at the depot",
            "I've chased the courier",
            "it will go out today",
            "That's not my problem",
            "Just wait",
            "I'll call you tomorrow before noon",
        ],
    },
]


# Quality check: (good examples, bad examples, an unseen good reply, an unseen rude reply);
# ten Chinese, three English. A sound method leans the good reply towards the good examples
# and the rude one towards the bad.
QUALITY_PAIRS = [
    (
        [
            "亲，已帮您查到包裹在转运中心滞留，我已催促快递今天内发出，并为您登记了延误补偿，明天中午前给您回电确认。"
        ],
        ["查不到，你等着吧。", "这个不归我们管。"],
        "非常抱歉让您久等，我查了物流，包裹卡在中转站了，已经联系快递加急，今天之内会发出。",
        "物流的事你自己去问快递，别来问我。",
    ),
    (
        [
            "非常抱歉给您带来不便，商品有质量问题我们支持七天无理由退货，运费由我们承担，我现在就为您申请退货。"
        ],
        ["你自己用坏的吧，不能退。", "退货很麻烦的，你自己看着办。"],
        "真不好意思，东西有问题是我们的责任，我马上帮您办理退货，来回运费我们出。",
        "肯定是你使用不当，我们不给退。",
    ),
    (
        ["您好，理解您着急的心情，我已经为您加急处理，预计两小时内给您答复，请保持手机畅通。"],
        ["急什么，排队等着。", "我也没办法。"],
        "明白您很着急，我这边已经帮您加急了，两个小时内一定回复您。",
        "大家都在等，你急也没用。",
    ),
    (
        ["亲，优惠券是满两百减三十，您的订单还差十五元，我可以帮您推荐几款凑单的小商品。"],
        ["规则写得很清楚，自己看。", "用不了就算了。"],
        "您好，这张券需要满两百才能用，您再加一件十几块的小东西就可以了，我给您推荐几款吧。",
        "页面上都写了，你不会自己看吗？",
    ),
    (
        ["很抱歉发错了颜色，我们会免费为您补发正确的颜色，错发的商品您不用寄回，给您添麻烦了。"],
        ["颜色差不多，将就用吧。", "你下单的时候选错了吧。"],
        "实在抱歉发错货了，我们马上给您重新发一件对的颜色，原来那件您留着就行。",
        "差不多的颜色，有什么好计较的。",
    ),
    (
        ["您好，您的退款已经原路退回，一般一到三个工作日到账，如有问题随时联系我。"],
        ["退了就是退了，没到账别找我。", "银行的问题，跟我们无关。"],
        "退款已经按原支付方式退回去了，通常三个工作日内会到账，有问题再找我。",
        "钱没到是银行的事，你找银行去。",
    ),
    (
        ["亲，尺码问题可以免费换货，您告诉我需要换的尺码，我这边马上为您登记换货。"],
        ["不合适你自己再买一件。", "尺码表写着呢，是你自己选的。"],
        "没关系的，这边可以给您免费换一个尺码，您说一下要哪个码，我立刻帮您处理。",
        "自己选错了码，只能你自己承担。",
    ),
    (
        ["非常抱歉商品在运输中破损，请您拍几张照片发给我，我们核实后立即为您补发或退款。"],
        ["签收了就不归我们管了。", "破了你当时怎么不拒收？"],
        "真是对不起，东西在路上摔坏了，麻烦您拍照给我看一下，确认后马上给您重发或者退钱。",
        "你都签收了，现在说坏了谁信啊。",
    ),
    (
        ["您好，发票可以开的，请提供公司抬头和税号，我们会在三个工作日内把电子发票发到您的邮箱。"],
        ["发票不开。", "这个我不知道，你问别人。"],
        "可以开发票的，您把抬头和税号发给我，三天内电子发票就会发到您邮箱。",
        "我们这不开发票，别问了。",
    ),
    (
        ["亲，这款空气炸锅保修一年，出现故障可以联系我们安排上门维修，维修期间不收任何费用。"],
        ["坏了你找厂家。", "保修的事我们不管。"],
        "这款机器有一年保修，如果出了问题您联系我，我们会派师傅上门免费修。",
        "坏了去找生产厂家，和我们店没关系。",
    ),
    (
        [
            "I'm so sorry your parcel is late. I've checked and it is held at the sorting "
            "centre; I've asked the courier to dispatch it today and will call you "
            "tomorrow before noon."
        ],
        ["Not my problem, wait.", "Talk to the courier."],
        "Apologies for the delay - your package is stuck at the depot, I've chased the "
        "courier and it will go out today.",
        "That's the courier's job, not ours. Just wait.",
    ),
    (
        [
            "I completely understand. The item is faulty, so we will refund you in full "
            "and cover the return shipping."
        ],
        ["You must have broken it yourself.", "No refunds, read the policy."],
        "Sorry about that, since it arrived defective I'll give you a full refund and "
        "we pay for the return label.",
        "You obviously damaged it, so no refund.",
    ),
    (
        [
            "Thank you for waiting. Your refund was issued to the original card and "
            "usually arrives within three working days."
        ],
        ["It's the bank's problem, not ours.", "Stop asking, it's refunded."],
        "The money went back to the card you paid with; it normally shows up within "
        "3 business days.",
        "Ask your bank, we don't deal with that.",
    ),
]


def quality() -> None:
    from roleplay.textcheck.closeness import semantic_closeness

    rows = []
    for good, bad, good_reply, rude_reply in QUALITY_PAIRS:
        rows.append(
            (
                semantic_closeness(good_reply, good, bad).leaning,
                semantic_closeness(rude_reply, good, bad).leaning,
            )
        )
    for label, chosen in (("Chinese", rows[:10]), ("English", rows[10:])):
        order = sum(good > rude for good, rude in chosen)
        signs = sum((good > 0) + (rude < 0) for good, rude in chosen)
        print(
            f"{label}: good reply ranked above rude {order}/{len(chosen)}, "
            f"right sign {signs}/{2 * len(chosen)}"
        )
    print(f"mean margin (good - rude leaning): {statistics.mean(g - r for g, r in rows):.3f}")
    for index, (good, rude) in enumerate(rows):
        print(f"  pair {index:2d}: good {good:+.3f}  rude {rude:+.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ngram", action="store_true", help="time the n-gram fallback")
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--quality", action="store_true", help="also run the quality pairs")
    parser.add_argument(
        "--no-taboo", action="store_true", help="without the service taboo phrases (the old check)"
    )
    args = parser.parse_args()

    # The project's own settings: the checks import code that needs its installed apps.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    from roleplay import embeddings
    from roleplay.taboo import BUILT_IN_TABOO_PHRASES
    from roleplay.textcheck.check import check_free_text

    taboo = () if args.no_taboo else BUILT_IN_TABOO_PHRASES

    if args.ngram:
        embeddings._load_error = "disabled for this benchmark"  # noqa: SLF001
        load_seconds = 0.0
    else:
        started = time.perf_counter()
        embeddings.get_model()
        load_seconds = time.perf_counter() - started

    rng = random.Random(7)
    replies = []
    for index in range(args.replies):
        step = STEPS[index % len(STEPS)]
        parts = rng.sample(step["fragments"], rng.randint(1, 4))
        joiner = "，" if step is not STEPS[-1] else ", "
        replies.append((step, joiner.join(parts) + ("。" if joiner == "，" else ".")))

    times = []
    for step, reply in replies:
        started = time.perf_counter()
        result = check_free_text(
            reply,
            step,
            seconds=rng.randint(5, 120),
            standard_seconds=60,
            taboo=taboo,
            taboo_criteria=["empathy", "wording"],
        )
        times.append(time.perf_counter() - started)
    times.sort()
    method = result.closeness.method
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}")
    print(f"closeness method: {method}")
    print(f"model load (import, weights, first encode): {load_seconds:.2f} s")
    print(f"replies checked: {len(times)}")
    print(
        f"check time per reply: p50 {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms, "
        f"max {times[-1] * 1000:.1f} ms"
    )
    if args.quality:
        quality()


if __name__ == "__main__":
    main()
