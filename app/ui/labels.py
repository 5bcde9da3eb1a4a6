"""Translated display names for the engine's enumerations (the engine stays Qt-free)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.rules.facts import (
    ConstructionType,
    DocStatus,
    ProcurementMethod,
    ProjectStatus,
    Severity,
    Stage,
)


def type_label(value: ConstructionType) -> str:
    return {
        ConstructionType.NEW: QCoreApplication.translate("labels", "New"),
        ConstructionType.UPGRADE: QCoreApplication.translate("labels", "Upgrade/extension"),
        ConstructionType.CONTINUATION: QCoreApplication.translate("labels", "Continuation"),
        ConstructionType.SERVICE: QCoreApplication.translate("labels", "Service purchase"),
        ConstructionType.OM: QCoreApplication.translate("labels", "Operation & maintenance"),
    }[value]


def stage_label(value: Stage) -> str:
    return {
        Stage.PROPOSED: QCoreApplication.translate("labels", "S0 Proposed"),
        Stage.LISTED: QCoreApplication.translate("labels", "S1 Listed"),
        Stage.APPROVAL: QCoreApplication.translate("labels", "S2 Approval"),
        Stage.PLANNED: QCoreApplication.translate("labels", "S3 Planned"),
        Stage.CONSTRUCTION: QCoreApplication.translate("labels", "S4 Construction"),
        Stage.ACCEPTANCE: QCoreApplication.translate("labels", "S5 Acceptance"),
        Stage.OPERATION: QCoreApplication.translate("labels", "S6 Operation"),
        Stage.EVALUATION: QCoreApplication.translate("labels", "S7 Evaluation"),
    }[value]


def status_label(value: ProjectStatus) -> str:
    return {
        ProjectStatus.ACTIVE: QCoreApplication.translate("labels", "Active"),
        ProjectStatus.DEFERRED: QCoreApplication.translate("labels", "Deferred"),
        ProjectStatus.SUSPENDED: QCoreApplication.translate("labels", "Suspended"),
        ProjectStatus.TERMINATED: QCoreApplication.translate("labels", "Terminated"),
    }[value]


def path_label(two_step: bool | None) -> str:
    if two_step is None:
        return QCoreApplication.translate("labels", "Not applicable (O&M)")
    return (
        QCoreApplication.translate("labels", "Two-step")
        if two_step
        else QCoreApplication.translate("labels", "One-step")
    )


def severity_label(value: Severity) -> str:
    return {
        Severity.BLOCKER: QCoreApplication.translate("labels", "Blocker"),
        Severity.ERROR: QCoreApplication.translate("labels", "Error"),
        Severity.WARNING: QCoreApplication.translate("labels", "Warning"),
        Severity.INFO: QCoreApplication.translate("labels", "Info"),
    }[value]


def conclusion_label(code: str | None) -> str:
    """A review conclusion (同意 / 原则同意，修改后报批 / 不同意) as the review forms name it."""
    return {
        "agree": QCoreApplication.translate("ReviewForm", "Agree"),
        "agree_revise": QCoreApplication.translate(
            "ReviewForm", "Agree in principle, revise before approval"
        ),
        "reject": QCoreApplication.translate("ReviewForm", "Do not agree"),
    }.get(code or "", QCoreApplication.translate("ReviewForm", "— not decided —"))


def doc_status_label(value: DocStatus) -> str:
    return {
        DocStatus.MISSING: QCoreApplication.translate("labels", "Missing"),
        DocStatus.SUBMITTED: QCoreApplication.translate("labels", "Submitted"),
        DocStatus.APPROVED: QCoreApplication.translate("labels", "Approved/passed"),
        DocStatus.NOT_APPLICABLE: QCoreApplication.translate("labels", "Not applicable"),
    }[value]


def procurement_label(value: ProcurementMethod | None) -> str:
    """采购方式 (Art 15); None: not recorded."""
    if value is None:
        return QCoreApplication.translate("labels", "— not recorded —")
    return {
        ProcurementMethod.OPEN_TENDER: QCoreApplication.translate("labels", "Open tender"),
        ProcurementMethod.INVITED_TENDER: QCoreApplication.translate("labels", "Invited tender"),
        ProcurementMethod.COMPETITIVE_NEGOTIATION: QCoreApplication.translate("labels", "Competitive negotiation"),
        ProcurementMethod.COMPETITIVE_CONSULTATION: QCoreApplication.translate("labels", "Competitive consultation"),
        ProcurementMethod.SINGLE_SOURCE: QCoreApplication.translate("labels", "Single source"),
        ProcurementMethod.INQUIRY: QCoreApplication.translate("labels", "Request for quotations"),
        ProcurementMethod.FRAMEWORK_AGREEMENT: QCoreApplication.translate("labels", "Framework agreement"),
        ProcurementMethod.OTHER: QCoreApplication.translate("labels", "Other"),
    }[value]  # fmt: skip


def cloud_label(value: bool | None) -> str:
    """政务云 deployment (Art 19): yes / no / not recorded."""
    if value is None:
        return QCoreApplication.translate("labels", "Not recorded")
    return (
        QCoreApplication.translate("labels", "Yes, on the district government cloud")
        if value
        else QCoreApplication.translate("labels", "No")
    )


SEVERITY_COLOURS: dict[Severity, QColor] = {
    Severity.BLOCKER: QColor("#b71c1c"),
    Severity.ERROR: QColor("#d84315"),
    Severity.WARNING: QColor("#a66d00"),
    Severity.INFO: QColor("#1565c0"),
}

STATUS_COLOURS: dict[DocStatus, QColor] = {
    DocStatus.MISSING: QColor("#fde0dc"),
    DocStatus.SUBMITTED: QColor("#fff4d6"),
    DocStatus.APPROVED: QColor("#dcf2dc"),
    DocStatus.NOT_APPLICABLE: QColor("#eeeeee"),
}
