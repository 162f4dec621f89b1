"""The tables. Every change to them needs an Alembic migration and a snapshot in tests/fixtures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class StoredTemplate(SQLModel, table=True):
    """One version of a control template; ``definition`` is the template data as JSON."""

    __tablename__ = "template"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    version: int
    title: str
    source: str  # "shipped" or "user"
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: str


class Review(SQLModel, table=True):
    """A kontrolltillfälle. ``counts_only`` marks an earlier period entered as counts."""

    __table_args__ = (UniqueConstraint("template_key", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="template.id")
    template_key: str = Field(index=True)
    label: str
    date: str
    period_start: str | None = None
    period_end: str | None = None
    counts_only: bool = False
    case_count: int | None = None  # after gallring: how many cases the counts came from
    created_at: str
    created_by: str


class Case(SQLModel, table=True):
    """An ärende in a review, named by its löpnummer. ``role``: case, reserve or replaced."""

    __tablename__ = "review_case"
    __table_args__ = (
        UniqueConstraint("review_id", "number"),
        UniqueConstraint("review_id", "reference"),
    )

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    number: int
    reference: str | None = None
    role: str = "case"
    attributes: dict[str, Any] = Field(default_factory=dict,
                                       sa_column=Column(JSON, nullable=False))
    # Population fields used by the draw's filters, spread and balance (never identifying ones).
    fields: dict[str, Any] = Field(default_factory=dict,
                                   sa_column=Column(JSON, nullable=False, server_default="{}"))


# Every write of an answer counts up its version; an UPDATE or DELETE matches only the version
# the writer read, so two writers never overwrite each other unseen (SQLAlchemy raises
# StaleDataError when no row matched).
_ASSESSMENT_VERSION = Column("version", Integer, nullable=False, server_default="1")


class Assessment(SQLModel, table=True):
    """The answer for one case × item. No row means unassessed.

    ``version`` is 1 when the answer is first stored and grows by one with every write.
    """

    __table_args__ = (UniqueConstraint("case_id", "item_key"),)
    __mapper_args__ = {"version_id_col": _ASSESSMENT_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review_case.id", ondelete="CASCADE"),
                         nullable=False, index=True))
    item_key: str
    option_key: str
    note: str = ""
    by_rule: bool = False
    updated_at: str
    updated_by: str
    version: int = Field(default=1, sa_column=_ASSESSMENT_VERSION)


WHOLE = ""  # ``group_attribute`` of the counts over the whole review


class ReviewCount(SQLModel, table=True):
    """Counts per item and option for a counts-only review (an earlier period, or a gallrad one).

    ``group_attribute`` is empty for the counts over the whole review. Otherwise the row counts
    the cases whose attribute ``group_attribute`` has the value ``group_value`` (empty: blank),
    which is what the breakdowns of the documents need once the cases are gone.
    """

    __tablename__ = "review_count"

    review_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"),
                         primary_key=True))
    group_attribute: str = Field(default=WHOLE, primary_key=True,
                                 sa_column_kwargs={"server_default": WHOLE})
    group_value: str = Field(default="", primary_key=True,
                             sa_column_kwargs={"server_default": ""})
    item_key: str = Field(primary_key=True)
    option_key: str = Field(primary_key=True)
    count: int


class ReviewGroup(SQLModel, table=True):
    """One group of a counts-only review's breakdown: how many cases had the value.

    ``cases`` is None where it is not known (a period entered as counts per group).
    """

    __tablename__ = "review_group"

    review_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"),
                         primary_key=True))
    attribute: str = Field(primary_key=True)
    value: str = Field(primary_key=True)
    cases: int | None = None


class SamplingRecord(SQLModel, table=True):
    """How a review's cases were drawn: algorithm, seed, source file, frame, strata, draw order."""

    __tablename__ = "sampling_record"

    review_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"),
                         primary_key=True))
    algorithm: str
    seed: int
    record: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: str
    created_by: str


class ColumnMapping(SQLModel, table=True):
    """A column mapping the user chose, reused for files with the same header row."""

    __tablename__ = "column_mapping"

    signature: str = Field(primary_key=True)
    mapping: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: str


class Setting(SQLModel, table=True):
    """Organisation settings: kommun, nämnd, förvaltning, logo, small_counts."""

    key: str = Field(primary_key=True)
    value: str


class ReviewText(SQLModel, table=True):
    """Free texts for the nämnd: sammanfattning, kommentar.<item>, analys, … and diarienummer."""

    __tablename__ = "review_text"

    review_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"),
                         primary_key=True))
    key: str = Field(primary_key=True)
    value: str


class ReviewAssignee(SQLModel, table=True):
    """A login that may score a review it did not create. On a server a granskare writes only
    in reviews it created or is assigned (``store.server_schema``); a file has one user."""

    __tablename__ = "review_assignee"

    review_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"),
                         primary_key=True))
    login: str = Field(primary_key=True)


class ReviewLock(SQLModel, table=True):
    """"Redovisad i nämnd": the PDF the nämnd received, byte for byte, with its SHA-256.

    Unlocking fills in the ``unlocked_*`` columns; the row and its PDF are kept, so every
    version the nämnd received stays retrievable.
    """

    __tablename__ = "review_lock"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(
        sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    locked_at: str
    locked_by: str  # the OS user
    reported_by: str  # the name typed for who reported to the nämnd
    paragraph: str = ""
    pdf: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str
    unlocked_at: str | None = None
    unlocked_by: str | None = None
    unlock_reason: str | None = None


class AuditLog(SQLModel, table=True):
    """Append-only: triggers refuse updates and deletes except during gallring (SPEC § 7).

    ``review_id`` is no foreign key, so the log outlives a deleted review. ``case_level``
    marks entries holding case-level values, which gallring removes.
    """

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: str
    user: str
    review_id: int | None = Field(default=None, index=True)
    action: str
    target: str = ""
    old_value: str | None = None
    new_value: str | None = None
    case_level: bool = False


class Maintenance(SQLModel, table=True):
    """Holds one row only while gallring runs; the guard triggers let that transaction through."""

    __tablename__ = "maintenance"

    id: int = Field(primary_key=True)
    reason: str


class BackupFolder(SQLModel, table=True):
    """Every folder the app has written backups of this database to, so gallring cleans all
    of them, also the ones a changed setting no longer names (SPEC § 7.1)."""

    __tablename__ = "backup_folder"

    path: str = Field(primary_key=True)
    first_used: str
    beside: bool = False  # the backups/ folder beside the file where it was, not a chosen one
