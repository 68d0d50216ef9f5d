"""Load the demo organisation: teams and people in every role. Safe to run again."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from training.models import Position, Tier, User
from training.roles import Role
from training.services import PersonData, person_upsert

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - printed for the demo log-ins; demo data only


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def demo_people() -> list[PersonData]:
    rows = [
        # employee_no, name, email, team, position, tier, hired days ago, role
        (
            "A0001",
            "周敏",
            "admin@demo.agentacademy.cn",
            "",
            Position.SUPERVISOR,
            Tier.SENIOR,
            2400,
            Role.ADMINISTRATOR,
        ),
        (
            "T0001",
            "李静",
            "trainer@demo.agentacademy.cn",
            "",
            Position.TRAINER,
            Tier.SENIOR,
            1500,
            Role.TRAINER,
        ),
        (
            "T0002",
            "孙浩",
            "trainer2@demo.agentacademy.cn",
            "",
            Position.TRAINER,
            Tier.SENIOR,
            900,
            Role.TRAINER,
        ),
        (
            "M0001",
            "王芳",
            "manager@demo.agentacademy.cn",
            "售后服务一组",
            Position.SUPERVISOR,
            Tier.SENIOR,
            1800,
            Role.MANAGER,
        ),
        (
            "M0002",
            "郑伟",
            "manager2@demo.agentacademy.cn",
            "在线客服二组",
            Position.SUPERVISOR,
            Tier.SENIOR,
            1200,
            Role.MANAGER,
        ),
        (
            "E1001",
            "张晓雨",
            "newhire@demo.agentacademy.cn",
            "售后服务一组",
            Position.FIRST_LINE,
            Tier.JUNIOR,
            1,
            Role.LEARNER,
        ),
        (
            "E1002",
            "陈明",
            "agent@demo.agentacademy.cn",
            "售后服务一组",
            Position.FIRST_LINE,
            Tier.JUNIOR,
            6,
            Role.LEARNER,
        ),
        (
            "E1003",
            "赵敏",
            "certified@demo.agentacademy.cn",
            "售后服务一组",
            Position.FIRST_LINE,
            Tier.INTERMEDIATE,
            120,
            Role.LEARNER,
        ),
        (
            "E1004",
            "刘强",
            "veteran@demo.agentacademy.cn",
            "售后服务一组",
            Position.SECOND_LINE,
            Tier.SENIOR,
            1100,
            Role.LEARNER,
        ),
        (
            "E2001",
            "黄丽",
            "agent2@demo.agentacademy.cn",
            "在线客服二组",
            Position.FIRST_LINE,
            Tier.JUNIOR,
            10,
            Role.LEARNER,
        ),
        (
            "E2002",
            "吴磊",
            "complaints@demo.agentacademy.cn",
            "在线客服二组",
            Position.COMPLAINT_SPECIALIST,
            Tier.SENIOR,
            700,
            Role.LEARNER,
        ),
    ]
    return [
        PersonData(no, name, email, team, pos, tier, _ago(days), role)
        for no, name, email, team, pos, tier, days, role in rows
    ]


class Command(BaseCommand):
    help = "Load the demo organisation (teams, people in every role). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        people = demo_people()
        for data in people:
            user, _outcome = person_upsert(data=data)
            if not user.has_usable_password():
                user.set_password(DEMO_PASSWORD)
                user.invited_at = (
                    user.invited_at or timezone.now()
                )  # demo people need no invitation
                user.save(update_fields=["password", "invited_at"])
        User.objects.filter(email="admin@demo.agentacademy.cn").update(
            is_superuser=True, is_staff=True
        )
        self.stdout.write(self.style.SUCCESS(f"Demo log-ins (password for all: {DEMO_PASSWORD}):"))
        for data in people:
            self.stdout.write(f"  {data.role:<14} {data.email:<34} {data.name}")
