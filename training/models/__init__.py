from .assignments import AssignedTraining, Assignment
from .imports import ImportJob
from .notifications import Notification
from .ordering import PositionedOrderable
from .people import AgentProfile, Position, Team, Tier, User
from .records import EvaluationWave, LearningRecord, RecordKind, evaluation_wave_field

__all__ = [
    "AssignedTraining",
    "Assignment",
    "AgentProfile",
    "EvaluationWave",
    "ImportJob",
    "LearningRecord",
    "Notification",
    "Position",
    "PositionedOrderable",
    "RecordKind",
    "Team",
    "Tier",
    "User",
    "evaluation_wave_field",
]
