"""Tables of kept findings: a cache of the engine's output, never part of the dataset.

They live in their own `MetaData`, not in `Base.metadata`: the JSON export, the audit trail,
the content hash of the tests and the import all walk `Base.metadata` and so never see them.
Everything here can be deleted and rebuilt from the dataset (`app.services.kept`).

- `fact_changes`: one row per scope whose facts changed, with the sequence number of its last
  change; SQL triggers on every table the engine reads keep it (`trigger_ddl`, installed by
  `app.services.kept` and reinstalled whenever TRACKED_SCOPES changes), so no write path —
  ORM, Core bulk import, undo, package merge, another program's SQL — changes facts unnoticed.
  Scopes: ``p:<project id>``, ``u:<unit id>`` (name, sanctions), ``s:<registered system id>``,
  ``set:<key>`` (a rule setting), ``o`` (orders without a project), ``g`` (anything else:
  every finding).
- `kept_meta`: what the kept findings were computed from (rules version, last change seen).
- `kept_owners`: per owner (a project id; 0 for findings without a project) the days the
  findings hold, their open counts by severity and the project's restriction state.
- `kept_findings`: the findings, one row each, in the engine's order within an owner; their
  messages in `kept_texts` (each pair once) and their project's name from `projects`.
- `kept_deps`: what else an owner's findings read (``p:<id>``, ``u:<id>``, ``bars:<unit id>``,
  ``set:<key>``).
- `dup_*`: the DUP-SIMILAR index (subjects, name-term postings and their sizes, matches).
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text

from app.models.base import NAMING_CONVENTION

KEPT_METADATA = MetaData(naming_convention=NAMING_CONVENTION)

fact_changes = Table(
    "fact_changes",
    KEPT_METADATA,
    Column("scope", String(32), primary_key=True),
    Column("seq", Integer, nullable=False, index=True),
)

kept_meta = Table(
    "kept_meta",
    KEPT_METADATA,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)

kept_owners = Table(
    "kept_owners",
    KEPT_METADATA,
    Column("owner", Integer, primary_key=True, autoincrement=False),
    Column("valid_first", Integer, nullable=False),  # date ordinals: first ≤ day < end
    Column("valid_end", Integer, nullable=False),
    Column("blockers", Integer, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("infos", Integer, nullable=False),
    Column("bar", String(200), nullable=False),
    Index("ix_kept_owners_valid_first", "valid_first"),
    Index("ix_kept_owners_valid_end", "valid_end"),
)

kept_findings = Table(
    "kept_findings",
    KEPT_METADATA,
    Column("id", Integer, primary_key=True),
    Column("owner", Integer, nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("rank", Integer, nullable=False),
    Column("code", String(32), nullable=False, index=True),
    Column("severity", String(16), nullable=False),
    Column("article", String(32), nullable=False),
    Column("subject_type", String(16), nullable=False),
    Column("subject_id", Integer, nullable=False),
    Column("project_id", Integer),
    Column("text_id", Integer, nullable=False, index=True),  # kept_texts: the two messages
    Column("item", String(64)),
    Column("open", Integer, nullable=False),
    Column("dismissed_reason", Text),
    Column("dismissal_key", String(64), nullable=False),
    Column("details", Text, nullable=False),
)

#: the messages of kept findings, each pair once (many findings share theirs: at 100,000
#: projects 416,000 findings have 65,000 different messages); `digest` finds a pair
kept_texts = Table(
    "kept_texts",
    KEPT_METADATA,
    Column("id", Integer, primary_key=True),
    Column("digest", Integer, nullable=False, unique=True),
    Column("zh", Text, nullable=False),
    Column("en", Text, nullable=False),
)

kept_deps = Table(
    "kept_deps",
    KEPT_METADATA,
    Column("dep", String(32), primary_key=True),
    Column("owner", Integer, primary_key=True, autoincrement=False, index=True),
    sqlite_with_rowid=False,
)

dup_subjects = Table(
    "dup_subjects",
    KEPT_METADATA,
    Column("kind", String(8), primary_key=True),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("unit_id", Integer, nullable=False),
    Column("first_year", Integer),
    Column("name", Text, nullable=False),
    Column("content", Text, nullable=False),
)

dup_terms = Table(
    "dup_terms",
    KEPT_METADATA,
    Column("term", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
)

dup_postings = Table(
    "dup_postings",
    KEPT_METADATA,
    Column("term", String(64), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

dup_matches = Table(
    "dup_matches",
    KEPT_METADATA,
    Column("kind", String(8), primary_key=True),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("found", Text, nullable=False),  # "p12=57 s3=61": other subject = score
)

#: every table the engine reads → the SQL expression (over a row called R) naming its scope;
#: the migration turns each into insert/update/delete triggers. A table the facts loader reads
#: must be here (tests/services/test_kept.py checks it against the loader's queries).
_BY_PROJECT = (
    "documents", "approvals", "list_entries", "acceptances", "change_records",
    "performance_evaluations", "project_participants", "plan_lines", "budget_lines",
    "om_requests",
)  # fmt: skip
TRACKED_SCOPES: dict[str, str] = {
    "projects": "'p:' || R.id",
    **{table: "'p:' || R.project_id" for table in _BY_PROJECT},
    "document_parts": "'p:' || (SELECT d.project_id FROM documents d WHERE d.id = R.document_id)",
    "rectification_orders": "CASE WHEN R.project_id IS NULL THEN 'o' ELSE 'p:' || R.project_id END",
    "units": "'u:' || R.id",
    "unit_sanctions": "'u:' || R.unit_id",
    "registered_systems": "'s:' || R.id",
    "rule_settings": "'set:' || R.key",  # OM-ASSESS's period, CON-DELAY's grace: who reads it
    "rolling_lines": "'p:' || R.project_id",  # its project's; a new edition: every project (kept.py)
    "finding_dismissals": (
        "CASE R.subject_type"
        " WHEN 'project' THEN 'p:' || R.subject_id"
        " WHEN 'list_entry' THEN 'p:' || (SELECT x.project_id FROM list_entries x WHERE x.id = R.subject_id)"
        " WHEN 'plan_line' THEN 'p:' || (SELECT x.project_id FROM plan_lines x WHERE x.id = R.subject_id)"
        " WHEN 'budget_line' THEN 'p:' || (SELECT x.project_id FROM budget_lines x WHERE x.id = R.subject_id)"
        " WHEN 'om_request' THEN 'p:' || (SELECT x.project_id FROM om_requests x WHERE x.id = R.subject_id)"
        " WHEN 'evaluation' THEN 'p:' || (SELECT x.project_id FROM performance_evaluations x WHERE x.id = R.subject_id)"
        " WHEN 'order' THEN (SELECT CASE WHEN x.project_id IS NULL THEN 'o' ELSE 'p:' || x.project_id END"
        " FROM rectification_orders x WHERE x.id = R.subject_id)"
        " ELSE 'g' END"
    ),
}


def trigger_ddl(table: str, scope: str) -> list[str]:
    """SQLite triggers recording a change of `table`'s rows in fact_changes (NULL scopes: skip)."""
    statements = []
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        body = "".join(
            "INSERT INTO fact_changes (scope, seq) SELECT s, "
            "(SELECT coalesce(max(seq), 0) + 1 FROM fact_changes) "
            f"FROM (SELECT {scope.replace('R.', row + '.')} AS s) WHERE s IS NOT NULL "
            "ON CONFLICT (scope) DO UPDATE SET seq = excluded.seq; "
            for row in rows
        )
        statements.append(
            f"CREATE TRIGGER kept_{table}_{event.lower()} AFTER {event} ON {table} "
            f"FOR EACH ROW BEGIN {body}END"
        )
    return statements
