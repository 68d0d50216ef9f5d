"""The demo tells the certification story on first run."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certification.evaluation import evaluate
from certification.models import (
    Certificate,
    CertificateStatus,
    CertificationProgramme,
    RequirementKind,
)
from certification.renewal import standing_for
from training.models import User

PRODUCER_DEMOS = (
    "load_demo",
    "load_demo_courses",
    "load_demo_training",
    "load_demo_quizzes",
    "load_demo_roleplay",
)


@pytest.fixture
def demo(db):
    for command in (*PRODUCER_DEMOS, "load_demo_certification"):
        call_command(command, verbosity=0)


def person(local):
    return User.objects.get(email=f"{local}@demo.agentacademy.cn")


def test_the_demo_people_tell_the_certification_story(demo):
    names = set(CertificationProgramme.objects.values_list("name", flat=True))
    assert names == {"上岗认证", "投诉处理专员认证", "社媒客服认证"}
    cleared = CertificationProgramme.objects.get(name="上岗认证")
    assert cleared.requirements.count() == 9  # nothing left out: every page was found

    held = Certificate.objects.get(person=person("certified"))
    assert held.status == CertificateStatus.VALID and held.issued_by is None
    assert 6 <= held.issued_at.month <= 9  # in the summer, from her records
    assert len(held.evidence_record_ids) == 8

    veteran = list(Certificate.objects.filter(person=person("veteran")).order_by("issued_at"))
    assert [c.status for c in veteran] == [CertificateStatus.EXPIRED, CertificateStatus.VALID]
    assert 0 < (veteran[1].expires_at - timezone.now()).days < 30

    # 刘强's window is open: he sees the renewal path (refresher quiz, assessed role-play,
    # sign-off), not the onboarding courses again; his old records are not fresh enough.
    renewal = standing_for(person("veteran"), cleared)
    assert renewal.renewal and renewal.certificate == veteran[1]
    assert [r.kind for r in renewal.requirements] == [
        RequirementKind.QUIZ,
        RequirementKind.ROLEPLAY,
        RequirementKind.SIGNOFF,
    ]
    assert not renewal.met
    client = Client()
    client.force_login(person("veteran"))
    page = client.get(reverse("my_training")).content.decode()
    due = timezone.localtime(veteran[1].expires_at).date().isoformat()
    assert f"复认证已开放 — 请于 {due} 前完成" in page

    newhire = evaluate(person("newhire"), cleared)
    assert not newhire.met and newhire.done < len(newhire.requirements)
    assert not Certificate.objects.filter(person=person("newhire")).exists()

    # A complaint specialist's role-play asks for empathy on its own, a criterion the
    # demo scenario has.
    complaints = CertificationProgramme.objects.get(name="投诉处理专员认证")
    roleplay = complaints.requirements.get(kind="roleplay")
    assert roleplay.criterion_minimums == {"empathy": 80}
    roleplay.full_clean()

    # 吴磊 (complaints@), on duty for two years, holds one moved over from the paper records.
    assert Certificate.objects.get(person=person("complaints")).issued_by == person("admin")
    call_command("load_demo_certification", verbosity=0)  # again: nothing more
    assert Certificate.objects.count() == 4

    # A demo loaded before renewal paths existed (every requirement on both paths, never
    # edited) gets the renewal path; one a trainer has edited is left alone.
    cleared.requirements.filter(applies_to="renewal").delete()
    cleared.requirements.update(applies_to="both")
    call_command("load_demo_certification", verbosity=0)

    def path(standing):
        return [(r.kind, r.url, r.met) for r in standing.requirements]

    assert path(standing_for(person("veteran"), cleared)) == path(renewal)
    CertificationProgramme.objects.filter(pk=cleared.pk).update(version=2)
    cleared.requirements.update(applies_to="both")
    call_command("load_demo_certification", verbosity=0)
    assert set(cleared.requirements.values_list("applies_to", flat=True)) == {"both"}


@pytest.fixture
def demo_with_evaluation(db):
    # As `make run` loads it: certification after the evaluation demo's long-serving agents.
    for command in (*PRODUCER_DEMOS, "load_demo_evaluation", "load_demo_certification"):
        call_command(command, verbosity=0)


def test_long_serving_agents_hold_certificates_moved_over_from_paper(demo_with_evaluation):
    from certification.demo import CARRIED_OVER_REASON
    from certification.duty import cleared_for_duty

    cleared = CertificationProgramme.objects.get(name="上岗认证")
    moved = Certificate.objects.filter(programme=cleared, events__reason=CARRIED_OVER_REASON)
    holders = set(moved.values_list("person__email", flat=True))
    assert len(holders) > 50  # the evaluation demo's agents, in both teams
    story = {f"{local}@demo.agentacademy.cn" for local in ("newhire", "agent", "certified")}
    assert not holders & story  # 赵敏 earned hers from her records; the others hold none
    assert not Certificate.objects.filter(person=person("newhire")).exists()
    assert not Certificate.objects.filter(person=person("agent")).exists()
    assert all(c.issued_by == person("admin") and c.status == "valid" for c in moved)
    # Issued over the past year, so renewals come due at different times.
    assert len({c.issued_at.date() for c in moved}) > 30

    duty = cleared_for_duty(viewer=person("manager"))
    assert {e.profile.user.email for e in duty.not_cleared} == {
        "newhire@demo.agentacademy.cn",
        "agent@demo.agentacademy.cn",
    }
    assert len(duty.cleared) + len(duty.expiring) > 30

    count = Certificate.objects.count()
    call_command("load_demo_certification", verbosity=0)  # again: nothing more
    assert Certificate.objects.count() == count
