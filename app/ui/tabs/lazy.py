"""Tabs that only do their work when someone looks at them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTab(QWidget):
    """`when_visible(fn)` runs fn now if the tab is on screen, else at its next show."""

    _pending: Callable[[], None] | None = None

    def when_visible(self, fn: Callable[[], None]) -> None:
        if self.isVisible():
            self._pending = None
            fn()
        else:
            self._pending = fn

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()


class TabSlots(Mapping[str, QWidget]):
    """The main window's tabs, each built (and its module imported) when first shown or asked
    for: a window that opens on the project list neither imports nor builds the five others.

    Until then a tab's page is an empty placeholder; building replaces the placeholder by the
    tab at the same index (so `tabs.currentWidget()` is the tab itself) and shows it the
    current project, as if it had been listening since the start."""

    def __init__(
        self,
        tabs: QTabWidget,
        factories: dict[str, Callable[[], QWidget]],
        titles: dict[str, str],
        current_project: Callable[[], int | None],
    ) -> None:
        self._tabs = tabs
        self._factories = factories
        self._current_project = current_project
        self._pages: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        for key in factories:
            page = QWidget()
            page.setObjectName(f"tab-placeholder-{key}")
            self._pages[key] = page
            tabs.addTab(page, titles[key])
        tabs.currentChanged.connect(self._current_changed)

    def __getitem__(self, key: str) -> QWidget:
        built = self._built.get(key)
        if built is not None:
            return built
        if key not in self._factories:
            raise KeyError(key)
        return self._build(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def key_of(self, widget: QWidget | None) -> str | None:
        """The key of a tab page (built or not yet), without building anything."""
        for key, page in (*self._built.items(), *self._pages.items()):
            if page is widget:
                return key
        return None

    def _current_changed(self, index: int) -> None:
        for key, page in self._pages.items():
            if self._tabs.widget(index) is page:
                self._build(key)
                return

    def _build(self, key: str) -> QWidget:
        tab = self._factories[key]()
        self._built[key] = tab
        page = self._pages.pop(key)
        index = self._tabs.indexOf(page)
        current = self._tabs.currentIndex() == index
        title = self._tabs.tabText(index)
        blocked = self._tabs.blockSignals(True)  # the swap is not a change of tab
        try:
            self._tabs.removeTab(index)
            self._tabs.insertTab(index, tab, title)
            if current:
                self._tabs.setCurrentIndex(index)
        finally:
            self._tabs.blockSignals(blocked)
        page.deleteLater()
        project_id = self._current_project()
        if project_id is not None:
            follow = getattr(tab, "show_project", None) or getattr(tab, "show_trail", None)
            if callable(follow):
                follow(project_id)
        return tab
