"""Declarative base, naming convention and column helpers shared by every model."""

from __future__ import annotations

from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import BigInteger, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

#: Stable constraint names so that Alembic batch migrations on SQLite can find them.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: Money is integer yuan (元), never float. 万元 is a display unit.
Money = BigInteger


def enum_type(enum_cls: type[PyEnum], length: int = 24) -> Enum:
    """Store a StrEnum by its value (the stable code), as VARCHAR, not as a native enum."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=_enum_values,
        validate_strings=True,
    )


def _enum_values(enum_cls: Any) -> list[str]:
    return [str(member.value) for member in enum_cls]
