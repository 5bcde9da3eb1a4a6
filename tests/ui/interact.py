"""Acting on the real widgets as a user does: click a row, double-click it, type into a cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.ui.models.project_table import ID_ROLE, ProjectTableModel


def click_index(qtbot: Any, view: QAbstractItemView, index: QModelIndex, *, double: bool = False) -> None:  # fmt: skip
    """A left click (or double click) on the cell of `index`, scrolled into view first."""
    assert index.isValid()
    view.scrollTo(index)
    QApplication.processEvents()
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def project_list_index(window: Any, name: str, column: int = ProjectTableModel.COL_NAME) -> QModelIndex:  # fmt: skip
    """The project list's cell of the project called `name` (the filter must show it)."""
    proxy = window.projects_tab.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, ProjectTableModel.COL_NAME).data() == name:
            return proxy.index(row, column)
    raise AssertionError(f"{name} is not in the project list")


def click_project(qtbot: Any, window: Any, name: str) -> int:
    """Select the project `name` by clicking its row in the project list; returns its id."""
    window.show_tab("projects")
    index = project_list_index(window, name)
    click_index(qtbot, window.projects_tab.view, index)
    project_id: int = index.data(ID_ROLE)
    assert window.ctx.current_project_id == project_id
    return project_id


def tree_index(model: Any, role: int, value: object, column: int = 0) -> QModelIndex:
    """The first row (at any depth) whose `role` data is `value`, at `column`."""
    matches = model.match(model.index(0, 0), role, value, 1,
                          Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)  # fmt: skip
    assert matches, f"no row with {value!r}"
    first = matches[0]
    return first.sibling(first.row(), column)


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type `text` as a user does: ASCII key by key, Chinese (and other non-ASCII text) committed
    by the input method, as a pinyin IME does (QTest cannot synthesise CJK key presses)."""
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    run = ""
    for char in text + "\0":
        if char.isascii() and char not in "\0\n":
            run += char
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif char != "\0":
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def choose(qtbot: Any, combo: Any, data: object) -> None:
    """Pick the entry holding `data` with the keyboard: Home, then Down until it is current."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data, f"{data!r} is not offered"


def tick(qtbot: Any, check: Any) -> None:
    """Click a check box on its box."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))


def tick_item(qtbot: Any, view: Any, item: Any) -> None:
    """Click the check box of a list item (its indicator, at the row's left)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    view.scrollToItem(item)
    QApplication.processEvents()
    index = view.indexFromItem(item)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def type_over(qtbot: Any, widget: Any, text: str) -> None:
    """Select what a field holds and type `text` over it (a spin box, a filled line edit)."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)
