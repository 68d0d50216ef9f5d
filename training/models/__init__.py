from .people import AgentProfile, Position, Team, Tier, User
from .records import EvaluationWave, LearningRecord, RecordKind

__all__ = [
    "AgentProfile",
    "EvaluationWave",
    "LearningRecord",
    "Position",
    "RecordKind",
    "Team",
    "Tier",
    "User",
]
