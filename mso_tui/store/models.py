"""Peewee models: the whole domain (docs/architecture.md), bound to a proxy that db.py initialises."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DeferredForeignKey,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


def utcnow() -> dt.datetime:
    """Now, in UTC without tzinfo (how every timestamp is stored)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def today() -> dt.date:
    """Today's date in UTC (the day a credit counter belongs to)."""
    return utcnow().date()


class JSONField(TextField):
    """A list or dict stored as JSON text."""

    def db_value(self, value: Any) -> str | None:
        """Serialise to compact JSON."""
        return None if value is None else json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    def python_value(self, value: str | None) -> Any:
        """Parse stored JSON."""
        return None if value is None else json.loads(value)


class BaseModel(Model):
    """Common base: one database, snake_case table names."""

    class Meta:
        database = database
        legacy_table_names = False


class Project(BaseModel):
    """A piece of work spanning many sessions."""

    name = CharField(unique=True)
    description = TextField(default="")
    status = CharField(default="active", index=True)  # active / paused / completed / archived
    repo_path = TextField(null=True, index=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    delivered_handoff_id = IntegerField(null=True)  # a version chosen on purpose; None: the latest session's


class Account(BaseModel):
    """An agent or web-chat account with a daily credit budget."""

    name = CharField(unique=True)
    platform = CharField(default="")
    email = CharField(default="")
    daily_budget = DoubleField(default=0.0)
    credits_today = DoubleField(default=0.0)
    credits_date = DateField(null=True)  # the day credits_today counts; another day means zero
    specialization = CharField(default="")
    status = CharField(default="available")  # available / active / exhausted / inactive
    last_used = DateTimeField(null=True)


class Session(BaseModel):
    """One working session of an agent on a project."""

    project = ForeignKeyField(Project, backref="sessions", on_delete="CASCADE")
    number = IntegerField()
    type = CharField(default="development")  # development / research / debugging / deployment / imported
    agent = CharField(default="manual")  # claude-code / codex / aider / gemini / cursor / manual / web
    account = ForeignKeyField(Account, null=True, backref="sessions", on_delete="SET NULL")
    title = TextField(default="")
    started_at = DateTimeField(default=utcnow, index=True)
    completed_at = DateTimeField(null=True)
    duration_seconds = DoubleField(null=True)
    status = CharField(default="in_progress", index=True)  # in_progress / completed / failed / paused
    objectives = JSONField(default=list)  # [{"text": str, "done": bool}]
    accomplishments = JSONField(default=list)  # [str]
    blockers = JSONField(default=list)  # [str]
    resolved = JSONField(null=True, default=list)  # carried blockers / next steps this session closed
    notes = TextField(default="")
    credits_used = DoubleField(default=0.0)
    credit_budget = DoubleField(null=True)
    input_tokens = BigIntegerField(default=0)
    output_tokens = BigIntegerField(default=0)
    cache_creation_tokens = BigIntegerField(default=0)
    cache_read_tokens = BigIntegerField(default=0)
    cost_usd = DoubleField(default=0.0)
    git_start = CharField(null=True)
    git_end = CharField(null=True)
    git_baseline = JSONField(null=True)  # {path: blob hash ("" missing)} of the files dirty at the start
    agent_session_id = CharField(null=True, index=True)  # the agent's own id, for re-imports
    cwd = TextField(null=True)
    previous_handoff = DeferredForeignKey("Handoff", null=True, on_delete="SET NULL")
    generated_handoff = DeferredForeignKey("Handoff", null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("project", "number"), True),)


class Handoff(BaseModel):
    """A master prompt written when a session ends, loaded when the next one starts."""

    project = ForeignKeyField(Project, backref="handoffs", on_delete="CASCADE")
    session = ForeignKeyField(Session, null=True, backref="handoffs", on_delete="CASCADE")
    kind = CharField(default="extractive")  # extractive / llm / manual / hybrid
    master_prompt = TextField()
    sections = JSONField(default=dict)  # section name -> list of items or text
    key_items = JSONField(default=list)  # machine-extracted items used for coverage
    generator_model = CharField(default="")
    tokens_in = IntegerField(default=0)
    tokens_out = IntegerField(default=0)
    compression_ratio = DoubleField(null=True)
    tokenizer = CharField(default="")
    coverage = DoubleField(null=True)  # weighted share of the session inventory it names
    coverage_by_class = JSONField(null=True)  # class -> [kept, total]
    left_out = JSONField(null=True)  # inventory items not carried: [{"cls", "text", "seq", "detail"}]
    notes = TextField(default="")  # e.g. why the LLM path fell back
    times_used = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow, index=True)


class HandoffPin(BaseModel):
    """An item the user pinned: carried into every later handoff of the project until unpinned or closed."""

    project = ForeignKeyField(Project, backref="pins", on_delete="CASCADE")
    text = TextField()
    kind = CharField(default="")  # the inventory class it came from, if any
    seq = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    closed_at = DateTimeField(null=True)


class Turn(BaseModel):
    """One message of a session's conversation."""

    session = ForeignKeyField(Session, backref="turns", on_delete="CASCADE")
    seq = IntegerField()
    role = CharField()  # user / assistant / tool / system
    kind = CharField(default="message")  # message / tool_call / tool_result / summary / thinking / meta / teammate
    text = TextField(default="")
    tool_name = CharField(null=True)
    tool_input = TextField(null=True)
    is_error = BooleanField(default=False)
    exit_code = IntegerField(null=True)
    is_sidechain = BooleanField(default=False)
    model = CharField(null=True)
    input_tokens = IntegerField(default=0)
    output_tokens = IntegerField(default=0)
    timestamp = DateTimeField(null=True)
    source_id = CharField(null=True)

    class Meta:
        indexes = (
            (("session", "seq"), False),
            (("session", "source_id"), True),
        )


class UsageEvent(BaseModel):
    """One billed model call, counted once."""

    session = ForeignKeyField(Session, null=True, backref="usage_events", on_delete="CASCADE")
    message_id = CharField()
    request_id = CharField(default="")
    model = CharField(default="")
    input_tokens = IntegerField(default=0)
    output_tokens = IntegerField(default=0)
    cache_creation_tokens = IntegerField(default=0)
    cache_read_tokens = IntegerField(default=0)
    cost_usd = DoubleField(null=True)  # null: the model is unpriced
    timestamp = DateTimeField(null=True, index=True)
    is_sidechain = BooleanField(default=False)  # a subagent's record (the parent's record is preferred)

    class Meta:
        indexes = ((("message_id", "request_id"), True),)


class KnowledgeEntry(BaseModel):
    """A reusable pattern, solution or lesson."""

    category = CharField(default="pattern")  # pattern / solution / troubleshooting / best_practice
    title = CharField()
    description = TextField(default="")
    content = TextField(default="")
    tags = JSONField(default=list)
    usage_count = IntegerField(default=0)
    success_rate = DoubleField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class FileChange(BaseModel):
    """A file a session created, modified, deleted or renamed."""

    project = ForeignKeyField(Project, backref="file_changes", on_delete="CASCADE")
    session = ForeignKeyField(Session, backref="file_changes", on_delete="CASCADE")
    path = TextField()
    old_path = TextField(null=True)
    file_type = CharField(default="")
    change_type = CharField(default="modified")  # created / modified / deleted / renamed
    lines_added = IntegerField(default=0)
    lines_removed = IntegerField(default=0)

    class Meta:
        indexes = ((("session", "path"), True),)


class ImportedFile(BaseModel):
    """A transcript file already read, so re-imports read only what is new."""

    path = TextField(unique=True)
    size = BigIntegerField(default=0)
    mtime = DoubleField(default=0.0)
    inode = BigIntegerField(default=0)
    offset = BigIntegerField(default=0)
    format = CharField(default="")
    session = ForeignKeyField(Session, null=True, on_delete="SET NULL")
    state = JSONField(default=dict)  # importer state carried between incremental reads
    last_result = JSONField(default=dict)
    imported_at = DateTimeField(default=utcnow)


class AgentLink(BaseModel):
    """Which mso session an agent's own session id went into (several agent sessions may share one)."""

    agent_session_id = CharField(unique=True)
    session = ForeignKeyField(Session, backref="agent_links", on_delete="CASCADE")


class Budget(BaseModel):
    """A USD cap per period (day / week / month / block), overall or for one project or account."""

    scope = CharField(default="overall")  # overall / project / account
    target = CharField(default="")  # the project's or account's name; "" overall
    period = CharField(default="day")
    limit_usd = DoubleField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("scope", "target", "period"), True),)


ALL_MODELS: list[type[BaseModel]] = [
    Project, Account, Session, Handoff, Turn, UsageEvent, KnowledgeEntry, FileChange, ImportedFile, AgentLink,
    HandoffPin, Budget,
]
