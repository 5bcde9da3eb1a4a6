"""What the engine returns: one `Finding` per rule that fires on a subject."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.rules.facts import Severity, SubjectType

SEVERITY_ORDER: dict[Severity, int] = {
    Severity.BLOCKER: 0,
    Severity.ERROR: 1,
    Severity.WARNING: 2,
    Severity.INFO: 3,
}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # a code of the catalogue (DOMAIN.md §4), e.g. "DOS-FSR"
    severity: Severity
    article: str  # e.g. "9, 14" — the 第N条 the finding cites
    subject_type: SubjectType
    subject_id: int
    project_id: int | None
    project_name: str | None
    message_zh: str
    message_en: str
    #: checklist item key this finding is about (a DocKind value or a checklist key), if any
    item: str | None = None
    #: False for findings of terminated projects and dismissed findings (kept, not counted)
    open: bool = True
    dismissed_reason: str | None = None
    #: the key a dismissal must name (DUP-SIMILAR: "project:17" / "system:3")
    dismissal_key: str = ""
    #: structured details (due dates, amounts, matched terms); JSON-serialisable values only
    details: dict[str, Any] = field(default_factory=dict)

    def message(self, language: str = "zh") -> str:
        return self.message_en if language.startswith("en") else self.message_zh

    @property
    def sort_key(self) -> tuple[int, str, int]:
        return (SEVERITY_ORDER[self.severity], self.code, self.subject_id)
