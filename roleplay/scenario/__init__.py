"""A role-play scenario as a document: its rules, its conversation graph and how it is scored.

The package: `model` (the dataclasses and vocabulary), `reader` (`scenario_from_dict`, all
the validation; `reading` its tools, `ai_reader` the AI customer's part), `writer`
(`scenario_to_dict`), `scoring` (reply times, best option and path, the score of a path).
Import from the package; the split is only for reading.

Pure functions over frozen dataclasses (no database), so the scenario page, the files, the
player and the trainer's review share one set of rules. The document format is described in
docs/roleplay-scenarios.md; `scenario_from_dict` reads it (collecting every problem, each
naming its step) and `scenario_to_dict` writes it back, so that
`scenario_to_dict(scenario_from_dict(d))` is `d` with its defaults filled in.

Scoring. Weights are normalised by their sum: share(c) = weight(c) / Σ weight.
- An option's weighted points = Σ_c share(c) × points(c).
- The best option of a choice step is the one with the highest weighted points among the
  options that are no critical violation (among all of them if every one is); its positive
  points per criterion are what that step makes available. A free-text step makes available,
  per criterion, the sum of its key points' points.
- On the path actually taken, per criterion: earned(c) = Σ points earned (options chosen,
  key points covered, forbidden phrases used); available(c) = Σ points made available by the
  steps visited; score(c) = clamp(earned(c) / available(c), 0, 1), and a criterion with
  nothing available on the path is left out.
- total = Σ share(c) × score(c) / Σ share(c) over the criteria present (0 when none is).
- passed = total ≥ pass_score and no critical violation on the path. Totals and weighted
  points are rounded to 9 places, so 0.6 reached is 0.6, not 0.5999999999999999.
- An AI step ends a scripted path like an end step: the scripted part before it is scored
  here; the AI customer's conversation from it on is scored by the judge (roleplay.ai.judge).
- The best path of the scenario is the simple path from the start to an end step with the
  most weighted points (choice steps: the option taken; free-text steps: every key point
  covered), avoiding critical violations when an end can be reached without one.
"""

from roleplay.scenario.model import (
    AI_ENDING_WORDS,
    AI_ENDINGS,
    AI_OUTCOMES,
    CHANNELS,
    DEFAULT_AI_MAX_TURNS,
    DEFAULT_ASSESSMENT_TRIES,
    DEFAULT_PASS_SCORE,
    FORMAT,
    MAX_AI_FACTS,
    MAX_AI_TEXT,
    MAX_AI_TURNS,
    MAX_ASSESSMENT_TRIES,
    MAX_CRITERIA,
    MAX_KEY_LENGTH,
    MAX_OPTIONS,
    MOODS,
    OUTCOMES,
    REPLY_STANDARD_SECONDS,
    TEMPERAMENT_WORDS,
    TEMPERAMENTS,
    AiCustomer,
    Criterion,
    End,
    Forbidden,
    FreeText,
    HiddenFact,
    KeyPoint,
    Option,
    Persona,
    Scenario,
    ScenarioInvalid,
    ScenarioProblem,
    Step,
)
from roleplay.scenario.reader import (
    scenario_from_dict,
)
from roleplay.scenario.scoring import (
    ChoiceVisit,
    CriterionScore,
    FreeTextVisit,
    Result,
    Violation,
    Visit,
    available_points,
    best_option,
    best_path,
    reply_standard_seconds,
    score_path,
    weighted_points,
)
from roleplay.scenario.writer import (
    scenario_to_dict,
)

__all__ = [
    "AI_ENDING_WORDS",
    "AI_ENDINGS",
    "AI_OUTCOMES",
    "AiCustomer",
    "CHANNELS",
    "ChoiceVisit",
    "Criterion",
    "CriterionScore",
    "DEFAULT_AI_MAX_TURNS",
    "DEFAULT_ASSESSMENT_TRIES",
    "DEFAULT_PASS_SCORE",
    "MAX_AI_FACTS",
    "MAX_AI_TEXT",
    "MAX_AI_TURNS",
    "MAX_ASSESSMENT_TRIES",
    "End",
    "FORMAT",
    "Forbidden",
    "FreeText",
    "FreeTextVisit",
    "HiddenFact",
    "KeyPoint",
    "MAX_CRITERIA",
    "MAX_KEY_LENGTH",
    "MAX_OPTIONS",
    "MOODS",
    "OUTCOMES",
    "Option",
    "Persona",
    "REPLY_STANDARD_SECONDS",
    "Result",
    "Scenario",
    "ScenarioInvalid",
    "ScenarioProblem",
    "Step",
    "TEMPERAMENT_WORDS",
    "TEMPERAMENTS",
    "Violation",
    "Visit",
    "available_points",
    "best_option",
    "best_path",
    "reply_standard_seconds",
    "scenario_from_dict",
    "scenario_to_dict",
    "score_path",
    "weighted_points",
]
