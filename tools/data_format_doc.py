"""Regenerate the table reference of docs/data-format.md from the models.

.venv/bin/python tools/data_format_doc.py > /tmp/tables.md   # then paste under "## Tables"

Types, keys, defaults and references come from the table metadata; the meanings below are
the only hand-kept part (a column without one is listed with an empty meaning).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Boolean, Column, Date, DateTime, Enum, Integer, Table, UniqueConstraint

from app.models import Base
from app.services.jsonio import is_money, tables

#: meaning of a column, by "table.column" or, for columns that mean the same everywhere, by name
MEANING: dict[str, str] = {
    "id": "row id, kept on import; other tables refer to it",
    "project_id": "the project (项目)",
    "unit_id": "the unit (单位)",
    "remark": "备注 remark",
    "year": "year",
    "amount_yuan": "amount",
    "applied_on": "申请日期 date applied",
    "approved_on": "批复日期 date approved",
    "finding_dismissals.code": "rule code of the dismissed finding, e.g. `DUP-SIMILAR`",
    "finding_dismissals.subject_type": "what the finding is about (`project`, `unit`…)",
    "finding_dismissals.subject_id": "id of that subject",
    "finding_dismissals.key": "which occurrence (e.g. the other project's id)",
    "finding_dismissals.reason": "why the reviewer dismissed it",
    "finding_dismissals.dismissed_by": "reviewer",
    "finding_dismissals.dismissed_at": "when",
    "units.name": "单位全称, unique",
    "units.short_name": "简称",
    "units.contact": "联系人及电话",
    "projects.code": "项目编码, unique: identifies the project across imports and exports",
    "projects.name": "项目名称",
    "projects.unit_id": "项目建设单位 owner unit",
    "projects.type": "建设性质 construction type",
    "projects.content": "建设规模及内容",
    "projects.total_investment_yuan": "总投资 total investment",
    "projects.stage": "stage S0 (proposed) … S7",
    "projects.status": "active / deferred / suspended / terminated",
    "projects.cross_department": "跨部门共建共享 (Art 13)",
    "projects.classified": "涉密",
    "projects.new_civil_works": "新建土建工程",
    "projects.high_energy": "高耗能",
    "projects.on_gov_cloud": "部署在政务云: true / false, null = not recorded (DOS-CLOUD reads it as not on the cloud)",
    "projects.cloud_justification": "不上云的理由",
    "projects.security_noncompliant": "不符合密码应用和网络安全要求 (Art 28)",
    "projects.integration_pending": "应整合而未整合 (Art 29)",
    "projects.system_project_id": "the project that built the system this one maintains or extends",
    "projects.implementing_agency": "实施机构",
    "projects.responsible_person": "项目负责人",
    "projects.supervision_unit": "监理单位",
    "projects.supervision_na_reason": "不需要工程监理的理由 (Art 21 不适用; empty = a supervision unit is needed)",
    "projects.procurement_method": "采购方式 (Art 15): open_tender 公开招标, invited_tender 邀请招标, negotiation 竞争性谈判, consultation 竞争性磋商, single_source 单一来源采购, inquiry 询价, framework 框架协议采购, other 其他",
    "projects.procurement_on": "采购日期 (Art 15)",
    "projects.mlps_assessed_on": "最近一次等级保护测评日期 (涉密: 安全保密测评; Art 16, OM-ASSESS)",
    "projects.crypto_assessed_on": "最近一次密码应用安全性评估日期 (Art 17, 31, OM-ASSESS)",
    "projects.funding_source": "资金来源",
    "projects.planned_completion_on": "计划完成日期",
    "projects.completed_on": "建成日期",
    "projects.operation_start_on": "投入运行日期",
    "projects.contract_signed_on": "合同签订日期",
    "projects.supervision_contract_on": "监理合同签订日期",
    "projects.construction_start_on": "开工日期",
    "projects.delay_reported_on": "延期报告日期",
    "projects.scope_changed": "建设内容有变更",
    "projects.declared_yuan": "申报金额 declared amount",
    "projects.reviewed_yuan": "评审金额 amount after review",
    "projects.estimate_yuan": "概算 approved estimate",
    "projects.proposed_budget_estimate_yuan": "拟安排预算",
    "projects.contract_yuan": "合同金额",
    "projects.paid_yuan": "已支付金额",
    "registered_systems.name": "已建信息系统名称",
    "registered_systems.content": "系统功能及内容",
    "unit_sanctions.article": "条款: `28` security, `29` integration",
    "unit_sanctions.imposed_on": "作出日期",
    "unit_sanctions.lifted_on": "解除日期 (empty while in force)",
    "unit_sanctions.reason": "原因",
    "acceptances.organized_on": "组织验收日期",
    "acceptances.accepted_on": "验收日期",
    "acceptances.result": "验收结论",
    "acceptances.organizer": "验收组织方",
    "acceptances.filed_on": "备案日期",
    "acceptances.extension_requested_on": "申请延期验收日期",
    "acceptances.extension_reason": "延期理由",
    "acceptances.reviewed_products": "产品核查已做",
    "acceptances.reviewed_crypto_security": "密码应用与网络安全核查已做",
    "acceptances.reviewed_energy": "节能核查已做",
    "acceptances.reviewed_integration": "系统整合情况已审查 (Art 14 ¶3)",
    "acceptances.reviewed_sharing": "数据资源共享的范围和程度已审查 (Art 14 ¶3)",
    "approvals.step": "审批环节 approval step",
    "approvals.approved_amount_yuan": "批复金额",
    "approvals.number": "批复文号",
    "approvals.request_title": "请示标题《关于……的请示》",
    "approvals.request_number": "请示文号",
    "approvals.approved_scale": "批复的建设规模及内容",
    "approvals.construction_period": "建设周期",
    "budget_lines.year": "预算年度",
    "budget_lines.amount_yuan": "部门预算金额",
    "budget_lines.budget_code": "预算项目编码",
    "change_records.recorded_on": "变更登记日期",
    "change_records.description": "变更内容",
    "change_records.new_total_yuan": "变更后总投资",
    "change_records.approved_on": "变更（调整概算）批复日期; with a 文号 it is the approval CON-CHANGE asks for",
    "change_records.approval_number": "变更批复文号",
    "rule_settings.key": "setting: assessment_period_months (OM-ASSESS, default 12) or delay_grace_months (CON-DELAY, default 6)",
    "rule_settings.value": "the setting's value (months)",
    "documents.kind": "材料种类 document kind (one row per project and kind)",
    "documents.status": "材料状态",
    "documents.submitted_on": "提交日期",
    "documents.number": "文号",
    "documents.na_reason": "不适用的理由",
    "documents.method": "评价方式 (evaluation documents)",
    "list_entries.year": "清单年度",
    "list_entries.basis": "列入依据",
    "list_entries.listed_on": "列入日期",
    "list_entries.consent_on": "区政府同意日期 (Art 11)",
    "list_entries.consent_number": "同意文号",
    "om_requests.year": "运维年度",
    "om_requests.amount_yuan": "申请运维经费",
    "om_requests.requested_on": "申请日期",
    "performance_evaluations.report_on": "绩效评价报告日期",
    "performance_evaluations.filed_drc_on": "报发展改革部门备案日期",
    "performance_evaluations.filed_finance_on": "报财政部门备案日期",
    "performance_evaluations.users_consulted": "征求了使用方意见",
    "performance_evaluations.third_party": "第三方后评价",
    "plan_lines.year": "计划年度",
    "plan_lines.amount_yuan": "本年度计划投资",
    "plan_lines.central_yuan": "其中中央资金",
    "plan_lines.municipal_yuan": "其中市级资金",
    "plan_lines.district_yuan": "其中区级资金",
    "plan_lines.completed_before_yuan": "截至上年底完成投资",
    "plan_lines.work_target": "年度工作目标",
    "project_participants.unit_id": "参与共建的单位",
    "project_reviews.reviewer": "评审人",
    "project_reviews.conclusion": "`agree` / `agree_revise` / `reject`",
    "project_reviews.answers": 'JSON text `{question: {"answer": "yes|no|partly", "comment": …}}`',
    "project_reviews.opinion": "评审意见",
    "project_reviews.updated_at": "最后修改时间",
    "rectification_orders.issuer": "下达方 (`drc`…)",
    "rectification_orders.subject": "整改事项",
    "rectification_orders.issued_on": "下达日期",
    "rectification_orders.deadline": "整改期限",
    "rectification_orders.closed_on": "整改完成日期",
    "rectification_orders.escalation": "逾期后的处理",
    "rolling_lines.period_start": "first year of the 3-year rolling plan edition",
    "rolling_lines.year": "year within that edition",
    "rolling_lines.amount_yuan": "planned amount for that year",
    "document_parts.document_id": "the document",
    "document_parts.part": "chapter (Art 14 chapter), opinion (Art 14 ¶2 evaluation opinion), element (Art 13 framework element) or department (Art 9 technical review: cybersecurity, budget, gov_services, crypto, secrecy)",
    "document_parts.code": "the chapter, opinion, element or department code",
    "document_parts.present": "the part is present",
    "audit_entries.seq": "审计序号 1, 2, 3 … (no gaps; kept on import so the chain still verifies)",
    "audit_entries.at": "when the change was made",
    "audit_entries.actor": "操作人 (the user name entered on first run)",
    "audit_entries.actor_key": "id of the installation key of the actor",
    "audit_entries.table_name": "table changed, or `import` / `package` for batch operations",
    "audit_entries.row_id": "row changed",
    "audit_entries.project_id": "the project concerned (no reference: history outlives the project)",
    "audit_entries.operation": "`insert` / `update` / `delete` / `import` / `merge` / `restore`",
    "audit_entries.before": "canonical JSON of the old values",
    "audit_entries.after": "canonical JSON of the new values",
    "audit_entries.summary": "说明",
    "audit_entries.prev_hash": "hash of the previous entry (64 zeros for the first)",
    "audit_entries.hash": "SM3 of the entry's canonical JSON and prev_hash (hex)",
    "audit_checkpoints.seq": "last entry covered",
    "audit_checkpoints.head_hash": "hash of that entry",
    "audit_checkpoints.at": "when the checkpoint was signed",
    "audit_checkpoints.algorithm": "signature algorithm (`SM2-SM3`)",
    "audit_checkpoints.key_id": "signing key id",
    "audit_checkpoints.public_key": "public key (hex)",
    "audit_checkpoints.signature": "signature over seq and head_hash (hex)",
    "experts.key_id": "id of the expert's registered key (32 hex digits: SM3 of the public key); empty when none",
    "experts.public_key": "the registered SM2 public key (hex); empty for a key pinned from a return before keys were registered",
    "experts.key_registered_at": "when the key was registered (or replaced)",
    "trusted_keys.key_id": "id of a checkpoint signing key the office trusts",
    "trusted_keys.public_key": "its public key (hex)",
    "trusted_keys.label": "the office's name for it",
    "trusted_keys.trusted_at": "when it was marked trusted",
    "trusted_keys.trusted_by": "who marked it",
    "attachments.item_key": "checklist item (DocKind value or checklist key)",
    "attachments.sha256": "SHA-256 of the file: its address in `attachments/` beside the database",
    "attachments.sm3": "SM3 of the file",
    "attachments.size": "bytes",
    "attachments.filename": "original file name",
    "attachments.media_type": "MIME type",
    "attachments.attached_at": "when it was attached",
    "attachments.attached_by": "who attached it",
    "attachments.note": "备注",
}


def kind(column: Column[object]) -> str:
    t = column.type
    if isinstance(t, Enum):
        return "enum: " + ", ".join(f"`{v}`" for v in t.enums)
    if isinstance(t, Boolean):
        return "boolean"
    if isinstance(t, DateTime):
        return "date-time"
    if isinstance(t, Date):
        return "date"
    if isinstance(t, Integer):
        return "money (integer yuan ≥ 0)" if is_money(column) else "integer"
    length = getattr(t, "length", None)
    return f"text ≤ {length}" if length else "text"


def required(column: Column[object]) -> str:
    if column.primary_key:
        return "key"
    if column.nullable:
        return ""
    default = column.default
    if default is not None and default.is_scalar:
        arg = default.arg  # type: ignore[attr-defined]
        shown = getattr(arg, "value", arg)
        return f"default `{json.dumps(shown, ensure_ascii=False)}`"
    return "yes"


def meaning(table: Table, column: Column[object]) -> str:
    text = MEANING.get(f"{table.name}.{column.name}") or MEANING.get(column.name, "")
    refs = ", ".join(f"`{fk.column.table.name}.{fk.column.name}`" for fk in column.foreign_keys)
    return f"{text} → {refs}" if refs and text else (refs or text)


def table_doc(table: Table) -> str:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table and mapper.class_.__doc__:
            return mapper.class_.__doc__.strip().splitlines()[0]
    return ""


def main() -> None:
    for table in tables():
        print(f"### `{table.name}`\n")
        if doc := table_doc(table):
            print(f"{doc}\n")
        uniques = [
            ", ".join(c.name for c in con.columns)
            for con in table.constraints
            if isinstance(con, UniqueConstraint)
        ]
        if uniques:
            print("Unique: " + "; ".join(f"({u})" for u in uniques) + "\n")
        print("| column | type | required | meaning |\n|---|---|---|---|")
        for column in table.columns:
            print(
                f"| `{column.name}` | {kind(column)} | {required(column)} | {meaning(table, column)} |"
            )
        print()


if __name__ == "__main__":
    main()
