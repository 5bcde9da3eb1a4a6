"""An expert's review form: Art 8/18/19/20 questions, Art 14 chapter opinions, the rubric
scores, the conclusion, the suggested investment and free text.

Used in reviewer mode (editable) and on the DRC side to show a merged review (read-only).
Every input has an object name (question key, `chapter.<code>`, `score.<key>`, `conclusion`,
`suggested_yuan`, `opinion`) so that a validation message can put the cursor on it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.experts import CHAPTERS, QUESTIONS, SCORE_MAX, Criterion, ExpertReviewInput
from app.ui.models.findings_table import ui_language
from app.ui.widgets.fields import MoneyField, add_question, comment_box


class ExpertReviewForm(QScrollArea):
    def __init__(self, rubric: tuple[Criterion, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rubric = rubric
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        english = ui_language() == "en"

        questions = QGroupBox(QCoreApplication.translate("ExpertReviewForm", "Questions (Art 8, 18, 19, 20)"))  # fmt: skip
        grid = QGridLayout(questions)
        self.answers: dict[str, QComboBox] = {}
        self.comments: dict[str, QPlainTextEdit] = {}
        row = 0
        for key, article, zh, en in QUESTIONS:
            text = f"{en if english else zh} " + QCoreApplication.translate("ExpertReviewForm", "(Art %1)").replace("%1", article)  # fmt: skip
            combo = QComboBox()
            combo.setObjectName(key)
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "—"), None)
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "Yes"), "yes")
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "Partly"), "partly")
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "No"), "no")
            comment = comment_box(f"comment.{key}")
            row = add_question(grid, row, text, combo, comment)
            self.answers[key], self.comments[key] = combo, comment
        layout.addWidget(questions)

        chapters = QGroupBox(QCoreApplication.translate("ExpertReviewForm", "Chapters of the feasibility study (Art 14)"))  # fmt: skip
        chapter_grid = QGridLayout(chapters)
        self.chapters: dict[str, QComboBox] = {}
        self.chapter_comments: dict[str, QPlainTextEdit] = {}
        row = 0
        for code, zh, en in CHAPTERS:
            combo = QComboBox()
            combo.setObjectName(f"chapter.{code}")
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "—"), None)
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "Missing"), "missing")
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "Weak"), "weak")
            combo.addItem(QCoreApplication.translate("ExpertReviewForm", "Complete"), "complete")
            comment = comment_box(f"chapter_comment.{code}", lines=2)
            row = add_question(chapter_grid, row, en if english else zh, combo, comment)
            self.chapters[code], self.chapter_comments[code] = combo, comment
        layout.addWidget(chapters)

        scoring = QGroupBox(QCoreApplication.translate("ExpertReviewForm", "Scores (0–100 per criterion)"))  # fmt: skip
        score_grid = QGridLayout(scoring)
        self.scores: dict[str, QSpinBox] = {}
        for row, criterion in enumerate(rubric):
            spin = QSpinBox()
            spin.setObjectName(f"score.{criterion.key}")
            spin.setRange(-1, SCORE_MAX)
            spin.setSpecialValueText(QCoreApplication.translate("ExpertReviewForm", "—"))
            spin.setValue(-1)
            name = QLabel(f"{criterion.label('en' if english else 'zh')} ({criterion.weight}%)")
            anchors = QLabel(f"0: {criterion.low_zh}　100: {criterion.high_zh}" if criterion.low_zh or criterion.high_zh else "")  # fmt: skip
            anchors.setWordWrap(True)
            anchors.setStyleSheet("color: #666;")
            score_grid.addWidget(name, row, 0)
            score_grid.addWidget(spin, row, 1)
            score_grid.addWidget(anchors, row, 2)
            self.scores[criterion.key] = spin
        score_grid.setColumnStretch(2, 2)
        layout.addWidget(scoring)

        conclusion = QGroupBox(QCoreApplication.translate("ExpertReviewForm", "Conclusion"))
        form = QFormLayout(conclusion)
        self.conclusion = QComboBox()
        self.conclusion.setObjectName("conclusion")
        # as wide as the pane allows, not as its longest English entry: the form scrolled
        # sideways in the reviewer window at 1920×1080 and 150 % (the list shows them whole)
        self.conclusion.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)  # fmt: skip
        self.conclusion.setMinimumContentsLength(12)
        self.conclusion.addItem(QCoreApplication.translate("ExpertReviewForm", "— not decided —"), None)  # fmt: skip
        self.conclusion.addItem(QCoreApplication.translate("ExpertReviewForm", "Agree"), "agree")
        self.conclusion.addItem(QCoreApplication.translate("ExpertReviewForm", "Agree in principle, revise before approval"), "agree_revise")  # fmt: skip
        self.conclusion.addItem(QCoreApplication.translate("ExpertReviewForm", "Do not agree"), "reject")  # fmt: skip
        self.suggested = MoneyField("suggested_yuan")
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("opinion")
        self.opinion.setTabChangesFocus(True)
        self.opinion.setMinimumHeight(self.opinion.fontMetrics().lineSpacing() * 8)
        form.addRow(QCoreApplication.translate("ExpertReviewForm", "Conclusion"), self.conclusion)
        form.addRow(QCoreApplication.translate("ExpertReviewForm", "Suggested investment (10k yuan)"), self.suggested)  # fmt: skip
        form.addRow(QCoreApplication.translate("ExpertReviewForm", "Opinion"), self.opinion)
        layout.addWidget(conclusion)
        layout.addStretch(1)

    def set_form(self, value: ExpertReviewInput) -> None:
        for key, combo in self.answers.items():
            combo.setCurrentIndex(max(combo.findData(value.answers.get(key)), 0))
            self.comments[key].setPlainText(value.comments.get(key, ""))
        for code, combo in self.chapters.items():
            combo.setCurrentIndex(max(combo.findData(value.chapters.get(code)), 0))
            self.chapter_comments[code].setPlainText(value.chapter_comments.get(code, ""))
        for key, spin in self.scores.items():
            spin.setValue(value.scores.get(key, -1))
        self.conclusion.setCurrentIndex(max(self.conclusion.findData(value.conclusion), 0))
        self.suggested.set_value(value.suggested_yuan)
        self.opinion.setPlainText(value.opinion)

    def current_input(self) -> ExpertReviewInput:
        """The form's values; raises `Invalid` for an unreadable amount."""
        return ExpertReviewInput(
            answers={k: c.currentData() for k, c in self.answers.items() if c.currentData()},
            comments={
                k: e.toPlainText() for k, e in self.comments.items() if e.toPlainText().strip()
            },
            chapters={k: c.currentData() for k, c in self.chapters.items() if c.currentData()},
            chapter_comments={
                k: e.toPlainText()
                for k, e in self.chapter_comments.items()
                if e.toPlainText().strip()
            },
            scores={k: s.value() for k, s in self.scores.items() if s.value() >= 0},
            conclusion=self.conclusion.currentData(),
            suggested_yuan=self.suggested.value(),
            opinion=self.opinion.toPlainText(),
        )

    def set_read_only(self, read_only: bool) -> None:
        for widget in (*self.answers.values(), *self.chapters.values(), *self.scores.values(), self.conclusion):  # fmt: skip
            widget.setEnabled(not read_only)
        for box in (*self.comments.values(), *self.chapter_comments.values(), self.opinion):
            box.setReadOnly(read_only)
        self.suggested.setReadOnly(read_only)
