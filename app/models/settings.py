"""Office-wide settings of the rules that the text leaves open (kept with the data, so that the
window, the command line and every computer on the same database read the same values)."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class RuleSetting(Base):
    """One setting, by key (`app.services.rule_settings.SETTINGS` lists the keys and ranges)."""

    __tablename__ = "rule_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[int] = mapped_column(Integer)
