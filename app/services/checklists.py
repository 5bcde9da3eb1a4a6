"""Dossier and acceptance checklists as PDF: the data from the store, the file written atomically.

`checklist_data` reads one project's facts and the findings; `app.reports.checklist_pdf`
lays them out. The CLI (`export-checklist`) and the GUI call `write_checklist_pdf`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from app.models.db import Store
from app.reports.checklist_pdf import KINDS, ChecklistData, render_checklist_pdf
from app.rules.findings import Finding
from app.services.anchors import store_anchor
from app.services.atomic import atomic_write_bytes
from app.services.kept import current_for
from app.services.snapshot import read_project


def checklist_data(
    store: Store, project_id: int, kind: str, *, today: date,
    reviewer_remarks: Mapping[str, str] | None = None, findings: list[Finding] | None = None,
) -> ChecklistData:  # fmt: skip
    """What the checklist of `kind` shows for the project; pass `findings` when writing many
    (the engine then runs once)."""
    if kind not in KINDS:
        raise ValueError(f"unknown checklist kind {kind!r}")
    project, unit_name = read_project(store, project_id)
    if project is None:
        raise LookupError(f"no project with id {project_id}")
    if findings is None:
        findings = current_for(store, today, owners=[project_id])
    return ChecklistData(
        project=project,
        unit_name=unit_name,
        kind=kind,
        findings=tuple(f for f in findings if f.project_id == project_id),
        today=today,
        reviewer_remarks=dict(reviewer_remarks or {}),
    )


def build_checklist_pdf(
    store: Store, project_id: int, kind: str, *, today: date,
    reviewer_remarks: Mapping[str, str] | None = None, findings: list[Finding] | None = None,
) -> bytes:  # fmt: skip
    """The PDF's bytes, with the store's audit head in its /Subject."""
    data = checklist_data(store, project_id, kind, today=today, reviewer_remarks=reviewer_remarks,
                          findings=findings)  # fmt: skip
    return render_checklist_pdf(data, anchor=store_anchor(store))


def write_checklist_pdf(
    store: Store, project_id: int, kind: str, path: str | Path, *, today: date,
    reviewer_remarks: Mapping[str, str] | None = None, findings: list[Finding] | None = None,
) -> Path:  # fmt: skip
    """Build and write atomically (OutputLocked / OutputFailed on failure; old file kept)."""
    data = build_checklist_pdf(store, project_id, kind, today=today,
                               reviewer_remarks=reviewer_remarks, findings=findings)  # fmt: skip
    atomic_write_bytes(path, data)
    return Path(path)
