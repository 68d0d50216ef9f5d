"""factory_boy factories shared by the whole suite."""

import datetime

import factory
from django.contrib.auth.models import Group

from training.models import AgentProfile, Position, Team, Tier, User
from training.roles import Role

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Sequence(lambda n: f"学员{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        for role in extracted or [Role.LEARNER]:
            self.groups.add(Group.objects.get(name=role))
        self.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"客服{n}组")


class AgentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgentProfile

    user = factory.SubFactory(UserFactory)
    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    position = Position.FIRST_LINE
    tier = Tier.JUNIOR
    hire_date = datetime.date(2026, 3, 1)
    team = factory.SubFactory(TeamFactory)


def make_person(role=Role.LEARNER, team=None, **kwargs) -> User:
    """A person with a profile in `team` and one role; a manager also manages the team."""
    user = UserFactory(roles=[role], **kwargs)
    profile = AgentProfileFactory(user=user, team=team or TeamFactory())
    if role == Role.MANAGER:
        profile.team.managers.add(user)
    return user
