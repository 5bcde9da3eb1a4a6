"""Recorded JSON columns of the expert review in the user's words, for the history views: a
round's rubric (评分标准) and draw record (抽取记录), and an expert's merged form (评审表).

`json_text` returns None for any other column, or for a value that is not the JSON these
columns hold (the caller then shows the value as recorded).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.services.experts import (
    CHAPTER_GRADE_LABELS,
    CHAPTERS,
    DEFAULT_RUBRIC,
    QUESTIONS,
)
from app.ui.models.findings_table import ui_language


def _english() -> bool:
    return ui_language() == "en"


def _join(parts: list[str]) -> str:
    return ", ".join(parts) if _english() else "、".join(parts)


def _list(parts: list[str]) -> str:
    return "; ".join(parts) if _english() else "；".join(parts)


def _pair(label: str, text: str) -> str:
    return f"{label}: {text}" if _english() else f"{label}：{text}"


def _rubric(data: Any) -> str | None:
    if not isinstance(data, list) or not all(isinstance(c, dict) for c in data):
        return None
    label = "label_en" if _english() else "label_zh"
    return _join([f"{c.get(label) or c.get('label_zh') or c.get('key')} {c.get('weight')}%" for c in data])  # fmt: skip


def _draw(data: Any) -> str | None:
    if not isinstance(data, dict) or "seed" not in data:
        return None
    text = (
        QCoreApplication.translate("AuditJson", "seed %1: %2 members and %3 alternates drawn from %4 eligible experts on %5")
        .replace("%1", str(data["seed"])).replace("%2", str(data.get("count", "")))
        .replace("%3", str(data.get("alternates", ""))).replace("%4", str(len(data.get("pool", []))))
        .replace("%5", str(data.get("drawn_at", "")).replace("T", " "))
    )  # fmt: skip
    if data.get("wanted"):
        text += QCoreApplication.translate("AuditJson", "; specialties wanted: %1").replace("%1", str(data["wanted"]))  # fmt: skip
    return text


def _form(data: Any) -> str | None:
    keys = {"answers", "comments", "chapters", "chapter_comments", "scores"}
    if not isinstance(data, dict) or not set(data) <= keys or not all(isinstance(v, dict) for v in data.values()):  # fmt: skip
        return None
    pick = 1 if _english() else 0
    answer_words = {
        "yes": QCoreApplication.translate("AuditJson", "yes"),
        "partly": QCoreApplication.translate("AuditJson", "partly"),
        "no": QCoreApplication.translate("AuditJson", "no"),
    }
    comments, chapter_comments = data.get("comments", {}), data.get("chapter_comments", {})

    def noted(text: str, note: Any) -> str:
        if not note:
            return text
        return f"{text} ({note})" if _english() else f"{text}（{note}）"

    answers = [noted(_pair(q[2 + pick], answer_words.get(a, a)), comments.get(q[0])) for q in QUESTIONS if (a := data.get("answers", {}).get(q[0]))]  # fmt: skip
    chapters = [noted(_pair(c[1 + pick], CHAPTER_GRADE_LABELS.get(g, (g, g))[pick]), chapter_comments.get(c[0])) for c in CHAPTERS if (g := data.get("chapters", {}).get(c[0]))]  # fmt: skip
    labels = {c.key: c.label("en" if pick else "zh") for c in DEFAULT_RUBRIC}
    order = list(labels)  # the default rubric's order, other criteria after it
    given = sorted(data.get("scores", {}).items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))  # fmt: skip
    scores = [f"{labels.get(k, k)} {v}" for k, v in given]
    sections = [
        (QCoreApplication.translate("AuditJson", "Scores"), _join(scores)),
        (QCoreApplication.translate("AuditJson", "Answers"), _list(answers)),
        (QCoreApplication.translate("AuditJson", "Chapters"), _list(chapters)),
    ]
    return " | ".join(_pair(title, text) for title, text in sections if text)


RENDER = {
    "review_rounds.rubric": _rubric,
    "review_rounds.draw_record": _draw,
    "expert_reviews.answers": _form,
}


def json_text(table_name: str, column: str, value: Any) -> str | None:
    """The recorded JSON of an expert-review column in words, or None."""
    render = RENDER.get(f"{table_name}.{column}")
    if render is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return None  # not JSON: shown as recorded
    return render(value)
