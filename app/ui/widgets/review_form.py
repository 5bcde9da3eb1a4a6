"""The reviewer's form: Art 8 necessity questions, Art 19 and 20, conclusion, amounts, opinion."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.rules.money import format_rate, format_wan
from app.services.editing import REVIEW_QUESTIONS, Invalid, ReviewInput, save_review
from app.services.forms import review_of
from app.ui.commands import apply_then, run_edit
from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import ui_language, user_message
from app.ui.widgets.fields import (
    MoneyField,
    ScrolledForm,
    add_question,
    comment_box,
    show_invalid,
)


class ReviewForm(ScrolledForm):
    """The form scrolls; the error and 保存评审意见 stay under it, always in view."""

    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ReviewForm", "Save review"), parent)
        self.ctx = ctx
        self.project_id: int | None = None
        layout = self.body_layout

        questions = QGroupBox(
            QCoreApplication.translate("ReviewForm", "Review questions (Art 8, 14, 19, 20)")
        )
        grid = QGridLayout(questions)
        self.answers: dict[str, QComboBox] = {}
        self.comments: dict[str, QPlainTextEdit] = {}
        row = 0
        for key, article, zh, en in REVIEW_QUESTIONS:
            text = f"{en if ui_language() == 'en' else zh} " + QCoreApplication.translate("ReviewForm", "(Art %1)").replace("%1", article)  # fmt: skip
            combo = QComboBox()
            combo.setObjectName(key)
            combo.addItem(QCoreApplication.translate("ReviewForm", "—"), None)
            combo.addItem(QCoreApplication.translate("ReviewForm", "Yes"), "yes")
            combo.addItem(QCoreApplication.translate("ReviewForm", "Partly"), "partly")
            combo.addItem(QCoreApplication.translate("ReviewForm", "No"), "no")
            comment = comment_box(f"comment.{key}")
            row = add_question(grid, row, text, combo, comment)
            self.answers[key] = combo
            self.comments[key] = comment
        layout.addWidget(questions)

        money = QGroupBox(QCoreApplication.translate("ReviewForm", "Amounts (10k yuan)"))
        money_form = self.wrapping(QFormLayout(money))
        self.declared = MoneyField("declared_yuan")
        self.reviewed = MoneyField("reviewed_yuan")
        self.reduction = QLabel()
        money_form.addRow(QCoreApplication.translate("ReviewForm", "Declared"), self.declared)
        money_form.addRow(QCoreApplication.translate("ReviewForm", "Reviewed"), self.reviewed)
        money_form.addRow(QCoreApplication.translate("ReviewForm", "Reduction"), self.reduction)
        self.declared.textChanged.connect(self._update_reduction)
        self.reviewed.textChanged.connect(self._update_reduction)
        layout.addWidget(money)

        conclusion = QGroupBox(QCoreApplication.translate("ReviewForm", "Conclusion"))
        conclusion_form = self.wrapping(QFormLayout(conclusion))
        self.reviewer = QLineEdit()
        self.reviewer.setObjectName("reviewer")
        self.conclusion = QComboBox()
        self.conclusion.setObjectName("conclusion")
        self.conclusion.addItem(QCoreApplication.translate("ReviewForm", "— not decided —"), None)
        self.conclusion.addItem(QCoreApplication.translate("ReviewForm", "Agree"), "agree")
        self.conclusion.addItem(QCoreApplication.translate("ReviewForm", "Agree in principle, revise before approval"), "agree_revise")  # fmt: skip
        self.conclusion.addItem(QCoreApplication.translate("ReviewForm", "Do not agree"), "reject")
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("opinion")
        self.opinion.setTabChangesFocus(True)
        self.opinion.setMinimumHeight(self.opinion.fontMetrics().lineSpacing() * 8)
        conclusion_form.addRow(QCoreApplication.translate("ReviewForm", "Reviewer"), self.reviewer)
        conclusion_form.addRow(
            QCoreApplication.translate("ReviewForm", "Conclusion"), self.conclusion
        )
        conclusion_form.addRow(QCoreApplication.translate("ReviewForm", "Opinion"), self.opinion)
        layout.addWidget(conclusion)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.setEnabled(False)

    def show_project(self, project_id: int | None) -> None:
        self.project_id = project_id
        self.setEnabled(project_id is not None)
        self.error.show_message("")
        if project_id is None:
            return
        review = review_of(self.ctx.store, project_id)
        for key, combo in self.answers.items():
            combo.setCurrentIndex(max(combo.findData(review.answers.get(key)), 0))
            self.comments[key].setPlainText(review.comments.get(key, ""))
        self.declared.set_value(review.declared_yuan)
        self.reviewed.set_value(review.reviewed_yuan)
        # a review nobody has signed yet: the name given at first start
        self.reviewer.setText(review.reviewer or self.ctx.store.actor)
        self.conclusion.setCurrentIndex(max(self.conclusion.findData(review.conclusion), 0))
        self.opinion.setPlainText(review.opinion)
        self._update_reduction()

    def _update_reduction(self) -> None:
        try:
            declared, reviewed = self.declared.value(), self.reviewed.value()
        except Invalid as exc:
            self.reduction.setText(user_message(exc))
            return
        if declared is None or reviewed is None:
            self.reduction.setText("—")
            return
        cut = declared - reviewed
        self.reduction.setText(
            QCoreApplication.translate("ReviewForm", "%1 (rate %2)").replace("%1", format_wan(cut)).replace("%2", format_rate(cut, declared))
        )  # fmt: skip

    def current_input(self) -> ReviewInput:
        return ReviewInput(
            reviewer=self.reviewer.text(),
            conclusion=self.conclusion.currentData(),
            answers={k: c.currentData() for k, c in self.answers.items() if c.currentData()},
            comments={k: e.toPlainText() for k, e in self.comments.items()},
            opinion=self.opinion.toPlainText(),
            declared_yuan=self.declared.value(),
            reviewed_yuan=self.reviewed.value(),
        )

    def save(self) -> bool:
        if self.project_id is None:
            return False
        project_id = self.project_id
        try:
            value = self.current_input()
            done = run_edit(
                self.ctx, QCoreApplication.translate("ReviewForm", "Edit review"), project_id,
                lambda session: apply_then(project_id, save_review(session, project_id, value)), self,
            )  # fmt: skip
        except Invalid as exc:
            show_invalid(self, self.error, exc)
            return False
        self.error.show_message("")
        return done is not None
