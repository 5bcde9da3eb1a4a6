"""What the project, review and acceptance forms load, each in a read transaction of its own.

The forms save through `app.services.project_edit` / `app.services.editing` (save_project,
save_review, save_acceptance) as undoable edits (app.services.undo); these are their read side.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.db import Store
from app.services.editing import (
    AcceptanceInput,
    Invalid,
    ReviewInput,
    load_acceptance,
    load_review,
)
from app.services.project_edit import ProjectInput, load_project_input, validate
from app.services.projects import UnitRow, list_projects, list_units


def review_of(store: Store, project_id: int) -> ReviewInput:
    """The review form's content for the project (`load_review`)."""
    with store.read() as session:
        return load_review(session, project_id)


def acceptance_of(store: Store, project_id: int) -> AcceptanceInput:
    """The acceptance form's content for the project (`load_acceptance`)."""
    with store.read() as session:
        return load_acceptance(session, project_id)


@dataclass(frozen=True, slots=True)
class ProjectFormData:
    """What the project form offers and shows: the units, the projects whose system an O&M
    project may maintain (all but this one), and the project as stored (None for a new one)."""

    units: list[UnitRow]
    systems: list[tuple[int, str]]
    value: ProjectInput | None


def project_form_data(store: Store, project_id: int | None) -> ProjectFormData:
    with store.read() as session:
        systems = [(row.id, row.name) for row in list_projects(session) if row.id != project_id]
        value = load_project_input(session, project_id) if project_id else None
        return ProjectFormData(list_units(session), systems, value)


def check_project(store: Store, value: ProjectInput, project_id: int | None) -> list[Invalid]:
    """Every problem of the form against the store (`validate`), nothing written."""
    with store.read() as session:
        return validate(session, value, project_id)
