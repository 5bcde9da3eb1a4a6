"""The demo's expert review: a pool of 12 experts, a confirmed round with returned reviews, an
open round.

Everything goes through the expert services: `save_expert`, `create_round`, a seeded `draw`
(recorded on the round), `set_round_experts`, and every form through `validate_review` and
stored as a merge stores it (`merged_review`). Two of the three drawn members have returned
their forms (one dissents on one project), the third has not, so the group opinion and the
score sheet show real numbers and a missing expert. Conflicts show too: three experts work
for district units that own demo projects, two more must avoid a unit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.models import Project, Unit
from app.services.experts import (
    ExpertInput,
    create_round,
    draw,
    get_round,
    round_rubric,
    save_expert,
    set_round_experts,
    validate_review,
)
from app.services.packages import merged_review

#: the seed of the demo round's draw (recorded on the round, so the draw can be replayed)
DRAW_SEED = 20260917

#: name, organisation, linked unit (index into demo.UNITS), specialties, office phone, units to avoid
POOL: tuple[tuple[str, str, int | None, str, str, tuple[int, ...]], ...] = (
    ("周建平", "重庆大学计算机学院", None, "电子政务、信息系统架构、数据共享", "023-65102236", ()),
    ("罗晓燕", "重庆邮电大学网络空间安全与信息法学院", None, "网络安全、等级保护", "023-62460317", (12,)),  # advised 区医保局 last year
    ("唐志刚", "中国信息通信研究院西部分院", None, "数据治理、数据共享、政务云", "023-67898120", ()),
    ("何丽萍", "重庆市江津区财政局投资评审中心", None, "投资评审、财政预算", "023-47552681", ()),
    ("陈永红", "重庆市江津区大数据发展局", 0, "电子政务、数据治理", "023-47521390", ()),
    ("黄德明", "中国信息通信研究院西部分院", None, "密码应用、商用密码安全性评估", "023-67898133", ()),
    ("刘思远", "重庆邮电大学通信与信息工程学院", None, "物联网、智慧城市", "023-62461158", ()),
    ("杨静", "重庆市信息通信咨询设计院有限公司", None, "投资评审、工程造价", "023-63852047", (4,)),  # designed a 区民政局 system
    ("吴海波", "重庆市江津区公安局", 1, "网络安全、公安信息化", "023-47568810", ()),
    ("谢文婷", "西南大学计算机与信息科学学院", None, "数据治理、教育信息化", "023-68253356", ()),
    ("郑国强", "重庆市大数据应用发展管理局", None, "电子政务、政务云、系统整合", "023-63152219", ()),
    ("蒋红梅", "重庆市江津区卫生健康委员会", 2, "医疗卫生信息化、数据治理", "023-47521672", ()),
)  # fmt: skip

#: the confirmed round: two overlapping elderly-care platforms and the medical-insurance one
REVIEWED = (
    "江津区智慧养老服务平台",
    "江津区医养结合智慧养老服务平台",
    "江津区医保基金智能监管系统",
)
#: the open round: projects of 区大数据局 (陈永红 conflicts) and one with 区公安局 taking part (吴海波)
OPEN = (
    "江津区网格化社会治理平台",
    "江津区一网统管城市运行中心（二期）",
    "江津区城市道路桥梁智能监测系统",
)

CRITERIA = ("necessity", "design", "sharing", "security", "investment", "performance")
#: the answers about a sound dossier (Art 20 asks whether services should be bought instead: no)
SOUND = {"art8_basis": "yes", "art8_integration": "yes", "art8_sharing": "yes", "art8_balance": "yes",
         "art8_governance": "yes", "art14_open_data": "yes", "art18_security": "yes", "art19_cloud": "yes",
         "art20_service": "no"}  # fmt: skip
COMPLETE = {c: "complete" for c in ("sys", "data", "share", "sec", "crypto", "intensive")}


def form(scores: tuple[int, ...], conclusion: str, suggested_yuan: int | None, opinion: str, *,
         answers: dict[str, str] | None = None, comments: dict[str, str] | None = None,
         chapters: dict[str, str] | None = None, chapter_comments: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """A return form as JSON data (what a return package carries)."""
    return {
        "answers": SOUND | (answers or {}), "comments": comments or {},
        "chapters": COMPLETE | (chapters or {}), "chapter_comments": chapter_comments or {},
        "scores": dict(zip(CRITERIA, scores, strict=True)), "conclusion": conclusion,
        "suggested_yuan": suggested_yuan, "opinion": opinion,
    }  # fmt: skip


#: the forms of the first and the second drawn member, per project of REVIEWED
FORMS: tuple[dict[str, dict[str, Any]], ...] = (
    {
        "江津区智慧养老服务平台": form(
            (78, 72, 60, 75, 68, 70), "agree_revise", 5_400_000,
            "建议与区卫生健康委医养结合智慧养老服务平台统筹建设，共用老年人能力评估数据库，核减重复的机构监管模块投资。",
            answers={"art8_integration": "partly", "art8_sharing": "partly", "art8_governance": "partly"},
            comments={"art8_integration": "与医养结合智慧养老服务平台功能部分重叠", "art8_governance": "未编制数据资源目录"},
            chapters={"data": "weak", "share": "weak", "intensive": "weak"},
            chapter_comments={"data": "缺少数据资源目录和数据来源清单"}),
        "江津区医养结合智慧养老服务平台": form(
            (82, 80, 70, 78, 75, 76), "agree_revise", 5_500_000,
            "建议与区民政局智慧养老服务平台共用能力评估数据，明确数据共享清单和更新频率。",
            answers={"art8_sharing": "partly"}, chapters={"share": "weak"}),
        "江津区医保基金智能监管系统": form(
            (88, 82, 80, 62, 80, 85), "agree_revise", 7_200_000,
            "补充密码应用方案并通过密码应用安全性评估后报批；风险模型训练数据须脱敏。",
            answers={"art18_security": "partly"}, comments={"art18_security": "未提交密码应用方案"},
            chapters={"crypto": "missing"}, chapter_comments={"crypto": "缺密码应用方案"}),
    },
    {
        "江津区智慧养老服务平台": form(
            (55, 60, 40, 70, 50, 65), "reject", None,
            "与区卫生健康委报送的医养结合智慧养老服务平台建设内容高度重复（居家养老服务预约、机构监管、能力评估），不符合第八条统筹共建要求，建议两单位合并申报。",
            answers={"art8_integration": "no", "art8_sharing": "no", "art8_balance": "no", "art8_governance": "partly"},
            comments={"art8_integration": "重复建设"},
            chapters={"sys": "weak", "data": "weak", "share": "missing", "intensive": "weak"},
            chapter_comments={"share": "未提交数据共享需求反馈"}),
        "江津区医养结合智慧养老服务平台": form(
            (80, 78, 72, 80, 70, 74), "agree_revise", 5_600_000,
            "补充与基层医疗卫生机构管理信息系统的接口方案，健康档案调用须经授权。",
            chapters={"sys": "weak"}, chapter_comments={"sys": "与已登记系统的整合方案不具体"}),
        "江津区医保基金智能监管系统": form(
            (85, 80, 78, 60, 76, 82), "agree_revise", 7_350_000,
            "密码应用方案缺失，请补充；云资源按实际数据量测算，核减部分存储投资。",
            answers={"art18_security": "partly"},
            chapters={"crypto": "missing", "intensive": "weak"}),
    },
)  # fmt: skip


class ExpertDemo:
    def __init__(self, session: Session, today: date, units: list[Unit], projects: dict[str, Project]) -> None:  # fmt: skip
        self.session = session
        self.today = today
        self.units = units
        self.projects = projects

    def at(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.today - timedelta(days=days_ago), time(hour, minute))

    def build(self) -> None:
        for name, organisation, unit, specialties, contact, avoid in POOL:
            save_expert(self.session, ExpertInput(
                name, organisation, None if unit is None else self.units[unit].id, specialties, contact,
                tuple(self.units[u].id for u in avoid)))  # fmt: skip
        year = self.today.year
        reviewed = create_round(self.session, f"{year}年第三批项目评审",
                                [self.projects[n].id for n in REVIEWED], now=self.at(35, 9, 30))  # fmt: skip
        drawn = draw(self.session, reviewed, 3, 2, seed=DRAW_SEED, now=self.at(34, 10))
        set_round_experts(self.session, reviewed, drawn.members, drawn.alternates)
        rubric = round_rubric(get_round(self.session, reviewed))
        for expert_id, forms, days_ago in zip(drawn.members, FORMS, (14, 12), strict=False):
            for project_name, data in forms.items():
                self.session.add(merged_review(
                    reviewed, self.projects[project_name].id, expert_id, validate_review(data, rubric),
                    package_id="", received_at=self.at(days_ago, 16, 20)))  # fmt: skip
        create_round(self.session, f"{year}年第四批项目评审",
                     [self.projects[n].id for n in OPEN], now=self.at(2, 15))  # fmt: skip
        self.session.flush()
