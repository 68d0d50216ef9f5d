# ruff: noqa: E501 - lesson text reads better unwrapped
"""Demo in-service (在职培训) and special-topic (专项培训) courses."""

from courses.demo.blocks import case, checklist, do_dont, points, script, standard, text

COMPLAINTS_AND_EMOTIONS = {
    "slug": "complaints-and-emotion-management",
    "title": "投诉处理与情绪管理",
    "kind": "in_service",
    "summary": "面向已上岗的客服：处理升级投诉和难缠顾客的进阶方法，以及在高强度工作里照顾好自己的情绪。",
    "hours": "2",
    "positions": ["first_line", "second_line", "complaint_specialist"],
    "tiers": ["intermediate", "senior"],
    "prerequisites": ["communication-and-complaints"],
    "modules": [
        {
            "slug": "hard-complaints",
            "title": "升级投诉的处理",
            "intro": "一线解决不了的投诉会来到你这里，顾客往往已经等了很久。",
            "lessons": [
                {
                    "slug": "taking-over",
                    "title": "接手升级投诉",
                    "minutes": 20,
                    "body": [
                        text(
                            "接手升级投诉前，先读完之前的全部对话和工单记录，不要让顾客把经过再讲一遍。开场就说明你是谁、你能做什么。"
                        ),
                        script(
                            "接手一线转来的投诉",
                            "您好，我是售后专员小陈，之前的沟通记录我都看过了。让您反复说明情况，真的很抱歉。这个问题从现在起由我负责跟到底，今天下班前我会给您一个明确的处理结果。",
                            "请您再把问题描述一遍。",
                            "“由我负责跟到底”是对顾客最有力的安抚，说出口就要做到。",
                        ),
                        standard("一次解决率", "持续提升", "升级投诉的目标是不再出现第三次接触。"),
                    ],
                },
                {
                    "slug": "negotiation",
                    "title": "补偿谈判的分寸",
                    "minutes": 15,
                    "body": [
                        do_dont(
                            do=[
                                "先解决问题本身，再谈补偿",
                                "在权限范围内给出选项，让顾客选择",
                                "超出权限时说明需要申请，并告诉顾客多久有答复",
                            ],
                            dont=[
                                "一上来就用补偿“堵嘴”",
                                "承诺自己权限外的金额",
                                "因为顾客态度好或差而改变补偿标准",
                            ],
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "emotions",
            "title": "情绪管理",
            "intro": "稳定的情绪是专业的一部分。",
            "lessons": [
                {
                    "slug": "stay-calm",
                    "title": "面对顾客的负面情绪",
                    "minutes": 15,
                    "body": [
                        points(
                            "顾客的愤怒针对的是问题，不是你本人。",
                            "先处理情绪，再处理事情：表达理解之后，顾客才听得进方案。",
                            "遇到辱骂，可以礼貌提醒一次；持续辱骂按规定结束对话并报告主管。",
                        ),
                        case(
                            "深夜的愤怒来电",
                            "晚上 11 点，顾客来电大声指责“你们就是骗子”，因为生日礼物没能在当天送到。",
                            "客服没有辩解，先说“生日礼物没送到，真的太遗憾了”，等顾客情绪平复后查到包裹在派送站，协调第二天一早优先派送，并申请了一张心意卡随包裹送达。",
                            "顾客第二天收到包裹后发来感谢。",
                            "一句共情比十句解释更能让对话回到正轨。",
                        ),
                    ],
                },
                {
                    "slug": "self-care",
                    "title": "照顾好自己",
                    "minutes": 10,
                    "required": False,
                    "body": [
                        checklist(
                            "处理完一通激烈的投诉后，给自己一分钟深呼吸",
                            "和同事或主管聊聊困难的对话，不要独自消化",
                            "注意休息和饮水，高峰期也要按时轮休",
                            "感到长期疲惫时，主动寻求公司的心理支持",
                            title="自我调节清单",
                        ),
                    ],
                },
            ],
        },
    ],
}

DOUBLE_ELEVEN = {
    "slug": "double-eleven-readiness",
    "title": "大促备战（双11）",
    "kind": "special_topic",
    "summary": "双11 期间咨询量会成倍增长。本专项培训讲活动规则答疑、高峰期接待节奏和常见问题的快速处理，活动前两周内完成。",
    "hours": "2",
    "positions": ["first_line", "second_line"],
    "tiers": [],
    "prerequisites": ["platform-orders-refunds"],
    "modules": [
        {
            "slug": "campaign-rules",
            "title": "活动规则答疑",
            "intro": "顾客最常问的是优惠怎么算、什么时候付尾款、价保怎么申请。",
            "lessons": [
                {
                    "slug": "discount-questions",
                    "title": "优惠规则的解释",
                    "minutes": 20,
                    "body": [
                        text(
                            "大促前，请先在知识库里读完本次活动的规则说明。回答优惠问题时，用具体金额举例，比讲规则条文更容易懂。"
                        ),
                        script(
                            "顾客不明白跨店满减怎么算",
                            "举个例子：您在两家参加活动的店铺各买 200 元的商品，合计 400 元，可以减 50 元，实付 350 元。减免会按金额比例分摊到每件商品上，退货时也按分摊后的金额退。",
                            "规则页面写得很清楚，您自己看一下。",
                        ),
                        points(
                            "定金不退的规则要在顾客付定金前说清楚。",
                            "尾款支付时间以活动页为准，提醒顾客设置提醒。",
                            "价保按店铺承诺执行，申请时请顾客提供订单号。",
                            title="常见问题要点",
                        ),
                    ],
                },
                {
                    "slug": "presale-deposits",
                    "title": "预售与定金",
                    "minutes": 15,
                    "body": [
                        do_dont(
                            do=[
                                "付定金前主动提示定金规则",
                                "尾款开始前一天提醒未付尾款的顾客",
                                "发货时间以商品页承诺为准",
                            ],
                            dont=[
                                "承诺“一定能退定金”",
                                "估计一个比页面更早的发货时间",
                                "对不同顾客给出不一样的规则解释",
                            ],
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "peak-operations",
            "title": "高峰期接待",
            "intro": "高峰期的目标是：不漏接、不超时、不出错。",
            "lessons": [
                {
                    "slug": "peak-rhythm",
                    "title": "高峰期的接待节奏",
                    "minutes": 15,
                    "body": [
                        standard(
                            "在线消息首次响应",
                            "≤ 60 秒",
                            "大促期间标准不降低。排队的顾客先发欢迎语和常见问题链接。",
                        ),
                        checklist(
                            "活动开始前：检查快捷回复、知识库和排班表",
                            "高峰中：先回复排队最久的顾客，复杂问题建工单后续跟进",
                            "每两小时：查看未回复工单，主管调配人手",
                            "活动结束后：集中处理工单，记录高频问题供复盘",
                            title="大促当天",
                        ),
                    ],
                },
                {
                    "slug": "peak-case",
                    "title": "案例：零点的支付失败",
                    "minutes": 10,
                    "body": [
                        case(
                            "零点抢购支付失败",
                            "活动零点开始后，大量顾客反映支付页面卡住，咨询量在 5 分钟内涨到平时的十倍。",
                            "值班主管确认是支付通道拥堵，立即启动应急预案：统一快捷回复说明原因和预计恢复时间，承诺已锁定的优惠在恢复后 2 小时内有效；客服按统一口径回复，不各自猜测原因。",
                            "支付在 20 分钟后恢复，相关投诉比上一年同类事件少了一半以上。",
                            "突发情况下，统一口径和明确的时间承诺比速度更重要。",
                        ),
                    ],
                },
            ],
        },
    ],
}

SOCIAL_MEDIA = {
    "slug": "social-media-public-complaints",
    "title": "社交媒体公开投诉应对",
    "kind": "special_topic",
    "summary": "在微博、抖音等平台上，顾客的投诉所有人都看得见。本课讲公开回复的原则、恶意攻击和敏感问题的处理，以及什么时候要启动危机上报。",
    "hours": "1.5",
    "positions": ["second_line", "complaint_specialist", "supervisor"],
    "tiers": ["intermediate", "senior"],
    "prerequisites": ["communication-and-complaints", "customer-information-protection"],
    "modules": [
        {
            "slug": "public-replies",
            "title": "公开回复的原则",
            "intro": "公开回复写给投诉的顾客，也写给所有围观的人。",
            "lessons": [
                {
                    "slug": "reply-in-public",
                    "title": "在评论区回复投诉",
                    "minutes": 15,
                    "body": [
                        points(
                            "快：公开投诉越早回应，扩散越少。",
                            "短：公开回复只表态和引导，细节转到私信处理。",
                            "一致：各平台的说法保持一致，不出现两个版本。",
                            "不暴露信息：公开回复里不出现订单号、手机号、地址。",
                        ),
                        script(
                            "顾客在微博公开投诉收到破损商品",
                            "非常抱歉给您带来不好的体验！我们已经私信联系您，会尽快为您处理补发或退款，请留意私信消息。",
                            "您的订单 2024xxxx 已经签收，破损可能是您自己造成的。",
                            "公开回复后，30 分钟内在私信里跟进。",
                        ),
                    ],
                },
                {
                    "slug": "attacks-and-sensitive",
                    "title": "恶意攻击与敏感问题",
                    "minutes": 15,
                    "body": [
                        do_dont(
                            do=[
                                "面对恶意攻击保持冷静，婉转回应一次，不争论",
                                "敏感问题按公司口径回答，没有口径时请示主管",
                                "保存截图和链接，作为后续处理的证据",
                            ],
                            dont=[
                                "和发帖人在评论区反复争执",
                                "删除真实顾客的差评",
                                "对政策、价格等敏感话题发表个人看法",
                            ],
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "crisis",
            "title": "危机识别与上报",
            "intro": "个别投诉可能在几小时内变成舆情事件。",
            "lessons": [
                {
                    "slug": "escalation",
                    "title": "什么时候启动危机上报",
                    "minutes": 15,
                    "body": [
                        checklist(
                            "同一问题在短时间内出现多条公开投诉",
                            "投诉帖转发、评论量快速上升",
                            "涉及产品安全、人身伤害或违法违规",
                            "媒体、大V 或监管部门介入",
                            title="出现任一情况，立即上报主管",
                        ),
                        case(
                            "一条视频引发的集中投诉",
                            "一位顾客发布短视频，展示收到的保温杯有异味，视频一天内获得上万点赞，评论区出现多条类似反馈。",
                            "客服发现评论量异常后立即上报主管，公司启动危机预案：暂停该批次销售，统一发布说明和处理方案，客服按统一口径私信每一位反馈的顾客。",
                            "三天内完成全部退换，后续舆情平稳。",
                            "及时上报、信息公开、统一口径，是把危机控制在早期的关键。",
                        ),
                    ],
                },
                {
                    "slug": "consistent-voice",
                    "title": "跨平台统一口径",
                    "minutes": 10,
                    "required": False,
                    "body": [
                        text(
                            "同一事件在微博、抖音、店铺评价区的回复要保持一致。主管发布口径后，各平台客服按口径回复，不自行补充细节。"
                        ),
                        points(
                            "口径由主管统一发布，各平台同步使用。",
                            "口径更新后，旧的快捷回复立即停用。",
                            "拿不准的问题先请示，不临场发挥。",
                        ),
                    ],
                },
            ],
        },
    ],
}

FURTHER_COURSES = [COMPLAINTS_AND_EMOTIONS, DOUBLE_ELEVEN, SOCIAL_MEDIA]
