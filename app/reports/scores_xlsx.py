"""Every expert's scores of a review round (专家评分表) as an Excel sheet, in the plan tables'
styles (app.reports.plan_xlsx).

The rows come as a `ScoreSheet`, assembled by app.services.group_opinion; this module only lays
them out: no store, no session.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.reports.plan_xlsx import _named_styles, fit_to_page_width, put_text, put_value, row_height


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One expert's scores of one project."""

    number: int  # the project's 序号
    code: str
    name: str
    expert: str
    organisation: str
    scores: tuple[int | None, ...]  # per criterion, in the sheet's order
    total: Decimal | None
    conclusion: str
    dissent: bool
    suggested_wan: Decimal | None
    opinion: str


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    """A project's line under its experts: the means, the mean (spread), the conclusion."""

    name: str
    means: tuple[Decimal | None, ...]
    mean_and_spread: str
    conclusion: str
    suggested_wan: Decimal | None


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    round_name: str
    criteria: tuple[tuple[str, int], ...]  # (label, weight in percent)
    projects: tuple[tuple[tuple[ScoreLine, ...], ScoreSummary], ...]


def build_scores_workbook(sheet: ScoreSheet) -> Workbook:
    wb = Workbook()
    for style in _named_styles():
        wb.add_named_style(style)
    ws = wb.active
    ws.title = "专家评分"
    headers = ["序号", "项目编码", "项目名称", "专家", "所在单位"]
    headers += [f"{label}（{weight}%）" for label, weight in sheet.criteria]
    headers += ["加权总分", "评审结论", "不同意见", "建议投资（万元）", "评审意见"]
    widths = [6, 14, 28, 10, 18] + [12] * len(sheet.criteria) + [16, 16, 8, 14, 40]

    def fit(row: int) -> None:
        """Wrapped text needs a stored row height: LibreOffice and Excel do not grow the row.

        Measured on the row's text cells as written (an empty cell read here is not saved)."""
        cells = ((ws.cell(row=row, column=c).value, w) for c, w in enumerate(widths, start=1))
        ws.row_dimensions[row].height = row_height((v, w) for v, w in cells if isinstance(v, str))

    put_text(ws, 1, 1, f"{sheet.round_name} 专家评分表", "rd_title")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for col, text in enumerate(headers, start=1):
        put_value(ws, 2, col, text, "rd_header")
    fit(2)
    row = 3
    first_score = 6
    after_scores = first_score + len(sheet.criteria)
    for lines, summary in sheet.projects:
        for e in lines:
            put_value(ws, row, 1, e.number, "rd_center")
            put_text(ws, row, 2, e.code)
            put_text(ws, row, 3, e.name)
            put_text(ws, row, 4, e.expert)
            put_text(ws, row, 5, e.organisation)
            for i, score in enumerate(e.scores):
                put_value(ws, row, first_score + i, score, "rd_center")
            put_value(ws, row, after_scores, e.total, "rd_center")
            put_text(ws, row, after_scores + 1, e.conclusion)
            put_text(ws, row, after_scores + 2, "是" if e.dissent else "")
            put_value(ws, row, after_scores + 3, e.suggested_wan, "rd_money")
            put_text(ws, row, after_scores + 4, e.opinion)
            fit(row)
            row += 1
        put_text(ws, row, 3, summary.name, "rd_total_left")
        put_text(ws, row, 4, "平均（极差）", "rd_total_text")
        for i, value in enumerate(summary.means):
            put_value(ws, row, first_score + i, value, "rd_total_text")
        put_text(ws, row, after_scores, summary.mean_and_spread, "rd_total_text")
        put_text(ws, row, after_scores + 1, summary.conclusion, "rd_total_text")
        put_value(ws, row, after_scores + 3, summary.suggested_wan, "rd_total_money")
        fit(row)
        row += 1
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    fit_to_page_width(ws)
    return wb


def render_scores(sheet: ScoreSheet, *, anchor: str) -> bytes:
    """The workbook's bytes; `anchor` (the audit head as text) goes into its description."""
    wb = build_scores_workbook(sheet)
    wb.properties.description = anchor
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
