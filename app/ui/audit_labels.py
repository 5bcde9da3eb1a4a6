"""Words for the change history views: a label for every table and column of the store, and
recorded values shown as the rest of the UI shows them (是/否, enum labels, 万元, names).

Every string is a literal `QCoreApplication.translate("AuditLabels", "…")` so that lupdate
extracts it (tools/i18n.py). The labels are built once per language and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from app.models import Base
from app.rules.checklists import (
    CHAPTER_LABELS,
    DOC_LABELS,
    FRAMEWORK_LABELS,
    REVIEW_DEPARTMENT_LABELS,
)
from app.rules.facts import ConstructionType, DocStatus, ProcurementMethod, ProjectStatus, Stage
from app.rules.money import format_wan
from app.services import audit
from app.services.audit import Titles
from app.services.editing import CONCLUSIONS
from app.ui.audit_json import json_text
from app.ui.labels import (
    conclusion_label,
    doc_status_label,
    procurement_label,
    stage_label,
    status_label,
    type_label,
)
from app.ui.models.findings_table import ui_language

EMPTY = "∅"
#: an enum-like column's labels: stored value → text
ValueLabels = dict[str, str]


def _tables() -> dict[str, str]:
    return {
        "projects": QCoreApplication.translate("AuditLabels", "Project"),
        "units": QCoreApplication.translate("AuditLabels", "Unit"),
        "unit_sanctions": QCoreApplication.translate("AuditLabels", "Unit sanction/notice"),
        "registered_systems": QCoreApplication.translate("AuditLabels", "Registered system"),
        "project_participants": QCoreApplication.translate("AuditLabels", "Participating unit"),
        "documents": QCoreApplication.translate("AuditLabels", "Dossier document"),
        "document_parts": QCoreApplication.translate("AuditLabels", "Chapter"),
        "approvals": QCoreApplication.translate("AuditLabels", "Approval step"),
        "change_records": QCoreApplication.translate("AuditLabels", "Change record"),
        "project_reviews": QCoreApplication.translate("AuditLabels", "Review opinion"),
        "finding_dismissals": QCoreApplication.translate("AuditLabels", "Dismissed finding"),
        "list_entries": QCoreApplication.translate("AuditLabels", "Project list entry"),
        "plan_lines": QCoreApplication.translate("AuditLabels", "Plan line"),
        "budget_lines": QCoreApplication.translate("AuditLabels", "Budget line"),
        "rolling_lines": QCoreApplication.translate("AuditLabels", "Rolling plan line"),
        "acceptances": QCoreApplication.translate("AuditLabels", "Acceptance"),
        "om_requests": QCoreApplication.translate("AuditLabels", "O&M request"),
        "rectification_orders": QCoreApplication.translate("AuditLabels", "Rectification order"),
        "performance_evaluations": QCoreApplication.translate(
            "AuditLabels", "Performance evaluation"
        ),
        "experts": QCoreApplication.translate("AuditLabels", "Expert"),
        "expert_avoidances": QCoreApplication.translate("AuditLabels", "Expert avoidance"),
        "review_rounds": QCoreApplication.translate("AuditLabels", "Review round"),
        "round_projects": QCoreApplication.translate("AuditLabels", "Project of a round"),
        "round_experts": QCoreApplication.translate("AuditLabels", "Expert of a round"),
        "expert_reviews": QCoreApplication.translate("AuditLabels", "Expert review"),
        "merged_packages": QCoreApplication.translate("AuditLabels", "Review package record"),
        "attachments": QCoreApplication.translate("AuditLabels", "Attachment"),
        "audit_entries": QCoreApplication.translate("AuditLabels", "Audit entry"),
        "audit_checkpoints": QCoreApplication.translate("AuditLabels", "Audit checkpoint"),
        "trusted_keys": QCoreApplication.translate("AuditLabels", "Trusted signing key"),
        "database_info": QCoreApplication.translate("AuditLabels", "Database identity"),
        "database": QCoreApplication.translate("AuditLabels", "Database"),
        "rule_settings": QCoreApplication.translate("AuditLabels", "Rule setting"),
        "import": QCoreApplication.translate("AuditLabels", "Data file"),
        "package": QCoreApplication.translate("AuditLabels", "Expert review package"),
    }


def _common_columns() -> dict[str, str]:
    """Labels of columns that mean the same in every table."""
    return {
        "id": QCoreApplication.translate("AuditLabels", "Row number"),
        "project_id": QCoreApplication.translate("AuditLabels", "Project"),
        "unit_id": QCoreApplication.translate("AuditLabels", "Unit"),
        "expert_id": QCoreApplication.translate("AuditLabels", "Expert"),
        "round_id": QCoreApplication.translate("AuditLabels", "Review round"),
        "remark": QCoreApplication.translate("AuditLabels", "Remark"),
        "name": QCoreApplication.translate("AuditLabels", "Name"),
        "year": QCoreApplication.translate("AuditLabels", "Year"),
        "amount_yuan": QCoreApplication.translate("AuditLabels", "Amount"),
        "content": QCoreApplication.translate("AuditLabels", "Content"),
        "code": QCoreApplication.translate("AuditLabels", "Code"),
        "status": QCoreApplication.translate("AuditLabels", "Status"),
        "number": QCoreApplication.translate("AuditLabels", "Document number"),
        "applied_on": QCoreApplication.translate("AuditLabels", "Applied on"),
        "approved_on": QCoreApplication.translate("AuditLabels", "Approved on"),
        "reason": QCoreApplication.translate("AuditLabels", "Reason"),
        "contact": QCoreApplication.translate("AuditLabels", "Contact"),
        "conclusion": QCoreApplication.translate("AuditLabels", "Conclusion"),
        "opinion": QCoreApplication.translate("AuditLabels", "Opinion"),
        "answers": QCoreApplication.translate("AuditLabels", "Answers"),
        "position": QCoreApplication.translate("AuditLabels", "Order"),
        "created_at": QCoreApplication.translate("AuditLabels", "Created at"),
        "package_id": QCoreApplication.translate("AuditLabels", "Package number"),
        "sha256": QCoreApplication.translate("AuditLabels", "SHA-256 digest"),
        "sm3": QCoreApplication.translate("AuditLabels", "SM3 digest"),
        "seq": QCoreApplication.translate("AuditLabels", "No."),
        "at": QCoreApplication.translate("AuditLabels", "Time"),
    }


def _table_columns() -> dict[str, str]:
    """Labels of columns particular to one table, keyed "table.column"."""
    return {
        "projects.code": QCoreApplication.translate("AuditLabels", "Project code"),
        "projects.name": QCoreApplication.translate("AuditLabels", "Project name"),
        "projects.unit_id": QCoreApplication.translate("AuditLabels", "Owner unit"),
        "projects.type": QCoreApplication.translate("AuditLabels", "Construction type"),
        "projects.content": QCoreApplication.translate("AuditLabels", "Scale and content"),
        "projects.total_investment_yuan": QCoreApplication.translate("AuditLabels", "Total investment"),
        "projects.stage": QCoreApplication.translate("AuditLabels", "Stage"),
        "projects.cross_department": QCoreApplication.translate("AuditLabels", "Cross-department project"),
        "projects.classified": QCoreApplication.translate("AuditLabels", "Classified"),
        "projects.new_civil_works": QCoreApplication.translate("AuditLabels", "New civil works"),
        "projects.high_energy": QCoreApplication.translate("AuditLabels", "High energy use"),
        "projects.on_gov_cloud": QCoreApplication.translate("AuditLabels", "On the district government cloud"),
        "projects.cloud_justification": QCoreApplication.translate("AuditLabels", "Reason if not on the cloud"),
        "projects.security_noncompliant": QCoreApplication.translate("AuditLabels", "Non-compliant with crypto/cybersecurity (Art 28)"),
        "projects.integration_pending": QCoreApplication.translate("AuditLabels", "Should be integrated and is not (Art 29)"),
        "projects.system_project_id": QCoreApplication.translate("AuditLabels", "System maintained (O&M)"),
        "projects.implementing_agency": QCoreApplication.translate("AuditLabels", "Implementing agency"),
        "projects.responsible_person": QCoreApplication.translate("AuditLabels", "Responsible person"),
        "projects.supervision_unit": QCoreApplication.translate("AuditLabels", "Supervision unit"),
        "projects.supervision_na_reason": QCoreApplication.translate("AuditLabels", "Reason no supervision is needed"),
        "projects.procurement_method": QCoreApplication.translate("AuditLabels", "Procurement method"),
        "projects.procurement_on": QCoreApplication.translate("AuditLabels", "Procurement date"),
        "projects.mlps_assessed_on": QCoreApplication.translate("AuditLabels", "Latest MLPS evaluation"),
        "projects.crypto_assessed_on": QCoreApplication.translate("AuditLabels", "Latest crypto assessment"),
        "rule_settings.key": QCoreApplication.translate("AuditLabels", "Setting"),
        "rule_settings.value": QCoreApplication.translate("AuditLabels", "Value"),
        "projects.funding_source": QCoreApplication.translate("AuditLabels", "Funding source"),
        "projects.planned_completion_on": QCoreApplication.translate("AuditLabels", "Planned completion"),
        "projects.completed_on": QCoreApplication.translate("AuditLabels", "Completed on"),
        "projects.operation_start_on": QCoreApplication.translate("AuditLabels", "In operation since"),
        "projects.contract_signed_on": QCoreApplication.translate("AuditLabels", "Contract signed on"),
        "projects.supervision_contract_on": QCoreApplication.translate("AuditLabels", "Supervision contract on"),
        "projects.construction_start_on": QCoreApplication.translate("AuditLabels", "Construction started on"),
        "projects.delay_reported_on": QCoreApplication.translate("AuditLabels", "Delay reported on"),
        "projects.scope_changed": QCoreApplication.translate("AuditLabels", "Scope differs from the approval"),
        "projects.declared_yuan": QCoreApplication.translate("AuditLabels", "Declared amount"),
        "projects.reviewed_yuan": QCoreApplication.translate("AuditLabels", "Reviewed amount"),
        "projects.estimate_yuan": QCoreApplication.translate("AuditLabels", "FSR estimate"),
        "projects.proposed_budget_estimate_yuan": QCoreApplication.translate("AuditLabels", "Proposed budget estimate"),
        "projects.contract_yuan": QCoreApplication.translate("AuditLabels", "Contract amount"),
        "projects.paid_yuan": QCoreApplication.translate("AuditLabels", "Paid"),
        "units.name": QCoreApplication.translate("AuditLabels", "Unit name"),
        "units.short_name": QCoreApplication.translate("AuditLabels", "Short name"),
        "unit_sanctions.article": QCoreApplication.translate("AuditLabels", "Article"),
        "unit_sanctions.imposed_on": QCoreApplication.translate("AuditLabels", "Imposed on"),
        "unit_sanctions.lifted_on": QCoreApplication.translate("AuditLabels", "Lifted on"),
        "registered_systems.name": QCoreApplication.translate("AuditLabels", "System name"),
        "registered_systems.content": QCoreApplication.translate("AuditLabels", "System content"),
        "project_participants.unit_id": QCoreApplication.translate("AuditLabels", "Participating unit"),
        "documents.kind": QCoreApplication.translate("AuditLabels", "Document"),
        "documents.submitted_on": QCoreApplication.translate("AuditLabels", "Submitted on"),
        "documents.approved_on": QCoreApplication.translate("AuditLabels", "Approved/passed on"),
        "documents.na_reason": QCoreApplication.translate("AuditLabels", "Reason not applicable"),
        "documents.method": QCoreApplication.translate("AuditLabels", "Evaluation method"),
        "document_parts.document_id": QCoreApplication.translate("AuditLabels", "Document"),
        "document_parts.part": QCoreApplication.translate("AuditLabels", "Kind"),
        "document_parts.code": QCoreApplication.translate("AuditLabels", "Item"),
        "document_parts.present": QCoreApplication.translate("AuditLabels", "Present"),
        "approvals.step": QCoreApplication.translate("AuditLabels", "Approval step"),
        "approvals.approved_amount_yuan": QCoreApplication.translate("AuditLabels", "Approved amount"),
        "approvals.number": QCoreApplication.translate("AuditLabels", "Approval number"),
        "approvals.request_title": QCoreApplication.translate("AuditLabels", "Request title"),
        "approvals.request_number": QCoreApplication.translate("AuditLabels", "Request number"),
        "approvals.approved_scale": QCoreApplication.translate("AuditLabels", "Approved scale"),
        "approvals.construction_period": QCoreApplication.translate("AuditLabels", "Construction period"),
        "change_records.recorded_on": QCoreApplication.translate("AuditLabels", "Recorded on"),
        "change_records.description": QCoreApplication.translate("AuditLabels", "Description of the change"),
        "change_records.new_total_yuan": QCoreApplication.translate("AuditLabels", "New total investment"),
        "change_records.approved_on": QCoreApplication.translate("AuditLabels", "Change approved on"),
        "change_records.approval_number": QCoreApplication.translate("AuditLabels", "Change approval number"),
        "project_reviews.reviewer": QCoreApplication.translate("AuditLabels", "Reviewer"),
        "project_reviews.updated_at": QCoreApplication.translate("AuditLabels", "Updated at"),
        "finding_dismissals.code": QCoreApplication.translate("AuditLabels", "Finding code"),
        "finding_dismissals.subject_type": QCoreApplication.translate("AuditLabels", "Subject kind"),
        "finding_dismissals.subject_id": QCoreApplication.translate("AuditLabels", "Subject number"),
        "finding_dismissals.key": QCoreApplication.translate("AuditLabels", "Finding key"),
        "finding_dismissals.dismissed_by": QCoreApplication.translate("AuditLabels", "Dismissed by"),
        "finding_dismissals.dismissed_at": QCoreApplication.translate("AuditLabels", "Dismissed at"),
        "list_entries.basis": QCoreApplication.translate("AuditLabels", "Basis"),
        "list_entries.listed_on": QCoreApplication.translate("AuditLabels", "Listed on"),
        "list_entries.consent_on": QCoreApplication.translate("AuditLabels", "Consent on"),
        "list_entries.consent_number": QCoreApplication.translate("AuditLabels", "Consent number"),
        "plan_lines.central_yuan": QCoreApplication.translate("AuditLabels", "Central funds"),
        "plan_lines.municipal_yuan": QCoreApplication.translate("AuditLabels", "Municipal funds"),
        "plan_lines.district_yuan": QCoreApplication.translate("AuditLabels", "District funds"),
        "plan_lines.completed_before_yuan": QCoreApplication.translate("AuditLabels", "Invested by the end of last year"),
        "plan_lines.work_target": QCoreApplication.translate("AuditLabels", "Work target of the year"),
        "budget_lines.budget_code": QCoreApplication.translate("AuditLabels", "Budget code"),
        "rolling_lines.period_start": QCoreApplication.translate("AuditLabels", "Rolling plan from"),
        "acceptances.organized_on": QCoreApplication.translate("AuditLabels", "Organized on"),
        "acceptances.accepted_on": QCoreApplication.translate("AuditLabels", "Accepted on"),
        "acceptances.result": QCoreApplication.translate("AuditLabels", "Result"),
        "acceptances.organizer": QCoreApplication.translate("AuditLabels", "Organizer"),
        "acceptances.filed_on": QCoreApplication.translate("AuditLabels", "Filed on"),
        "acceptances.extension_requested_on": QCoreApplication.translate("AuditLabels", "Extension requested on"),
        "acceptances.extension_reason": QCoreApplication.translate("AuditLabels", "Reason for the extension"),
        "acceptances.reviewed_products": QCoreApplication.translate("AuditLabels", "Products reviewed"),
        "acceptances.reviewed_crypto_security": QCoreApplication.translate("AuditLabels", "Crypto and security reviewed"),
        "acceptances.reviewed_energy": QCoreApplication.translate("AuditLabels", "Energy use reviewed"),
        "acceptances.reviewed_integration": QCoreApplication.translate("AuditLabels", "System integration reviewed"),
        "acceptances.reviewed_sharing": QCoreApplication.translate("AuditLabels", "Data sharing reviewed"),
        "om_requests.requested_on": QCoreApplication.translate("AuditLabels", "Requested on"),
        "rectification_orders.issuer": QCoreApplication.translate("AuditLabels", "Issued by"),
        "rectification_orders.subject": QCoreApplication.translate("AuditLabels", "Matter to rectify"),
        "rectification_orders.issued_on": QCoreApplication.translate("AuditLabels", "Issued on"),
        "rectification_orders.deadline": QCoreApplication.translate("AuditLabels", "Deadline"),
        "rectification_orders.closed_on": QCoreApplication.translate("AuditLabels", "Closed on"),
        "rectification_orders.escalation": QCoreApplication.translate("AuditLabels", "Escalation"),
        "performance_evaluations.report_on": QCoreApplication.translate("AuditLabels", "Report date"),
        "performance_evaluations.filed_drc_on": QCoreApplication.translate("AuditLabels", "Filed with DRC on"),
        "performance_evaluations.filed_finance_on": QCoreApplication.translate("AuditLabels", "Filed with the finance bureau on"),
        "performance_evaluations.users_consulted": QCoreApplication.translate("AuditLabels", "Users consulted"),
        "performance_evaluations.third_party": QCoreApplication.translate("AuditLabels", "Third-party evaluation"),
        "experts.name": QCoreApplication.translate("AuditLabels", "Expert name"),
        "experts.organisation": QCoreApplication.translate("AuditLabels", "Organisation"),
        "experts.unit_id": QCoreApplication.translate("AuditLabels", "Registered unit"),
        "experts.specialties": QCoreApplication.translate("AuditLabels", "Specialties"),
        "experts.active": QCoreApplication.translate("AuditLabels", "In the pool"),
        "experts.key_id": QCoreApplication.translate("AuditLabels", "Registered key"),
        "experts.public_key": QCoreApplication.translate("AuditLabels", "Registered public key"),
        "experts.key_registered_at": QCoreApplication.translate("AuditLabels", "Key registered at"),
        "trusted_keys.key_id": QCoreApplication.translate("AuditLabels", "Key identifier"),
        "trusted_keys.public_key": QCoreApplication.translate("AuditLabels", "Public key"),
        "trusted_keys.label": QCoreApplication.translate("AuditLabels", "Name of the key"),
        "trusted_keys.trusted_at": QCoreApplication.translate("AuditLabels", "Trusted at"),
        "trusted_keys.trusted_by": QCoreApplication.translate("AuditLabels", "Trusted by"),
        "database_info.value": QCoreApplication.translate("AuditLabels", "Value"),
        "expert_avoidances.unit_id": QCoreApplication.translate("AuditLabels", "Unit to avoid"),
        "review_rounds.uid": QCoreApplication.translate("AuditLabels", "Round identifier"),
        "review_rounds.name": QCoreApplication.translate("AuditLabels", "Round name"),
        "review_rounds.rubric": QCoreApplication.translate("AuditLabels", "Scoring rubric"),
        "review_rounds.draw_seed": QCoreApplication.translate("AuditLabels", "Draw seed"),
        "review_rounds.draw_record": QCoreApplication.translate("AuditLabels", "Draw record"),
        "review_rounds.confirmed": QCoreApplication.translate("AuditLabels", "Confirmed"),
        "round_experts.role": QCoreApplication.translate("AuditLabels", "Role in the round"),
        "expert_reviews.suggested_yuan": QCoreApplication.translate("AuditLabels", "Suggested amount"),
        "expert_reviews.received_at": QCoreApplication.translate("AuditLabels", "Received at"),
        "merged_packages.direction": QCoreApplication.translate("AuditLabels", "Direction"),
        "merged_packages.merged_at": QCoreApplication.translate("AuditLabels", "Merged at"),
        "merged_packages.sequence": QCoreApplication.translate("AuditLabels", "Package sequence"),
        "merged_packages.issuer_key": QCoreApplication.translate("AuditLabels", "Issuer key"),
        "merged_packages.recipient_key": QCoreApplication.translate("AuditLabels", "Recipient key"),
        "attachments.item_key": QCoreApplication.translate("AuditLabels", "Checklist item"),
        "attachments.size": QCoreApplication.translate("AuditLabels", "Size"),
        "attachments.filename": QCoreApplication.translate("AuditLabels", "File name"),
        "attachments.media_type": QCoreApplication.translate("AuditLabels", "File type"),
        "attachments.attached_at": QCoreApplication.translate("AuditLabels", "Attached at"),
        "attachments.attached_by": QCoreApplication.translate("AuditLabels", "Attached by"),
        "attachments.note": QCoreApplication.translate("AuditLabels", "Note"),
        "audit_entries.actor": QCoreApplication.translate("AuditLabels", "Who"),
        "audit_entries.actor_key": QCoreApplication.translate("AuditLabels", "Key of the person"),
        "audit_entries.table_name": QCoreApplication.translate("AuditLabels", "Kind of record"),
        "audit_entries.row_id": QCoreApplication.translate("AuditLabels", "Record number"),
        "audit_entries.operation": QCoreApplication.translate("AuditLabels", "Operation"),
        "audit_entries.before": QCoreApplication.translate("AuditLabels", "Old values"),
        "audit_entries.after": QCoreApplication.translate("AuditLabels", "New values"),
        "audit_entries.summary": QCoreApplication.translate("AuditLabels", "Summary"),
        "audit_entries.prev_hash": QCoreApplication.translate("AuditLabels", "Previous hash"),
        "audit_entries.hash": QCoreApplication.translate("AuditLabels", "Hash"),
        "audit_checkpoints.head_hash": QCoreApplication.translate("AuditLabels", "Head hash"),
        "audit_checkpoints.algorithm": QCoreApplication.translate("AuditLabels", "Signature algorithm"),
        "audit_checkpoints.key_id": QCoreApplication.translate("AuditLabels", "Key identifier"),
        "audit_checkpoints.public_key": QCoreApplication.translate("AuditLabels", "Public key"),
        "audit_checkpoints.signature": QCoreApplication.translate("AuditLabels", "Signature"),
    }  # fmt: skip


def _operations() -> dict[str, str]:
    return {
        "insert": QCoreApplication.translate("AuditLabels", "Added"),
        "update": QCoreApplication.translate("AuditLabels", "Changed"),
        "delete": QCoreApplication.translate("AuditLabels", "Deleted"),
        "import": QCoreApplication.translate("AuditLabels", "Imported"),
        "merge": QCoreApplication.translate("AuditLabels", "Merged"),
        "restore": QCoreApplication.translate("AuditLabels", "Restored"),
        "register_key": QCoreApplication.translate("AuditLabels", "Key registered"),
        "replace_key": QCoreApplication.translate("AuditLabels", "Key replaced"),
        "accept_head": QCoreApplication.translate("AuditLabels", "Trail accepted"),
    }


def _pick(pair: tuple[str, ...]) -> str:
    return pair[1] if ui_language() == "en" else pair[0]


def _values() -> dict[str, ValueLabels]:
    """Enum-like columns: stored value → label, keyed "table.column"."""
    from app.ui.dialogs.project_form import BASIS_LABELS, STEP_LABELS

    conclusions = {code: conclusion_label(code) for code in CONCLUSIONS}
    parts = {str(k): _pick(v) for k, v in (*CHAPTER_LABELS.items(), *FRAMEWORK_LABELS.items(),
                                           *REVIEW_DEPARTMENT_LABELS.items())}  # fmt: skip
    tables = _tables()
    return {
        "projects.type": {str(v): type_label(v) for v in ConstructionType},
        "projects.stage": {str(v): stage_label(v) for v in Stage},
        "projects.status": {str(v): status_label(v) for v in ProjectStatus},
        "documents.kind": {str(k): _pick(v) for k, v in DOC_LABELS.items()},
        "documents.status": {str(v): doc_status_label(v) for v in DocStatus},
        "documents.method": {
            "self": QCoreApplication.translate("AuditLabels", "Self-evaluation"),
            "expert": QCoreApplication.translate("AuditLabels", "Expert panel review"),
            "third_party": QCoreApplication.translate("AuditLabels", "Third-party consultancy"),
        },
        "document_parts.part": {
            "chapter": QCoreApplication.translate("AuditLabels", "Chapter"),
            "opinion": QCoreApplication.translate("AuditLabels", "Evaluation opinion"),
            "element": QCoreApplication.translate("AuditLabels", "Framework element"),
            "department": QCoreApplication.translate(
                "AuditLabels", "Department in the technical review"
            ),
        },
        "projects.procurement_method": {str(v): procurement_label(v) for v in ProcurementMethod},
        "rule_settings.key": {
            "assessment_period_months": QCoreApplication.translate(
                "AuditLabels", "Assessment period (months)"
            ),
            "delay_grace_months": QCoreApplication.translate(
                "AuditLabels", "Delay before reporting (months)"
            ),
        },
        "document_parts.code": parts,
        "approvals.step": {str(k): _pick(v) for k, v in STEP_LABELS.items()},
        "list_entries.basis": {str(k): _pick(v) for k, v in BASIS_LABELS.items()},
        "acceptances.result": {
            "passed": QCoreApplication.translate("AcceptanceForm", "Passed"),
            "failed": QCoreApplication.translate("AcceptanceForm", "Failed"),
        },
        "acceptances.organizer": {
            "drc": QCoreApplication.translate("AcceptanceForm", "DRC (major project)"),
            "owner": QCoreApplication.translate("AcceptanceForm", "Owner unit (minor project)"),
        },
        "unit_sanctions.article": {
            "28": QCoreApplication.translate("AuditLabels", "Art 28 (crypto/cybersecurity)"),
            "29": QCoreApplication.translate("AuditLabels", "Art 29 (should be integrated)"),
        },
        "rectification_orders.issuer": {"drc": QCoreApplication.translate("AuditLabels", "DRC")},
        "project_reviews.conclusion": conclusions,
        "expert_reviews.conclusion": conclusions,
        "round_experts.role": {
            "member": QCoreApplication.translate("AuditLabels", "Member"),
            "alternate": QCoreApplication.translate("AuditLabels", "Alternate"),
        },
        "merged_packages.direction": {
            "out": QCoreApplication.translate("AuditLabels", "Sent out"),
            "back": QCoreApplication.translate("AuditLabels", "Returned"),
        },
        "finding_dismissals.subject_type": {
            "project": tables["projects"],
            "unit": tables["units"],
            "list_entry": tables["list_entries"],
            "plan_line": tables["plan_lines"],
            "budget_line": tables["budget_lines"],
            "om_request": tables["om_requests"],
            "order": tables["rectification_orders"],
            "evaluation": tables["performance_evaluations"],
        },
        "attachments.item_key": {str(k): _pick(v) for k, v in DOC_LABELS.items()},
    }


def _summaries() -> list[tuple[str, str]]:
    """The Chinese prefixes of recorded summaries (hashed, never rewritten) → the UI's words."""
    return [
        ("导入 JSON 数据：", QCoreApplication.translate("AuditLabels", "JSON data imported: ")),
        (
            "导入部门申报表：",
            QCoreApplication.translate("AuditLabels", "Department submission imported: "),
        ),
        (
            "合并专家评审包：",
            QCoreApplication.translate("AuditLabels", "Expert review package merged: "),
        ),
        ("撤销/重做", QCoreApplication.translate("AuditLabels", "Undo/redo")),
        ("登记专家公钥：", QCoreApplication.translate("AuditLabels", "Expert key registered: ")),
        ("更换专家公钥：", QCoreApplication.translate("AuditLabels", "Expert key replaced: ")),
        (
            "从备份恢复数据库：",
            QCoreApplication.translate("AuditLabels", "Database restored from a backup: "),
        ),
        (
            "确认数据库当前的审计记录",
            QCoreApplication.translate("AuditLabels", "Audit trail accepted as it is now"),
        ),
    ]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    tables: dict[str, str]
    common: dict[str, str]
    columns: dict[str, str]
    operations: dict[str, str]
    values: dict[str, ValueLabels]
    summaries: list[tuple[str, str]]
    yes: str
    no: str
    wan: str
    year: str
    numbered: str
    titled: str


_cache: dict[tuple[str, str], Vocabulary] = {}


def vocabulary() -> Vocabulary:
    """The labels in the current language (built on first use of each language)."""
    key = (QCoreApplication.translate("AuditLabels", "Project"), ui_language())
    if key not in _cache:
        _cache[key] = Vocabulary(
            tables=_tables(),
            common=_common_columns(),
            columns=_table_columns(),
            operations=_operations(),
            values=_values(),
            summaries=_summaries(),
            yes=QCoreApplication.translate("AuditLabels", "Yes"),
            no=QCoreApplication.translate("AuditLabels", "No"),
            wan=QCoreApplication.translate("AuditLabels", "%1 (10k yuan)"),
            year=QCoreApplication.translate("AuditLabels", "year %1"),
            numbered=QCoreApplication.translate("AuditLabels", "%1 #%2"),
            titled=QCoreApplication.translate("AuditLabels", "%1: %2"),
        )
    return _cache[key]


def table_label(name: str) -> str:
    """The user's word for a table (or a batch operation's kind); unknown names as they are."""
    return vocabulary().tables.get(name, name)


def operation_label(name: str) -> str:
    return vocabulary().operations.get(name, name)


def column_label(table_name: str, column: str) -> str:
    """The user's word for a column; a column of no known table as it is."""
    words = vocabulary()
    return words.columns.get(f"{table_name}.{column}") or words.common.get(column, column)


def summary_text(summary: str) -> str:
    """A recorded summary with its Chinese prefix in the UI's language."""
    for prefix, label in vocabulary().summaries:
        if summary.startswith(prefix):
            return label + summary[len(prefix) :]
    return summary


def money_text(yuan: int) -> str:
    """万元 with two decimals, or the exact four when the amount is not whole hundreds of yuan."""
    return vocabulary().wan.replace("%1", format_wan(yuan, 2 if yuan % 100 == 0 else 4))


def value_text(table_name: str, column: str, value: Any, titles: Titles | None = None) -> str:
    """A recorded value as the UI shows it (full length: the views elide it)."""
    words = vocabulary()
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return words.yes if value else words.no
    if column.endswith("_yuan") and isinstance(value, int):
        return money_text(value)
    target = audit.referenced_table(table_name, column)
    if target is not None:
        return reference_text(target, value, titles or {})
    rendered = json_text(table_name, column, value)  # an expert review's rubric, draw, form
    if rendered is not None:
        return rendered
    labels = words.values.get(f"{table_name}.{column}")
    if labels is not None:
        return labels.get(str(value), str(value))
    if table_name == "attachments" and column == "size" and isinstance(value, int):
        return QLocale().formattedDataSize(value)
    if isinstance(value, (dict, list)):
        return audit.canonical(value)
    return str(value)


def title_text(table_name: str, column: str, value: Any, titles: Titles) -> str:
    """The name of a row from its title column (a year as "2026年度", a unit by its name)."""
    if column == "year":
        return vocabulary().year.replace("%1", str(value))
    return value_text(table_name, column, value, titles)


def reference_text(table_name: str, row_id: Any, titles: Titles) -> str:
    """A row pointed at: its name when known, else "项目 #5"."""
    title = titles.get((table_name, str(row_id)))
    if title is not None:
        return title_text(table_name, *title, titles)
    return vocabulary().numbered.replace("%1", table_label(table_name)).replace("%2", str(row_id))


def row_text(entry: audit.HistoryEntry, titles: Titles) -> str:
    """The row an entry is about: "计划行「2026年度」", from its recorded values or as it is now."""
    if not entry.row_id:
        return table_label(entry.table_name)
    title = titles.get((entry.table_name, entry.row_id))
    for column in audit.TITLE_COLUMNS.get(entry.table_name, ()):
        recorded = entry.after.get(column, entry.before.get(column))
        if recorded not in (None, ""):
            title = (column, recorded)
            break
    if title is None:
        return reference_text(entry.table_name, entry.row_id, titles)
    return (
        vocabulary().titled.replace("%1", table_label(entry.table_name))
        .replace("%2", title_text(entry.table_name, *title, titles))
    )  # fmt: skip


def ordered_fields(table_name: str, keys: list[str]) -> list[str]:
    """Changed fields in the table's column order (unknown keys last, as recorded)."""
    table = Base.metadata.tables.get(table_name)
    order = {name: i for i, name in enumerate(table.c.keys())} if table is not None else {}
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def verify_message(result: audit.VerifyResult) -> str:
    """The outcome in the user's language: the first broken entry, an unknown signer (as
    --strict-keys reports it), a chain that no longer holds the head this computer remembers
    (naming both heads), or the intact chain with a recognised restore."""
    from app.crypto import fingerprint

    english = ui_language() == "en"
    reason = result.reason_en if english else result.reason_zh
    if not result.ok and result.unknown_signer:
        text = QCoreApplication.translate("audit", "The checkpoint at entry %1 is signed by a key this office has not marked as trusted (fingerprint %2).\nIf it is one of your own DRC computers, mark it trusted in Tools → Audit log; otherwise the trail may have been rewritten with another key.").replace(
            "%1", str(result.first_bad_seq)).replace("%2", fingerprint(result.unknown_signer))  # fmt: skip
    elif not result.ok and (result.truncated or result.replaced):
        text = QCoreApplication.translate("audit", "The audit trail no longer holds the head this computer saw last.\n%1").replace("%1", reason)  # fmt: skip
    elif not result.ok:
        text = QCoreApplication.translate("audit", "The audit trail has been tampered with: the first bad entry is No. %1.\n%2").replace(
            "%1", str(result.first_bad_seq)).replace("%2", reason)  # fmt: skip
    else:
        text = QCoreApplication.translate("audit", "Audit trail intact: %1 entries checked, %2 signed checkpoints.").replace(
            "%1", str(result.entries)).replace("%2", str(result.checkpoints))  # fmt: skip
        if result.foreign_keys:
            text += "\n" + QCoreApplication.translate("audit", "Some checkpoints were signed on another computer (keys %1).").replace(
                "%1", ", ".join(fingerprint(k) for k in result.foreign_keys))  # fmt: skip
        if result.restored:
            text += "\n" + QCoreApplication.translate("audit", "The database was restored from a backup (%1); the restore is recorded in the trail.").replace("%1", result.restored)  # fmt: skip
    if result.head_file_problem:
        text += "\n" + QCoreApplication.translate("audit", "The file in which this computer remembers the audit head of this database was altered or cannot be read (%1); it is written anew at the next checkpoint.").replace("%1", result.head_file_problem)  # fmt: skip
    return text
