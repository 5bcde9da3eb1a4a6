"""Acceptance tab: due date shown, organising the acceptance clears ACC-DUE, O&M reasons listed."""

from __future__ import annotations

from datetime import date

from app.ui.main_window import MainWindow

from .test_dossier_tab import project_id

TODAY = date(2026, 11, 25)


def acc_codes(window: MainWindow) -> list[str]:
    model = window.acceptance_tab.findings_model
    return [model.finding(r).code for r in range(model.rowCount())]


def test_organizing_acceptance_clears_the_due_warning(window: MainWindow) -> None:
    window.show_tab("acceptance")
    window.ctx.project_selected.emit(project_id(window, "江津区就业创业服务平台"))
    tab = window.acceptance_tab
    assert "ACC-DUE" in acc_codes(window)
    assert "days left" in tab.facts_label.text() or "剩余" in tab.facts_label.text()
    assert "OM-NOACCEPT" in tab.acceptance_form.om_label.text()
    form = tab.acceptance_form
    form.organized.setText("2026-11-20")
    assert form.save()
    assert "ACC-DUE" not in acc_codes(window)
    window.undo_action.trigger()
    assert "ACC-DUE" in acc_codes(window)


def test_extension_needs_a_reason_and_security_item_follows_classification(
    window: MainWindow,
) -> None:
    window.show_tab("acceptance")
    window.ctx.project_selected.emit(project_id(window, "江津区公安大数据智能化平台"))
    tab = window.acceptance_tab
    keys = {key for key, item in tab.items.items() if item.applicable}
    assert "acc_classified_eval" in keys and "acc_mlps_eval" not in keys  # 涉密
    form = tab.acceptance_form
    form.extension.setText("2026-11-01")
    assert not form.save()
    assert form.error.text()
    form.extension_reason.setText("测评机构排期")
    assert form.save()
