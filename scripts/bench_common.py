"""What the benchmarks on generated data share (`bench_evaluation.py`,
`bench_certification.py`): their command line, the database they may run on, the people they
generate, the machine and data they report, and how a read is timed.

A benchmark runs on an empty database made for it, never the site's own: it refuses one with
other people in it. PostgreSQL is what the figures in the docs are measured on; a new SQLite
file (`DATABASE_URL=sqlite:////tmp/bench.sqlite3`) does for a smoke run of a script at a small
size (`--people 300 --records 20000`), and its figures are no measure of anything.

This module counts the learning records the benchmark wrote (reading the table directly: see
the scripts' note on being fixture generators).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings")
os.environ.setdefault("DEBUG", "1")  # a local run: no production secrets needed
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's pages

import django  # noqa: E402

EMAIL_DOMAIN = "bench.agentacademy.invalid"
TEAM_SIZE = 20
BATCH = 10_000


def parser(description: str, *, runs: int) -> argparse.ArgumentParser:
    """The options every benchmark takes; a script adds its own."""
    options = argparse.ArgumentParser(description=description.splitlines()[0])
    options.add_argument("--people", type=int, default=5_000)
    options.add_argument("--records", type=int, default=1_000_000)
    options.add_argument("--runs", type=int, default=runs, help="runs per measure (first is cold)")
    options.add_argument("--regenerate", action="store_true")
    options.add_argument("--seed", type=int, default=7)
    return options


def prepare(args: argparse.Namespace, generate: Callable[..., None]) -> None:
    """Set Django up on the benchmark's database, migrate it, and generate the data with
    `generate(people=, records=, seed=)` unless an earlier run left it there. Exits on a
    database that is not one made for the benchmark."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "sqlite")):
        sys.exit(
            "Set DATABASE_URL to an empty PostgreSQL database made for this benchmark "
            "(or to a new SQLite file, for a smoke run)."
        )
    django.setup()
    from django.core.management import call_command

    from training.models import User

    call_command("migrate", verbosity=0)
    bench_people = User.objects.filter(email__endswith=EMAIL_DOMAIN)
    if User.objects.exclude(email__endswith=EMAIL_DOMAIN).exists():
        sys.exit("This database has other people in it: use an empty one for the benchmark.")
    if args.regenerate or not bench_people.exists():
        if bench_people.exists():
            sys.exit("Drop and create the database again to regenerate.")
        generate(people=args.people, records=args.records, seed=args.seed)


@dataclass
class People:
    teams: list
    agents: list  # learners, without profiles yet (each benchmark gives its own)
    managers: list  # one per team, managing it
    admin: object


def create_people(*, people: int) -> People:
    """`people` learners, teams of `TEAM_SIZE` (`people // TEAM_SIZE` of them) with a
    manager each, and one administrator, with bulk inserts; nobody can log in as them. The
    learners' profiles are the caller's (it puts learner `i` in team `i // TEAM_SIZE`)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from training.models import Team, User
    from training.roles import Role

    unusable = make_password(None)
    teams = Team.objects.bulk_create(
        [Team(name=f"压测客服{i:03d}组") for i in range(people // TEAM_SIZE)]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"agent{i}@{EMAIL_DOMAIN}", name=f"坐席{i:05d}", password=unusable)
            for i in range(people)
        ]
        + [
            User(email=f"manager{i}@{EMAIL_DOMAIN}", name=f"主管{i:03d}", password=unusable)
            for i in range(len(teams))
        ]
        + [User(email=f"admin@{EMAIL_DOMAIN}", name="管理员", password=unusable)],
        batch_size=BATCH,
    )
    agents, managers, admin = users[:people], users[people:-1], users[-1]
    groups = {role: Group.objects.get(name=role) for role in Role.values}
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=u.pk, group_id=groups[Role.LEARNER].pk) for u in agents]
        + [Membership(user_id=u.pk, group_id=groups[Role.MANAGER].pk) for u in managers]
        + [Membership(user_id=admin.pk, group_id=groups[Role.ADMINISTRATOR].pk)],
        batch_size=BATCH,
    )
    Team.managers.through.objects.bulk_create(
        [
            Team.managers.through(team_id=team.pk, user_id=manager.pk)
            for team, manager in zip(teams, managers, strict=True)
        ]
    )
    return People(teams=teams, agents=agents, managers=managers, admin=admin)


def page(slug: str, title: str):
    """A plain Wagtail page under the root to stand for an activity (made once)."""
    from wagtail.models import Page

    root = Page.objects.get(depth=1)
    found = Page.objects.filter(slug=slug).first()
    return found or root.add_child(instance=Page(title=title, slug=slug))


def analyze() -> None:
    """Fresh planner statistics after the bulk inserts."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def print_setting() -> None:
    """The machine and the data the figures below it are measured on."""
    from django.db import connection

    from training.models import AgentProfile

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM training_learningrecord")
        (record_count,) = cursor.fetchone()
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
            (server,) = cursor.fetchone()
            server = server.split(" on ")[0]
        else:
            server = f"{connection.display_name} {connection.Database.sqlite_version}"
    agents = AgentProfile.objects.count()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"database: {server}; {agents} agents, {record_count} learning records")
    if connection.vendor != "postgresql":
        print("(not PostgreSQL: a smoke run of the script, not a measure)")


def measure(label: str, call: Callable[[], object], runs: int) -> None:
    """Run `call` `runs` times; print the median wall time of the warm runs, the first run's
    and the queries of the last. A page that does not answer 200 stops the benchmark."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = call()
            times.append(time.perf_counter() - started)
        queries = len(captured)
        status = getattr(response, "status_code", 200)
        if status != 200:
            sys.exit(f"{label}: HTTP {status}")
    warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
    print(
        f"  {label:<52} {warm * 1000:8.0f} ms  (first {times[0] * 1000:6.0f} ms)  "
        f"{queries:4d} queries"
    )
