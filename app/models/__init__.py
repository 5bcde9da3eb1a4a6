"""The store: SQLAlchemy 2 typed models. Import this package to register every table."""

from app.models.acceptance import (
    Acceptance,
    OMRequest,
    PerformanceEvaluation,
    RectificationOrder,
)
from app.models.audit import Attachment, AuditCheckpoint, AuditEntry, DatabaseInfo, TrustedKey
from app.models.base import Base
from app.models.plan import BudgetLine, ListEntry, PlanLine, RollingLine
from app.models.project import (
    Approval,
    ChangeRecord,
    Document,
    DocumentPart,
    FindingDismissal,
    Project,
    ProjectParticipant,
    ProjectReview,
)
from app.models.review import (
    Expert,
    ExpertAvoidance,
    ExpertReview,
    MergedPackage,
    ReviewRound,
    RoundExpert,
    RoundProject,
)
from app.models.settings import RuleSetting
from app.models.unit import RegisteredSystem, Unit, UnitSanction

__all__ = [
    "Acceptance",
    "Approval",
    "Attachment",
    "AuditCheckpoint",
    "AuditEntry",
    "Base",
    "BudgetLine",
    "ChangeRecord",
    "DatabaseInfo",
    "Document",
    "DocumentPart",
    "Expert",
    "ExpertAvoidance",
    "ExpertReview",
    "FindingDismissal",
    "ListEntry",
    "MergedPackage",
    "OMRequest",
    "PerformanceEvaluation",
    "PlanLine",
    "Project",
    "ProjectParticipant",
    "ProjectReview",
    "RectificationOrder",
    "RegisteredSystem",
    "ReviewRound",
    "RollingLine",
    "RoundExpert",
    "RoundProject",
    "RuleSetting",
    "TrustedKey",
    "Unit",
    "UnitSanction",
]
