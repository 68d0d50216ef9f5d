# ruff: noqa: E501 - demo text reads better unwrapped
"""What the demo question banks and quizzes are and where they go: bank files, the lessons
each question tests, the practice quizzes and the onboarding exam with their settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizzes.demo.extra import (
    ADDRESS_CHANGE_CALL,
    AFTER_SALES_STEPS,
    COLOUR_COMPLAINT,
    COMPLAINT_STEPS,
    COMPLAINTS,
    KETTLE_NOT_HEATING,
    PLATFORM,
    PRIVACY,
    PUBLIC_COMPLAINT,
    REFUNDS,
    RESPONSE_TIME_LIMITS,
    SERVICE_STANDARDS,
)
from quizzes.models import ReviewPolicy

BANKS_DIR = Path(__file__).parent / "banks"
# GIFT file → the top category it fills (its `$CATEGORY:` lines say the same).
BANK_FILES = {
    "01-service-standards.gift": SERVICE_STANDARDS,
    "02-refunds-after-sales.gift": REFUNDS,
    "03-complaints.gift": COMPLAINTS,
    "04-information-security.gift": PRIVACY,
    "05-platform-operations.gift": PLATFORM,
}
CATEGORY_DESCRIPTIONS = {
    SERVICE_STANDARDS: "各渠道响应时效、满意度与投诉率标准、一次解决、首接责任、问题优先级与升级。",
    REFUNDS: "退款的审核、操作、通知、记录；售后四步：咨询 → 诊断 → 方案 → 解决与回访。",
    COMPLAINTS: "沟通四原则与投诉处理五步法：保持冷静 → 确认问题 → 真诚道歉 → 解决问题 → 持续改进。",
    PRIVACY: "《个人信息保护法》的基本要求、身份核实、信息披露的边界、工位与网络安全。",
    PLATFORM: "商品、促销活动、订单各阶段、物流异常的处理。",
}
# The GIFT essay sits one level down, so random draws (top level only) never pick it.
ESSAY_SHELF = "案例论述"

DOMAIN = "demo.agentacademy.cn"
DEMO_TRAINER = f"trainer@{DOMAIN}"
# Demo people who went on duty long ago: they passed the exam once they finished onboarding.
DEMO_EXAM_PASSED = ["certified", "veteran", "complaints"]
# ...and who failed it once first, on this topic, so the demo shows what a failed exam tells a
# learner (marks by topic, the lessons to read again, attempts left).
DEMO_EXAM_FAILED_FIRST = {"veteran": REFUNDS}

ROLE_AND_STANDARDS = ("role-and-service-standards", "岗位认知与服务规范")
PLATFORM_COURSE = ("platform-orders-refunds", "平台操作：订单、退款与售后")
COMMUNICATION = ("communication-and-complaints", "沟通技巧与投诉处理")
INFORMATION_PROTECTION = ("customer-information-protection", "客户信息保护")
ONBOARDING_COURSES = [ROLE_AND_STANDARDS, PLATFORM_COURSE, COMMUNICATION, INFORMATION_PROTECTION]
PROGRAMME_SLUG = "new-hire-two-weeks"

# Question name → (course slug, module slug, lesson slug) of the lesson it tests.
_STANDARDS = ("role-and-service-standards", "service-standards")
_ROLE = ("role-and-service-standards", "our-role")
_ORDERS = ("platform-orders-refunds", "orders")
_AFTER_SALES = ("platform-orders-refunds", "refunds-after-sales")
_PRINCIPLES = ("communication-and-complaints", "principles")
_COMPLAINTS = ("communication-and-complaints", "complaints")
_LAW = ("customer-information-protection", "law-basics")
_DAILY = ("customer-information-protection", "daily-practice")
_CAMPAIGN = ("double-eleven-readiness", "campaign-rules")
LESSONS_TESTED: dict[str, list[tuple[str, str, str]]] = {
    # 服务标准与响应时效
    "在线消息首次响应时限": [(*_STANDARDS, "response-times")],
    "电话接通标准": [(*_STANDARDS, "response-times")],
    "邮件回复时限": [(*_STANDARDS, "response-times")],
    "计算电话接通率": [(*_STANDARDS, "response-times")],
    "服务指标与标准": [(*_STANDARDS, "response-times"), (*_STANDARDS, "quality-targets")],
    "已催促不算一次解决": [(*_STANDARDS, "quality-targets")],
    "邮件自动回复不算达标": [(*_STANDARDS, "response-times")],
    "首接责任人": [(*_STANDARDS, "response-times"), (*_COMPLAINTS, "five-steps")],
    "先回应再查询": [(*_STANDARDS, "response-times")],
    "服务质量指标": [(*_STANDARDS, "quality-targets")],
    "问题优先级": [(*_ROLE, "team-roles")],
    "需要升级的情况": [(*_ROLE, "team-roles")],
    RESPONSE_TIME_LIMITS: [(*_STANDARDS, "response-times")],
    # 退款与售后流程
    "售后四步的第二步": [(*_AFTER_SALES, "after-sales-flow")],
    "退款四个环节": [(*_AFTER_SALES, "refund-process")],
    "退款通知的内容": [(*_AFTER_SALES, "refund-process")],
    "诊断再给方案": [(*_AFTER_SALES, "after-sales-flow")],
    "可提供的售后方案": [(*_AFTER_SALES, "after-sales-flow")],
    "运输损坏的处理": [(*_AFTER_SALES, "after-sales-flow")],
    "售后回访": [(*_AFTER_SALES, "after-sales-flow")],
    "退款记录可以省": [(*_AFTER_SALES, "refund-process")],
    "售后改进": [(*_AFTER_SALES, "after-sales-flow")],
    "优惠券分摊后的退款": [(*_AFTER_SALES, "refund-process"), (*_CAMPAIGN, "discount-questions")],
    AFTER_SALES_STEPS: [(*_AFTER_SALES, "after-sales-flow")],
    KETTLE_NOT_HEATING: [(*_AFTER_SALES, "after-sales-flow")],
    "顾客消息：退款未到账": [(*_AFTER_SALES, "refund-process")],
    # 投诉处理
    "投诉处理第一步": [(*_COMPLAINTS, "five-steps")],
    "确认问题": [(*_COMPLAINTS, "five-steps")],
    "道歉不等于认全责": [(*_COMPLAINTS, "five-steps")],
    "解决方案的要素": [(*_COMPLAINTS, "five-steps")],
    "持续改进": [(*_COMPLAINTS, "five-steps")],
    "投诉方案时限": [(*_COMPLAINTS, "five-steps"), (*_STANDARDS, "response-times")],
    "计算投诉率": [(*_STANDARDS, "quality-targets")],
    "让愤怒有出口": [(*_COMPLAINTS, "complaint-case")],
    "沟通四原则": [(*_PRINCIPLES, "four-principles")],
    "不打断顾客": [(*_PRINCIPLES, "expression-listening")],
    "顾客第三次问同一问题": [(*_PRINCIPLES, "four-principles")],
    "生鲜腐烂投诉的处理": [(*_COMPLAINTS, "five-steps")],
    COMPLAINT_STEPS: [(*_COMPLAINTS, "five-steps")],
    COLOUR_COMPLAINT: [(*_COMPLAINTS, "five-steps")],
    PUBLIC_COMPLAINT: [
        (*_LAW, "never-disclose"),
        ("social-media-public-complaints", "public-replies", "reply-in-public"),
    ],
    # 信息安全与个人信息保护
    "哪些是个人信息": [(*_LAW, "pipl-basics")],
    "合法正当必要": [(*_LAW, "pipl-basics")],
    "适用的法律": [(*_LAW, "pipl-basics")],
    "来电要求改地址": [(*_DAILY, "identity-check")],
    "核实用几位手机号": [(*_DAILY, "identity-check")],
    "手机号部分显示": [(*_LAW, "never-disclose")],
    "公开评论区不写订单号": [(*_LAW, "never-disclose")],
    "催促时也要核实": [(*_DAILY, "identity-check")],
    "疑似泄露": [(*_LAW, "pipl-basics")],
    "工位与账号安全": [(*_DAILY, "workstation")],
    "公共网络": [(*_DAILY, "workstation")],
    "客服风险类型": [(*_LAW, "pipl-basics")],
    "身份核实步骤排序": [(*_DAILY, "identity-check")],
    ADDRESS_CHANGE_CALL: [(*_DAILY, "identity-check")],
    # 平台操作
    "订单各阶段": [(*_ORDERS, "order-lifecycle")],
    "改地址的时机": [(*_ORDERS, "order-lifecycle")],
    "物流多久不更新算异常": [(*_ORDERS, "order-exceptions")],
    "物流异常处理步骤": [(*_ORDERS, "order-exceptions")],
    "约定时间主动回复": [(*_ORDERS, "order-exceptions")],
    "跨店满减的分摊": [(*_CAMPAIGN, "discount-questions")],
    "定金不能承诺一定退": [(*_CAMPAIGN, "discount-questions"), (*_CAMPAIGN, "presale-deposits")],
    "预售发货时间": [(*_CAMPAIGN, "presale-deposits")],
    "价保申请材料": [(*_CAMPAIGN, "discount-questions")],
    "订单阶段排序": [(*_ORDERS, "order-lifecycle")],
    "顾客消息：显示签收但没收到": [(*_ORDERS, "order-exceptions")],
}


@dataclass
class QuizSpec:
    slug: str
    title: str
    intro: str
    course: tuple[str, str]  # (slug, title)
    module: str | None  # module slug; None: directly in the course
    # ("draw", category, how many) or ("question", name)
    rules: list[tuple] = field(default_factory=list)


PRACTICE_QUIZZES = [
    QuizSpec(
        slug="practice-service-standards",
        title="练习：服务标准与响应时效",
        intro="5 道随机题，检查你是否记住了各渠道的响应时效和服务质量标准。不限时、不限次数，提交后可以看到答案和解析。",
        course=ROLE_AND_STANDARDS,
        module="service-standards",
        rules=[("draw", SERVICE_STANDARDS, 5)],
    ),
    QuizSpec(
        slug="practice-orders-refunds",
        title="练习：订单、退款与售后",
        intro="订单、物流、促销和退款售后的随机练习，共 6 题。不限时、不限次数，提交后可以看到答案和解析。",
        course=PLATFORM_COURSE,
        module="refunds-after-sales",
        rules=[("draw", PLATFORM, 3), ("draw", REFUNDS, 3)],
    ),
    QuizSpec(
        slug="practice-complaints",
        title="练习：投诉处理",
        intro="先把投诉处理五步排好顺序，再做 4 道随机题。不限时、不限次数，提交后可以看到答案和解析。",
        course=COMMUNICATION,
        module="complaints",
        rules=[("question", COMPLAINT_STEPS), ("draw", COMPLAINTS, 4)],
    ),
    QuizSpec(
        slug="practice-information-protection",
        title="练习：客户信息保护",
        intro="5 道随机题：哪些信息不能说、怎么核实身份、工位与账号安全。不限时、不限次数，提交后可以看到答案和解析。",
        course=INFORMATION_PROTECTION,
        module="daily-practice",
        rules=[("draw", PRIVACY, 5)],
    ),
]

# The stand-alone in-service course ends with an assessment: its score is the evaluation's
# end-of-course score (level 2), and its re-tests measure retention.
COMPLAINTS_COURSE = ("complaints-and-emotion-management", "投诉处理与情绪管理")
COURSE_TESTS = [
    QuizSpec(
        slug="test-complaints-and-emotions",
        title="结业测验：投诉处理与情绪管理",
        intro="课程最后一步：8 道随机题，覆盖投诉处理五步法和服务标准。80 分及格，最多 3 次机会。3–6 个月后和一年后会请你再做一次（题目重新抽取），看学到的内容记住了多少。",
        course=COMPLAINTS_COURSE,
        module=None,
        rules=[("draw", COMPLAINTS, 5), ("draw", SERVICE_STANDARDS, 3)],
    ),
]
COURSE_TEST_SETTINGS = {
    "pass_mark": 80,
    "time_limit_minutes": 20,
    "max_attempts": 3,
    "review_policy": ReviewPolicy.AFTER_SUBMIT,
    "required": True,
}

EXAM_COURSE = {
    "slug": "onboarding-assessment",
    "title": "上岗考核",
    "summary": "新员工两周入职培训的最后一步：完成前四门入职课程后参加上岗考核，范围覆盖服务标准、退款与售后、投诉处理、客户信息保护和平台操作。80 分及格，最多 3 次机会，通过考核后方可上岗。",
    "hours": "0.5",
    "positions": ["first_line", "second_line", "complaint_specialist"],
}
EXAM_DRAWS = [(SERVICE_STANDARDS, 4), (REFUNDS, 3), (COMPLAINTS, 3), (PRIVACY, 4), (PLATFORM, 3)]
EXAM_FIXED = [
    COMPLAINT_STEPS,
    AFTER_SALES_STEPS,
    COLOUR_COMPLAINT,
    ADDRESS_CHANGE_CALL,
    KETTLE_NOT_HEATING,
    PUBLIC_COMPLAINT,
]
EXAM = QuizSpec(
    slug="onboarding-exam",
    title="入职上岗考核",
    intro=(
        "共 {count} 题，限时 30 分钟，80 分及格，最多可参加 3 次。题目从五个题库中随机抽取，"
        "另有投诉处理、售后流程两道排序题和 4 道顾客消息情景题（这 6 题每题 2 分）。"
        "开始后计时不停，答案会自动保存，时间到会自动提交。提交后立即显示成绩和各部分得分，"
        "以及需要复习的课程。通过考核后方可上岗。"
    ),
    course=(EXAM_COURSE["slug"], EXAM_COURSE["title"]),
    module=None,
    rules=[
        *[("draw", category, count) for category, count in EXAM_DRAWS],
        *[("question", name) for name in EXAM_FIXED],
    ],
)
EXAM_SETTINGS = {
    "pass_mark": 80,
    "time_limit_minutes": 30,
    "max_attempts": 3,
    # Answers only once the trainer closes the exam window: a retake cannot learn the key.
    "review_policy": ReviewPolicy.AFTER_CLOSE,
    "required": True,
    "shuffle_questions": True,
}
PRACTICE_SETTINGS = {
    "pass_mark": 80,
    "time_limit_minutes": None,
    "max_attempts": 0,
    "review_policy": ReviewPolicy.AFTER_SUBMIT,
    # Practice does not count towards completing the course (nor change demo progress).
    "required": False,
}
