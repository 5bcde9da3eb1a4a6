"""What the review and acceptance forms load, each in a read transaction of its own.

The forms save through `app.services.editing` (save_review, save_acceptance) as undoable edits
(app.services.undo); these are their read side.
"""

from __future__ import annotations

from app.models.db import Store
from app.services.editing import AcceptanceInput, ReviewInput, load_acceptance, load_review


def review_of(store: Store, project_id: int) -> ReviewInput:
    """The review form's content for the project (`load_review`)."""
    with store.read() as session:
        return load_review(session, project_id)


def acceptance_of(store: Store, project_id: int) -> AcceptanceInput:
    """The acceptance form's content for the project (`load_acceptance`)."""
    with store.read() as session:
        return load_acceptance(session, project_id)
