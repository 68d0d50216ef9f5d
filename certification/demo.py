# ruff: noqa: E501 - demo text reads better unwrapped
"""The demo certification programmes and the demo people's certificates.

Pages (courses, the exam, scenarios) are found by slug as plain Wagtail pages: certification
imports no producer. What is missing (the demo courses not loaded) is left out and named.
Idempotent: a programme that exists (by name) is left as a trainer may have edited it, and
certificates are issued only to people who hold none of that programme.

The story: 赵敏 (`certified@`) earned 上岗认证 in the summer from her records (the onboarding
courses, the exam, two assessed role-plays, her supervisor's sign-off); 刘强 (`veteran@`) holds
one that expires within 30 days and an older one that expired (both moved over from the paper
records); 张晓雨 (`newhire@`) has just started and sees what is missing. The long-serving
agents the evaluation demo adds (hired over a year ago, before the academy) hold 上岗认证
moved over from the paper records, issued on dates spread over the past year, so the
supervisor's morning list reads as a working team's: most cleared, a few renewals due soon.

上岗认证 renews on a shorter path — the information-protection refresher quiz, the assessed
address-request role-play and the supervisor's sign-off, each done after recertification
opened — so 刘强, whose certificate expires within 30 days, sees "Recertification open" with
that checklist.
"""

from __future__ import annotations

import datetime
import zlib

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from certification.evaluation import evaluate
from certification.models import (
    Certificate,
    CertificationProgramme,
    ProgrammeRequirement,
    RequirementKind,
    RequirementPath,
)
from certification.services import certificate_issue, signoff_record
from training.models import Position, User
from training.roles import Role

DOMAIN = "demo.agentacademy.cn"
INITIAL, RENEWAL = RequirementPath.INITIAL, RequirementPath.RENEWAL
CLEARED_FOR_DUTY = "上岗认证"
SIGNOFF_ITEMS = (
    "独立完成 20 次在线接待，无差评\n身份核实与信息披露符合规范\n能按流程升级投诉与异常订单"
)

PROGRAMMES = [
    {
        "name": CLEARED_FOR_DUTY,
        "description": "新员工通过考核后方可上岗：完成入职课程、上岗考核 80 分以上、两次考核模式的情景演练（含客户信息保护），并由主管在岗签核。每年续证只需：客户信息保护复训测验 80 分以上、客户信息保护情景演练（考核模式）和主管在岗签核，均须在续证开放后完成。",
        "positions": [Position.FIRST_LINE, Position.SECOND_LINE, Position.COMPLAINT_SPECIALIST],
        "validity_months": 12,
        "required_for_duty": True,  # the "cleared for duty today" list reads it
        # The renewal path: a refresher quiz, an assessed role-play and the sign-off.
        "requirements": [
            (RequirementKind.COURSE, "role-and-service-standards", {"applies_to": INITIAL}),
            (RequirementKind.COURSE, "platform-orders-refunds", {"applies_to": INITIAL}),
            (RequirementKind.COURSE, "communication-and-complaints", {"applies_to": INITIAL}),
            (RequirementKind.COURSE, "customer-information-protection", {"applies_to": INITIAL}),
            (RequirementKind.QUIZ, "onboarding-exam", {"min_score": 80, "applies_to": INITIAL}),
            (
                RequirementKind.QUIZ,
                "practice-information-protection",
                {"min_score": 80, "applies_to": RENEWAL},
            ),
            (
                RequirementKind.ROLEPLAY,
                "late-parcel-refund",
                {"min_score": 70, "applies_to": INITIAL},
            ),
            (RequirementKind.ROLEPLAY, "address-request-privacy", {"min_score": 70}),
            (RequirementKind.SIGNOFF, None, {"checklist": SIGNOFF_ITEMS}),
        ],
    },
    {
        "name": "投诉处理专员认证",
        "description": "处理升级投诉的专员：完成投诉处理与情绪管理课程，考核模式演练 80 分以上（其中共情与礼貌不低于 80 分），入职满 180 天，并由主管签核。",
        "positions": [Position.COMPLAINT_SPECIALIST, Position.SECOND_LINE],
        "validity_months": 12,
        "requirements": [
            (RequirementKind.COURSE, "complaints-and-emotion-management", {}),
            (
                RequirementKind.ROLEPLAY,
                "late-parcel-refund",
                {"min_score": 80, "criterion_minimums": {"empathy": 80}},
            ),
            (RequirementKind.TENURE, None, {"days": 180}),
            (
                RequirementKind.SIGNOFF,
                None,
                {"checklist": "独立处理 10 起升级投诉，24 小时内给出方案\n投诉处理五步法运用熟练"},
            ),
        ],
    },
    {
        "name": "社媒客服认证",
        "description": "在微博、小红书等公开渠道回复顾客：完成社交媒体公开投诉课程，考核模式演练 75 分以上，并由主管签核。",
        "positions": [Position.FIRST_LINE, Position.SECOND_LINE, Position.COMPLAINT_SPECIALIST],
        "validity_months": 24,
        "requirements": [
            (RequirementKind.COURSE, "social-media-public-complaints", {}),
            (RequirementKind.ROLEPLAY, "public-complaint-weibo", {"min_score": 75}),
            (
                RequirementKind.SIGNOFF,
                None,
                {"checklist": "公开回复口径一致，未泄露顾客信息\n知道何时升级为舆情事件"},
            ),
        ],
    },
]


def _renewal_path_ensure(programme: CertificationProgramme, spec: dict) -> None:
    """A demo programme loaded before renewal paths existed, and never edited since (version 1,
    every requirement on both paths): give it the spec's renewal path."""
    requirements = list(programme.requirements.all())
    if programme.version != 1 or any(r.applies_to != RequirementPath.BOTH for r in requirements):
        return
    for order, (kind, slug, extra) in enumerate(spec["requirements"]):
        path = extra.get("applies_to", RequirementPath.BOTH)
        page = Page.objects.filter(slug=slug).first() if slug is not None else None
        if slug is not None and page is None:
            continue
        found = next(
            (
                r
                for r in requirements
                if r.kind == kind and r.page_id == (page.pk if page else None)
            ),
            None,
        )
        if found is not None:
            if found.applies_to != path:
                found.applies_to = path
                found.save(update_fields=["applies_to"])
        elif path == RequirementPath.RENEWAL:
            ProgrammeRequirement.objects.create(
                programme=programme, kind=kind, page=page, sort_order=order, **extra
            )
    programme.description = spec["description"]
    programme.save(update_fields=["description"])


def _programme_ensure(spec: dict, missing: list[str]) -> tuple[CertificationProgramme, bool]:
    programme = CertificationProgramme.objects.filter(name=spec["name"]).first()
    if programme is not None:
        _renewal_path_ensure(programme, spec)
        return programme, False
    programme = CertificationProgramme.objects.create(
        name=spec["name"],
        description=spec["description"],
        positions=list(spec["positions"]),
        validity_months=spec["validity_months"],
        required_for_duty=spec.get("required_for_duty", False),
    )
    for order, (kind, slug, extra) in enumerate(spec["requirements"]):
        page = None
        if slug is not None:
            page = Page.objects.filter(slug=slug).first()
            if page is None:
                missing.append(f"{spec['name']}: {slug}")
                continue
        ProgrammeRequirement.objects.create(
            programme=programme, kind=kind, page=page, sort_order=order, **extra
        )
    return programme, True


def _person(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first()


def _certified_from_records(programme: CertificationProgramme) -> int:
    """赵敏: her supervisor signs her off after her last onboarding result; the certificate is
    then issued from her records, dated when the last requirement came to hold."""
    person, manager = _person("certified"), _person("manager")
    if person is None or manager is None:
        return 0
    if Certificate.objects.filter(person=person, programme=programme).exists():
        return 0
    status = evaluate(person, programme)
    others = [r for r in status.requirements if r.kind != RequirementKind.SIGNOFF]
    if not others or not all(r.met for r in others):
        return 0  # her records are not all there (the producers' demos not loaded)
    last = max(r.met_at for r in others if r.met_at)
    signed_at = min(last + datetime.timedelta(days=3), timezone.now())
    signoff = next(r for r in programme.requirements.all() if r.kind == RequirementKind.SIGNOFF)
    signoff_record(
        person=person,
        programme=programme,
        observer=manager,
        items=dict.fromkeys(signoff.checklist_items, True),
        notes="在岗两周表现稳定，同意独立上岗。",
        signed_at=signed_at,
    )
    status = evaluate(person, programme)
    if not status.met:
        return 0
    certificate_issue(
        person=person, programme=programme, issued_at=status.met_at, evidence=status.evidence
    )
    return 1


def _veteran_by_hand(programme: CertificationProgramme) -> int:
    """刘强: two certificates moved over from the paper records, the newer expiring soon."""
    person, admin = _person("veteran"), _person("admin")
    if person is None or admin is None:
        return 0
    if Certificate.objects.filter(person=person, programme=programme).exists():
        return 0
    now = timezone.now()
    reason = "由纸质培训档案转入（2024、2025 年度上岗复核）"
    for days_ago in (365 + 345 + 12, 345):
        certificate_issue(
            person=person,
            programme=programme,
            issued_at=now - datetime.timedelta(days=days_ago),
            issued_by=admin,
            reason=reason,
        )
    return 2


# Long-serving agents' paper certificates were issued this many days ago at most / at least.
CARRIED_OVER_DAYS = (10, 362)
CARRIED_OVER_REASON = "由纸质培训档案转入（学院上线前已通过上岗考核）"


def _carried_over(programme: CertificationProgramme) -> int:
    """Agents hired over a year ago (before the academy) who hold no certificate of the
    programme get one moved over from the paper records, issued by the administrator on a
    date of their own in the past year (the same on every load)."""
    admin = _person("admin")
    if admin is None:
        return 0
    hired_before = timezone.localdate() - datetime.timedelta(days=365)
    people = (
        User.objects.filter(
            is_active=True,
            profile__position__in=programme.positions,
            profile__hire_date__lt=hired_before,
        )
        .exclude(groups__name__in=(Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR))
        .exclude(certificates__programme=programme)
        .select_related("profile")
        .order_by("profile__employee_no")
    )
    low, high = CARRIED_OVER_DAYS
    now = timezone.now()
    issued = 0
    for person in people:
        days_ago = low + zlib.crc32(person.profile.employee_no.encode()) % (high - low + 1)
        certificate_issue(
            person=person,
            programme=programme,
            issued_at=now - datetime.timedelta(days=days_ago),
            issued_by=admin,
            reason=CARRIED_OVER_REASON,
        )
        issued += 1
    return issued


@transaction.atomic
def demo_certification_load() -> dict[str, object]:
    """Create what is missing of the demo programmes and certificates; returns a summary."""
    missing: list[str] = []
    created = 0
    programmes = {}
    for spec in PROGRAMMES:
        programme, new = _programme_ensure(spec, missing)
        programmes[programme.name] = programme
        created += new
    cleared = programmes[CLEARED_FOR_DUTY]
    issued = _certified_from_records(cleared) + _veteran_by_hand(cleared) + _carried_over(cleared)
    return {"programmes": created, "certificates": issued, "missing": missing}
