"""The demo role-play scenarios: YAML files in the scenario format (docs/roleplay-scenarios.md),
one per drill, each naming the demo course it belongs to."""

from __future__ import annotations

from pathlib import Path

DEMO_SCENARIO_DIR = Path(__file__).parent / "scenarios"


def demo_scenario_files() -> list[Path]:
    """The demo scenario files, sorted by name."""
    return sorted(DEMO_SCENARIO_DIR.glob("*.yaml"))
