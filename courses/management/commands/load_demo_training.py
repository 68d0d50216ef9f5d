"""Load the demo training plan: the two-week onboarding programme, assignments and progress.

Needs the demo people (`load_demo`); loads the demo courses itself if they are missing.
Safe to run again: existing pages, assignments and progress are kept as they are.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from courses.demo import demo_courses_load
from courses.models import CourseCatalogPage, CoursePage, LessonPage
from courses.programmes import ProgrammeCourse, ProgrammePage
from courses.progress import lesson_complete
from training.assignments import assignment_create
from training.models import AgentProfile, Assignment, Position, Team, User

DOMAIN = "demo.agentacademy.cn"
PROGRAMME_SLUG = "new-hire-two-weeks"
PROGRAMME_TITLE = "新员工两周入职培训"
PROGRAMME_INTRO = (
    "新员工入职后的前两周：先学产品知识与服务流程，再练沟通技巧与客户心理，"
    "学习客户信息保护，最后实操练习并参加上岗考核。通过考核后方可上岗。"
)
# (course slug or None, first day, last day, note), in programme order.
PROGRAMME_PLAN = [
    ("role-and-service-standards", 1, 3, "产品知识与服务流程"),
    ("platform-orders-refunds", 1, 3, "产品知识与服务流程：平台实操"),
    ("communication-and-complaints", 4, 7, "沟通技巧与客户心理：角色扮演演练"),
    ("customer-information-protection", 8, 10, "风险管理：个人信息保护"),
    (None, 11, 14, "实操练习与上岗考核：跟班接待、录音复盘，通过考核后方可上岗"),
]
# Agents, not their supervisor or the trainers (who have profiles too).
AGENT_POSITIONS = [Position.FIRST_LINE, Position.SECOND_LINE, Position.COMPLAINT_SPECIALIST]
IN_SERVICE_SLUG = "complaints-and-emotion-management"
IN_SERVICE_TEAM = "在线客服二组"

# Who has done what: "all" finishes every onboarding course; otherwise the number of
# required lessons done per course, in programme order. Day offsets count from the hire date.
DEMO_PROGRESS = {
    "agent": [None, "half"],  # 陈明: first course done, half of the second
    "agent2": [None, 1],  # 黄丽: first course done, one lesson of the second
    "certified": "all",  # 赵敏
    "veteran": "all",  # 刘强
    "complaints": "all",  # 吴磊: a senior specialist, onboarded long ago
}


def _person(local: str) -> User:
    user = User.objects.filter(email=f"{local}@{DOMAIN}").first()
    if user is None:
        raise CommandError(f"Demo person {local}@{DOMAIN} is missing: run load_demo first.")
    return user


def programme_ensure(catalog: CourseCatalogPage) -> ProgrammePage:
    """The onboarding programme, created and published if missing (kept as it is otherwise)."""
    programme = ProgrammePage.objects.child_of(catalog).filter(slug=PROGRAMME_SLUG).first()
    if programme is not None:
        return programme
    courses = {c.slug: c for c in CoursePage.objects.child_of(catalog)}
    programme = ProgrammePage(
        title=PROGRAMME_TITLE, slug=PROGRAMME_SLUG, kind="onboarding", intro=PROGRAMME_INTRO
    )
    programme.programme_courses = [
        ProgrammeCourse(
            course=courses[slug] if slug else None,
            start_day=start,
            end_day=end,
            note=note,
            sort_order=index,
        )
        for index, (slug, start, end, note) in enumerate(PROGRAMME_PLAN)
    ]
    catalog.add_child(instance=programme)
    programme.save_revision().publish()
    return programme


def _lessons(course: CoursePage) -> list[LessonPage]:
    return list(course.lessons().filter(required=True))


def progress_ensure(*, user: User, courses: list[CoursePage], plan) -> None:
    """Complete lessons as `plan` says, dated one lesson every half day from the hire date."""
    hired = AgentProfile.objects.get(user=user).hire_date
    start = timezone.make_aware(datetime.datetime.combine(hired, datetime.time(10, 0)))
    latest = timezone.now() - datetime.timedelta(hours=1)
    counts = [None] * len(courses) if plan == "all" else plan
    step = 0
    for course, count in zip(courses, counts, strict=False):
        lessons = _lessons(course)
        if count == "half":
            lessons = lessons[: len(lessons) // 2]
        elif count is not None:
            lessons = lessons[:count]
        for lesson in lessons:
            step += 1
            when = min(start + datetime.timedelta(hours=12 * step), latest)
            lesson_complete(user=user, lesson=lesson, when=when)


@transaction.atomic
def demo_training_load() -> dict[str, int]:
    """Create what is missing of the demo training plan; returns what was created."""
    created = {"programme": 0, "assignment": 0}
    demo_courses_load()
    catalog = CourseCatalogPage.objects.get()
    trainer = _person("trainer")
    manager = _person("manager2")

    had_programme = ProgrammePage.objects.filter(slug=PROGRAMME_SLUG).exists()
    programme = programme_ensure(catalog)
    created["programme"] += not had_programme
    onboarding = programme.courses()

    if not Assignment.objects.filter(page=programme, include_new_hires=True).exists():
        assignment_create(
            page=programme,
            assigned_by=trainer,
            positions=AGENT_POSITIONS,
            due_days_after_hire=14,
            include_new_hires=True,
        )
        created["assignment"] += 1

    in_service = CoursePage.objects.child_of(catalog).get(slug=IN_SERVICE_SLUG)
    team = Team.objects.get(name=IN_SERVICE_TEAM)
    if not Assignment.objects.filter(page=in_service, teams=team).exists():
        assignment_create(
            page=in_service,
            assigned_by=manager,
            teams=[team],
            positions=AGENT_POSITIONS,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
        )
        created["assignment"] += 1

    for local, plan in DEMO_PROGRESS.items():
        progress_ensure(user=_person(local), courses=onboarding, plan=plan)
    return created


class Command(BaseCommand):
    help = "Load the demo onboarding programme, assignments and learner progress. Idempotent."

    def handle(self, *args, **options):
        created = demo_training_load()
        summary = "Demo training: {programme} programme, {assignment} assignments created."
        self.stdout.write(self.style.SUCCESS(summary.format(**created)))
