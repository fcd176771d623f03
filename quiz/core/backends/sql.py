"""SQL pieces that each backend writes its own way, compiled per dialect (one place each)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class nocase(FunctionElement[str]):  # noqa: N801 - reads as SQL
    """A text column ordered without regard to case: SQLite's NOCASE collation; on
    PostgreSQL `lower(...)`, which migration 0007 indexes with the id."""

    type = String()
    inherit_cache = True


@compiles(nocase)
def _nocase_default(element: nocase, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(list(element.clauses)[0], **kw)} COLLATE NOCASE"


@compiles(nocase, "postgresql")
def _nocase_postgres(element: nocase, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(list(element.clauses)[0], **kw)})"


def ordered_without_case(column: ColumnElement[Any]) -> ColumnElement[str]:
    """`column` as the editor sorts it (see `nocase`)."""
    return nocase(column)
