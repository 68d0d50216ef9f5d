"""People: accounts, teams and agent profiles."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.roles import ADMIN_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account. People log in with their e-mail address; there is no username."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # One field for the whole name, as HR writes it (张伟, not first/last).
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150, blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    # The person's own choice; their inbox keeps every notification either way.
    email_notifications = models.BooleanField(_("notifications by e-mail"), default=True)
    # The language the person last chose on the site: their notifications and e-mails use it
    # (blank: the site's default, Chinese).
    language = models.CharField(
        _("language"), max_length=16, blank=True, choices=settings.LANGUAGES
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        legacy = " ".join(part for part in (self.first_name, self.last_name) if part)
        return self.name or legacy or self.email

    def get_short_name(self):
        return self.name or self.first_name or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        names = set(self.groups.values_list("name", flat=True)) & set(Role.values)
        if self.is_superuser:
            names.add(Role.ADMINISTRATOR)
        return frozenset(names)

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names & set(roles))

    @property
    def uses_wagtail_admin(self) -> bool:
        return self.has_role(*ADMIN_ROLES)


class Team(models.Model):
    """A customer-service team: its members are agent profiles, led by one or more managers."""

    name = models.CharField(pgettext_lazy("team", "name"), max_length=100, unique=True)
    managers = models.ManyToManyField(
        User, related_name="managed_teams", blank=True, verbose_name=_("managers")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class Position(models.TextChoices):
    FIRST_LINE = "first_line", _("First-line agent")
    SECOND_LINE = "second_line", _("Second-line agent")
    COMPLAINT_SPECIALIST = "complaint_specialist", _("Complaint specialist")
    SUPERVISOR = "supervisor", _("Supervisor")
    TRAINER = "trainer", _("Trainer")
    DATA_ANALYST = "data_analyst", _("Data analyst")


class Tier(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    INTERMEDIATE = "intermediate", _("Intermediate")
    SENIOR = "senior", _("Senior")


class AgentProfile(models.Model):
    """What HR knows about a person: employee number, position, tier, hire date, team."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("person")
    )
    employee_no = models.CharField(_("employee number"), max_length=32, unique=True)
    position = models.CharField(_("position"), max_length=32, choices=Position.choices)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.JUNIOR)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["employee_no"]
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")
        permissions = [("import_roster", _("Can import the HR roster"))]

    def __str__(self):
        return f"{self.employee_no} {self.user.get_full_name()}"
