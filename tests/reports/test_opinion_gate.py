"""The approval gate (issue 11, problem 2): no 批复 that says 原则同意 for a project that may not
be approved, no expert opinion the group has not agreed to, unless written as a marked draft
whose writing is in the audit trail.

江津区智慧养老服务平台 (JJ-2026-003, id 3) of the demo has DOS-DATACAT (缺数据资源目录，不予审批)
and a round whose returns split 1:1, which the cautious majority rule reads as 不同意.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select, update

from app.cli import main
from app.models import AuditEntry, ExpertReview
from app.models import Document as DossierDocument
from app.models.db import Store
from app.services.opinions import KINDS, build_opinion, write_opinion, write_opinions_for_year
from app.services.snapshot import evaluate_store

TODAY = date(2026, 11, 25)
DATACAT = "缺数据资源目录，不予审批"


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def last_audit_entry(store: Store) -> AuditEntry:
    with store.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None
        session.expunge(entry)
    return entry


def section(texts: list[str], heading: str) -> list[str]:
    """The paragraphs under a numbered heading ("六、有关要求") up to the next heading or blank."""
    start = next(i for i, t in enumerate(texts) if t.endswith("、" + heading))
    out = []
    for text in texts[start + 1 :]:
        if not text or (len(text) > 1 and text[1] == "、"):
            break
        out.append(text)
    return out


def test_reply_for_a_project_with_a_blocker_is_refused_listing_why(
    demo_store: Store, tmp_path: Path
) -> None:
    from app.services.opinion_gate import OpinionRefused

    target = tmp_path / "批复.docx"
    with pytest.raises(OpinionRefused) as refused:
        write_opinion(demo_store, 3, "one_step", target, today=TODAY)
    codes = [r.code for r in refused.value.gate.reasons]
    assert codes == ["DOS-DATACAT", "EXPERT-REJECT"]
    assert DATACAT in refused.value.message_zh and "不同意" in refused.value.message_zh
    assert "no data resource catalogue" in refused.value.message_en
    assert not target.exists()


def test_a_draft_says_so_lists_the_blockers_as_unresolved_and_is_audited(
    demo_store: Store, tmp_path: Path
) -> None:
    from app.services.opinion_gate import Draft

    demo_store.actor = "李四"
    target = tmp_path / "批复.docx"
    write_opinion(demo_store, 3, "one_step", target, today=TODAY, draft=Draft("征求民政局意见"))
    doc = Document(str(target))
    texts = [p.text for p in doc.paragraphs]
    title = next(t for t in texts if t.startswith("关于江津区智慧养老服务平台"))
    assert title.endswith("的批复（征求意见稿）")
    assert "征求意见稿" in doc.sections[0].header.paragraphs[0].text
    assert doc.core_properties.title.endswith("（征求意见稿）")
    notice = texts.index(next(t for t in texts if t.startswith("本件为征求意见稿")))
    assert DATACAT in texts[notice + 1] and "不同意" in texts[notice + 2]
    assert not any(DATACAT in t for t in section(texts, "有关要求"))
    assert texts[1] == "江津发改投〔    〕    号"  # a draft carries no 文号
    entry = last_audit_entry(demo_store)
    assert (entry.actor, entry.table_name, entry.operation, entry.project_id) == ("李四", "opinion", "draft", 3)  # fmt: skip
    assert "征求民政局意见" in entry.summary and "DOS-DATACAT" in entry.after


def test_a_draft_needs_a_reason_and_a_drc_user(demo_db: Path, tmp_path: Path) -> None:
    from app.models.roles import PermissionDenied
    from app.services.editing import Invalid
    from app.services.opinion_gate import Draft
    from app.services.store import open_store

    target = tmp_path / "批复.docx"
    store = open_store(str(demo_db))
    try:
        with pytest.raises(Invalid):
            write_opinion(store, 3, "one_step", target, today=TODAY, draft=Draft("  "))
    finally:
        store.close()
    reviewer = open_store(str(demo_db), role="reviewer")
    try:
        with pytest.raises(PermissionDenied):
            write_opinion(reviewer, 3, "one_step", target, today=TODAY, draft=Draft("试一下"))
    finally:
        reviewer.close()
    assert not target.exists()


def test_a_reply_saying_agreement_never_lists_a_barring_finding_as_a_requirement(
    demo_store: Store, tmp_path: Path
) -> None:
    """Every project and kind of the demo, written without the gate (the builder itself)."""
    findings = evaluate_store(demo_store, TODAY)
    barring = [f.message_zh.rstrip("。") for f in findings if f.code in ("DOS-DATACAT", "DOS-CRYPTOPLAN", "DOS-LIST")]  # fmt: skip
    assert barring
    target = tmp_path / "o.docx"
    for project_id in sorted({f.project_id for f in findings if f.project_id}):
        for kind in KINDS:
            target.write_bytes(build_opinion(demo_store, project_id, kind, today=TODAY, findings=findings))  # fmt: skip
            texts = paragraphs(target)
            requirements = section(texts, "有关要求" if kind != "expert" else "修改完善要求")
            assert not [r for r in requirements if any(b in r for b in barring)], (project_id, kind)
            assert not [r for r in requirements if "不予审批" in r or "不予受理" in r]


def test_the_expert_majority_against_refuses_the_reply_alone(
    demo_store: Store, tmp_path: Path
) -> None:
    """江津区医养结合智慧养老服务平台 (4) has no blocker; both returns set to 不同意."""
    from app.services.opinion_gate import OpinionRefused

    with demo_store.write() as session:
        session.execute(update(ExpertReview).where(ExpertReview.project_id == 4).values(conclusion="reject"))  # fmt: skip
    with pytest.raises(OpinionRefused) as refused:
        write_opinion(demo_store, 4, "one_step", tmp_path / "r.docx", today=TODAY)
    assert [r.code for r in refused.value.gate.reasons] == ["EXPERT-REJECT"]
    with pytest.raises(OpinionRefused):  # the project's own expert opinion as well
        write_opinion(demo_store, 4, "expert", tmp_path / "e.docx", today=TODAY)


def test_the_group_opinion_is_refused_while_a_majority_does_not_agree(
    demo_store: Store, tmp_path: Path
) -> None:
    from app.services.group_opinion import write_group_opinion
    from app.services.opinion_gate import Draft, OpinionRefused

    target = tmp_path / "专家组意见.docx"
    with pytest.raises(OpinionRefused) as refused:
        write_group_opinion(demo_store, 1, target, today=TODAY)
    assert [(r.code, r.project_id) for r in refused.value.gate.reasons] == [("EXPERT-REJECT", 3)]
    assert not target.exists()
    demo_store.actor = "王五"
    write_group_opinion(demo_store, 1, target, today=TODAY, draft=Draft("专家组复议前内部讨论"))
    doc = Document(str(target))
    titles = [p.text for p in doc.paragraphs if p.text.startswith("关于")]
    assert titles and all(t.endswith("（征求意见稿）") for t in titles)
    assert any(p.text.startswith("本件为征求意见稿") for p in doc.paragraphs)
    entry = last_audit_entry(demo_store)
    assert entry.actor == "王五" and entry.row_id == "round:1"
    assert "专家组复议前内部讨论" in entry.summary


def test_the_batch_skips_a_refused_reply_and_says_why(demo_store: Store, tmp_path: Path) -> None:
    """江津区政务服务“一网通办”平台优化 (12, approved in 2026): its data catalogue recorded as 缺."""
    with demo_store.write() as session:
        session.execute(update(DossierDocument).where(DossierDocument.project_id == 12, DossierDocument.kind == "data_catalogue").values(status="missing", submitted_on=None))  # fmt: skip
    result = write_opinions_for_year(demo_store, 2026, tmp_path / "out", today=TODAY)
    skipped = {code: [r.code for r in gate.reasons] for code, gate in result.skipped}
    # 17, 19 and 25 belong to units under Art 28 (UNIT-BLOCKED, a blocker since the second reading)
    assert skipped == {"JJ-2026-012": ["DOS-DATACAT"], "JJ-2026-017": ["UNIT-BLOCKED"],
                       "JJ-2026-019": ["UNIT-BLOCKED"], "JJ-2026-025": ["UNIT-BLOCKED"]}  # fmt: skip
    assert result.written and not any("JJ-2026-012" in p.name for p in result.written)


def test_art28_bars_the_reply_and_art29_only_warns(demo_store: Store, tmp_path: Path) -> None:
    """UNIT-BLOCKED by article (second reading): Art 28 「不得新建、改扩建」 bars the 批复 of a new or
    upgrade project of the unit; Art 29 「不支持新建」 is a warning and does not."""
    from app.services.opinion_gate import OpinionRefused

    target = tmp_path / "批复.docx"
    with pytest.raises(OpinionRefused) as refused:
        write_opinion(demo_store, 25, "one_step", target, today=TODAY)
    reasons = refused.value.gate.reasons
    assert [(r.code, r.article) for r in reasons] == [("UNIT-BLOCKED", "28")]
    assert "不得新建、改扩建" in refused.value.message_zh and not target.exists()
    findings = evaluate_store(demo_store, TODAY)
    art29 = [f for f in findings if f.code == "UNIT-BLOCKED" and f.article == "29"]
    assert art29 and all(f.severity.value == "warning" for f in art29)
    from app.services.opinion_gate import check_opinion

    assert all(check_opinion(demo_store, f.project_id or 0, "one_step", findings=findings).allowed for f in art29)  # fmt: skip


# --------------------------------------------------------------------------- command line


def test_cli_refuses_with_exit_1_and_writes_a_draft_when_asked(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["export-opinion", "--db", str(demo_db), "JJ-2026-003", "--step", "one_step", "--today", "2026-11-25"]  # fmt: skip
    folder = tmp_path / "out"
    folder.mkdir()
    assert main([*base, "-o", str(folder)]) == 1
    err = capsys.readouterr().err
    assert DATACAT in err and "--draft" in err and not list(folder.iterdir())
    assert main([*base, "-o", str(folder), "--draft"]) == 2  # no reason
    assert "--reason" in capsys.readouterr().err
    assert main([*base, "-o", str(folder), "--draft", "--reason", "征求意见"]) == 0
    written = folder / "JJ-2026-003 关于江津区智慧养老服务平台可行性研究报告及概算的批复（征求意见稿）.docx"  # fmt: skip
    assert written.exists() and str(written) in capsys.readouterr().out


def test_cli_batch_lists_what_it_skipped(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.services.store import open_store

    store = open_store(str(demo_db))
    with store.write() as session:
        session.execute(update(DossierDocument).where(DossierDocument.project_id == 12, DossierDocument.kind == "data_catalogue").values(status="missing", submitted_on=None))  # fmt: skip
    store.close()
    argv = ["export-opinions", "--db", str(demo_db), "--year", "2026", "-o", str(tmp_path / "b"), "--today", "2026-11-25"]  # fmt: skip
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "JJ-2026-012" in captured.err and DATACAT in captured.err
    assert "跳过 4" in captured.out  # 12 (DOS-DATACAT); 17, 19, 25 (UNIT-BLOCKED, Art 28)
    assert "JJ-2026-025" in captured.err and "不得新建、改扩建" in captured.err


def test_cli_group_opinion_refused_then_drafted(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    base = ["export-group-opinion", "--db", str(demo_db), "--round", "1", "-o", str(folder)]
    assert main(base) == 1
    assert "不同意" in capsys.readouterr().err
    assert main([*base, "--draft", "--reason", "复议前讨论"]) == 0
    assert [p.name for p in folder.iterdir()] == [
        "2026年第三批项目评审专家组评审意见（征求意见稿）.docx"
    ]
