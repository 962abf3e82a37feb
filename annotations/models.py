"""Commentary: a gloss is a Markdown body anchored to zero or more places of a piece.

Zero anchors is commentary on the piece as a whole (what used to be ``Commentary``); each
anchor is a line range, optionally an exact phrase in it (W3C TextQuoteSelector plus
positions), with its own orphan state. Every change an editor makes — words, status,
concepts, anchors — is one new version of the gloss in its history; the anchors of each
version are kept in ``anchor_snapshot`` so a version can be read and restored whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from catalogue.models import Piece
from config.compiled import CompiledQuery

from .anchoring import Place
from .markdown import render_markdown
from .names import clean_name, concept_key
from .roles import can_edit
from .visibility import shown_q


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (editors only)"
    PUBLISHED = "published", "Published"


class Origin(models.TextChoices):
    IMPORT = "import", "From the source file"
    EDITOR = "editor", "Written by an editor"


class GlossQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def published(self):
        return self.live().filter(status=Status.PUBLISHED)

    def shown(self, include_drafts: bool = False):
        """The one rule for who sees what (see visibility.py): live and placed; drafts only for editors."""
        return self.filter(shown_q(include_drafts))

    def visible_to(self, user):
        return self.shown(include_drafts=can_edit(user))


class AnchorQuerySet(models.QuerySet):
    def shown(self, include_drafts: bool = False):
        """Placed anchors of the glosses the rule shows."""
        return self.filter(shown_q(include_drafts, prefix="gloss__"), is_orphan=False)

    def orphaned(self):
        """Anchors whose text is gone, of glosses not deleted: what the orphans page lists."""
        return (self.filter(is_orphan=True, gloss__deleted_at__isnull=True)
                .select_related("gloss", "piece").order_by("piece__title", "piece_id", "first_line", "pk"))


class Concept(models.Model):
    """An idea glosses are about (softmax, temperature, latent space…), tagged by editors.

    ``key`` makes "Softmax" and "softmax " one concept; ``name`` is how it was first typed.
    """

    name = models.CharField(max_length=60)
    key = models.CharField(max_length=180, unique=True, editable=False)  # casefold may lengthen ("ß" → "ss")
    slug = models.SlugField(max_length=90, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("concept_detail", args=[self.slug])


def get_or_create_concepts(names: Iterable[str]) -> list:
    """The concepts of these names, each created if new; an existing concept keeps the
    spelling it was first given. Two editors creating the same concept at once get one."""
    wanted = {concept_key(name): clean_name(name) for name in names if clean_name(name)}
    found = {concept.key: concept for concept in Concept.objects.filter(key__in=wanted)}
    for key, name in wanted.items():
        if key not in found:
            found[key] = _create(key, name)
    return [found[key] for key in wanted]


def _create(key: str, name: str):
    for _ in range(3):
        try:
            with transaction.atomic():
                return Concept.objects.create(key=key, name=name, slug=_free_slug(name))
        except IntegrityError:
            # Someone created it meanwhile (the key is unique), or took the slug: look again.
            existing = Concept.objects.filter(key=key).first()
            if existing is not None:
                return existing
    raise IntegrityError(f"Could not create the concept {name!r}.")


def _free_slug(name: str) -> str:
    base = slugify(name)[:80] or "concept"
    taken = set(Concept.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# Kept by name so that a gloss saved with new concepts gets one history record listing them
# (see Gloss.save_versioned), not one per row added or removed.
gloss_history = HistoricalRecords(m2m_fields=["concepts"])

PLACE_FIELDS = ("first_line", "last_line", "exact", "prefix", "suffix", "start", "end", "anchor_text")
TEXT_PLACE_FIELDS = ("exact", "prefix", "suffix", "anchor_text")


def publication_time(status: str, published_at, now=None):
    """When a gloss of this status was published: kept while it stays published, now when it
    becomes so, None while a draft. ``Gloss.stamp_publication`` and the rows written without
    a model object (annotations/imported.py) both follow it."""
    if status != Status.PUBLISHED:
        return None
    return published_at or now or timezone.now()


class Gloss(models.Model):
    """Commentary on a piece, anchored to any number of its places (none: the whole piece)."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="glosses")
    heading = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    # Incremented on every versioned edit; a save that names an older version is refused.
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When it last became published (None while a draft): what feeds of newly published glosses
    # date and order by, so a draft published a week after it was written is news that day.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Order of the piece-level glosses (no anchors) among themselves, as the file had them.
    position = models.PositiveIntegerField(default=0)
    # Every anchor lost (a gloss with no anchors is never an orphan); kept in step by sync_orphan().
    is_orphan = models.BooleanField(default=False)
    # The anchors as of this version, so that each history record holds them (see snapshot()).
    anchor_snapshot = models.JSONField(default=list, blank=True, editable=False)
    # What the source file said, for an imported gloss: a re-import or an undo finds it by this
    # even after an editor changed its words. Empty for editors' glosses.
    import_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Soft-deleted by an import whose file no longer has it: the next import that has it brings it back.
    retired = models.BooleanField(default=False, editable=False)
    # The id it had as piece-level Commentary before issue 10 (old links are redirected).
    legacy_commentary_id = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)
    concepts = models.ManyToManyField(Concept, blank=True, related_name="glosses")

    history = gloss_history
    objects = GlossQuerySet.as_manager()

    class Meta:
        ordering = ["piece", "position", "pk"]
        indexes = [models.Index(fields=["piece", "is_orphan"])]
        verbose_name_plural = "glosses"

    def __str__(self) -> str:
        label = self.heading or self.body[:40]
        return f"{self.piece} ({self.where_label}): {label}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = render_markdown(self.body)
        if update_fields is None or "status" in update_fields:
            self.stamp_publication()
        super().save(*args, **kwargs)

    def stamp_publication(self, now=None) -> None:
        """Keep ``published_at`` true to the status: set when the gloss becomes published, cleared
        when it is no longer (so publishing it again is news again). Every save does this; code
        that writes glosses with ``bulk_create`` calls it itself."""
        self.published_at = publication_time(self.status, self.published_at, now)

    # --- Reading its anchors (no query when prefetched with prefetch_related("anchors"))

    @property
    def anchor_list(self) -> list[Anchor]:
        if self.pk is None:
            return []
        return sorted(self.anchors.all(), key=lambda anchor: anchor.position)

    @property
    def first_anchor(self) -> Anchor | None:
        placed = [anchor for anchor in self.anchor_list if not anchor.is_orphan]
        return (placed or self.anchor_list or [None])[0]

    @property
    def first_line(self) -> int | None:
        anchor = self.first_anchor
        return anchor.first_line if anchor else None

    @property
    def last_line(self) -> int | None:
        anchor = self.first_anchor
        return anchor.last_line if anchor else None

    @property
    def exact(self) -> str:
        anchor = self.first_anchor
        return anchor.exact if anchor else ""

    @property
    def line_label(self) -> str:
        anchor = self.first_anchor
        return anchor.line_label if anchor else "the whole piece"

    @property
    def is_on_piece(self) -> bool:
        return not self.anchor_list

    @property
    def where_label(self) -> str:
        # From the stored snapshot, kept in step with the rows: no query in a list of glosses.
        return where_label(self.anchor_snapshot or [])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def snapshot(self) -> list[dict]:
        return [anchor.as_snapshot() for anchor in self.anchor_list]

    # --- Changes an editor makes. Each one is a new version, kept in the history with who made
    # it, and marks the piece's page as changed so its cached reading is rendered anew.

    @classmethod
    def write(cls, piece: Piece, places: Sequence[Place] | Place | None, *, body: str, status: str, user,
              heading: str = "", concepts=(), orphans: Sequence[Place] = ()) -> Gloss:
        """A new gloss by an editor on these places (none: the whole piece), tagged with the
        concepts of these names (new ones are created). A piece-level gloss goes after the others.
        ``orphans`` are places whose words are not in the text (an imported annotation's lost
        quotes): kept as orphaned anchors after the placed ones, for the orphans page."""
        places = _places(places)
        rows = ([{**place.as_fields(), "is_orphan": False} for place in places]
                + [{**place.as_fields(), "is_orphan": True} for place in orphans])
        with transaction.atomic():
            gloss = cls(piece=piece, heading=heading, body=body, status=status, origin=Origin.EDITOR,
                        created_by=user)
            if not rows:
                last = cls.objects.filter(piece=piece).aggregate(models.Max("position"))["position__max"]
                gloss.position = 0 if last is None else last + 1
            gloss._history_user = user
            gloss._change_reason = "Written"
            gloss.save_versioned(concepts=concepts, anchors=rows)
            piece_commentary_changed(piece.pk)
        return gloss

    def save_versioned(self, *, concepts=None, places: Sequence[Place] | None = None,
                       anchors: list[dict] | None = None) -> None:
        """Save the gloss, with these concepts and anchors if given, as ONE history record.

        simple-history records a version on every save and again on every change to the
        tags; here the gloss, its tags and its anchors are written quietly, and then one
        record is written holding them all. Call inside a transaction.
        """
        created = self._state.adding
        self.skip_history_when_saving = True
        try:
            self.save()
            if concepts is not None:
                self.concepts.set(get_or_create_concepts(concepts))
            if places is not None:
                anchors = [{**place.as_fields(), "is_orphan": False} for place in places]
            if anchors is not None:
                self._write_anchors(anchors)
            self._refresh_anchor_state()
            # Not save(): the body would be rendered again for two derived columns.
            type(self).objects.filter(pk=self.pk).update(anchor_snapshot=self.anchor_snapshot, is_orphan=self.is_orphan)
        finally:
            del self.skip_history_when_saving
        gloss_history.create_historical_record(self, "+" if created else "~")

    def _write_anchors(self, rows: list[dict]) -> None:
        """Make the anchor rows these, in this order. A row naming the ``id`` of one of the
        gloss's anchors updates that anchor (a move keeps its id); the others are created, and
        anchors no row names are deleted."""
        existing = {anchor.pk: anchor for anchor in Anchor.objects.filter(gloss=self)}
        kept, created = [], []
        for index, row in enumerate(rows):
            values = {field: row.get(field, "" if field in TEXT_PLACE_FIELDS else None) for field in PLACE_FIELDS}
            values.update(position=index, is_orphan=bool(row.get("is_orphan")))
            anchor = existing.pop(row.get("id"), None)
            if anchor is None:
                created.append(Anchor(gloss=self, piece_id=self.piece_id, **values))
                continue
            for field, value in values.items():
                setattr(anchor, field, value)
            kept.append(anchor)
        Anchor.objects.filter(pk__in=list(existing)).delete()
        Anchor.objects.bulk_update(kept, [*PLACE_FIELDS, "position", "is_orphan"])
        Anchor.objects.bulk_create(created)

    def record_anchor_change(self, reason: str) -> None:
        """After an import or a retry moved its anchor rows: one history record of the result.

        Not an editor's version (the version number stays): an import does not make an
        editor's open form stale, as before anchors were rows.
        """
        self._refresh_anchor_state()
        self._change_reason = reason[:100]
        self.save(update_fields=["anchor_snapshot", "is_orphan", "updated_at"])

    def _refresh_anchor_state(self) -> None:
        if hasattr(self, "_prefetched_objects_cache"):
            self._prefetched_objects_cache.pop("anchors", None)
        self.anchor_snapshot = self.snapshot()
        self.is_orphan = bool(self.anchor_snapshot) and all(a["is_orphan"] for a in self.anchor_snapshot)

    def revise(self, *, user, based_on: int, reason: str = "", concepts=None, places=None, anchors=None,
               **changes) -> Gloss:
        """Apply ``changes`` if nobody has saved since version ``based_on``; returns self, saved.

        Raises StaleEdit carrying the newer row otherwise, so the later of two editors is
        refused instead of silently overwriting the earlier (no last-write-wins). The row is
        read and written in one transaction: locked on PostgreSQL, and on SQLite the
        IMMEDIATE transaction already holds the write lock from BEGIN.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.version != based_on:
                raise StaleEdit(current)
            for field, value in changes.items():
                setattr(current, field, value)
            current.version = based_on + 1
            current._history_user = user
            current._change_reason = reason[:100]
            current.save_versioned(concepts=concepts, places=places, anchors=anchors)
            piece_commentary_changed(current.piece_id)
        # This instance now holds the saved version too, so a caller never keeps a stale one.
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(current, field.attname))
        if hasattr(self, "_prefetched_objects_cache"):
            self._prefetched_objects_cache.clear()
        return self

    def _edit_anchors(self, edit, *, user, based_on: int, reason: str = "") -> Gloss:
        """Change the anchors with ``edit(list of snapshot dicts) -> new list``, as a version."""
        # One transaction: an import re-anchoring meanwhile (which is not an editor's version)
        # must not be overwritten with the anchors read here.
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.version != based_on:
                raise StaleEdit(current)
            before = current.snapshot()
            after_with_ids = edit([dict(row, id=anchor.pk) for row, anchor in zip(before, current.anchor_list)])
            after = [{key: value for key, value in row.items() if key != "id"} for row in after_with_ids]
            reason = reason or f"Anchors: {where_label(before)} → {where_label(after)}"
            # The rows keep their ids, so an anchor that moves is the same anchor.
            return self.revise(user=user, based_on=based_on, reason=reason, anchors=after_with_ids)

    def add_anchor(self, place: Place, *, user, based_on: int) -> Gloss:
        return self._edit_anchors(lambda rows: rows + [{**place.as_fields(), "is_orphan": False}],
                                  user=user, based_on=based_on)

    def remove_anchor(self, anchor_id: int, *, user, based_on: int) -> Gloss:
        def edit(rows):
            _find(rows, anchor_id)
            return [row for row in rows if row["id"] != anchor_id]

        return self._edit_anchors(edit, user=user, based_on=based_on)

    def move_anchor(self, anchor_id: int, place: Place, *, user, based_on: int, reason: str = "") -> Gloss:
        def edit(rows):
            index = _find(rows, anchor_id)
            rows[index] = {**place.as_fields(), "is_orphan": False, "id": anchor_id}
            return rows

        return self._edit_anchors(edit, user=user, based_on=based_on, reason=reason)

    def soft_delete(self, *, user) -> Gloss:
        """Hide it from the page; the row and its history stay, so it can be restored."""
        return self.revise(user=user, based_on=self.version, reason="Deleted", deleted_at=timezone.now())

    def restore(self, *, user) -> Gloss:
        return self.revise(user=user, based_on=self.version, reason="Restored", deleted_at=None, retired=False)

    def revert_to(self, record, *, user) -> Gloss:
        """Bring back an earlier version whole — words, heading, status, concepts and anchors —
        as a new version (nothing lost). An anchor comes back where it stood then; if that text
        is gone, a re-import or the orphans page places it again."""
        if record.id != self.pk:
            raise ValueError("That version belongs to another item.")
        return self.revise(
            user=user, based_on=self.version, reason=f"Restored version {record.version}",
            deleted_at=None, retired=False, heading=record.heading, body=record.body, status=record.status,
            concepts=concept_names_at(record), anchors=list(record.anchor_snapshot or []),
        )

    def last_editor(self):
        """Who saved the current version, from the history (None for an import or a script)."""
        record = self.history.select_related("history_user").order_by("-history_id").first()
        return record.history_user if record else None


def _find(rows: list[dict], anchor_id) -> int:
    for index, row in enumerate(rows):
        if row["id"] == anchor_id:
            return index
    raise Anchor.DoesNotExist(f"Anchor {anchor_id} is not an anchor of this gloss.")


def _places(places) -> list[Place]:
    if places is None:
        return []
    if isinstance(places, Place):
        return [places]
    return list(places)


class Anchor(models.Model):
    """One place a gloss is anchored to: lines first..last, optionally a phrase in them."""

    gloss = models.ForeignKey(Gloss, on_delete=models.CASCADE, related_name="anchors")
    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()
    exact = models.TextField(blank=True, help_text="The phrase; empty when the whole lines are meant.")
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset in the first line.")
    end = models.PositiveIntegerField(null=True, blank=True, help_text="Offset in the last line.")
    # The lines' text when it was anchored: what an orphan shows, and what fuzzy re-anchoring compares.
    anchor_text = models.TextField(blank=True)
    is_orphan = models.BooleanField(default=False)

    objects = AnchorQuerySet.as_manager()

    class Meta:
        ordering = ["gloss", "position"]
        indexes = [
            models.Index(fields=["piece", "first_line"]),
            models.Index(fields=["gloss", "position"]),
        ]

    def __str__(self) -> str:
        return f"{self.line_label}: {self.exact or self.anchor_text[:40]}"

    @property
    def is_phrase(self) -> bool:
        return bool(self.exact) and self.start is not None

    @property
    def line_label(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}–{self.last_line}"

    def place(self) -> Place:
        return Place(**{field: getattr(self, field) for field in PLACE_FIELDS})

    def as_snapshot(self) -> dict:
        return {**{field: getattr(self, field) for field in PLACE_FIELDS}, "is_orphan": self.is_orphan}


def where_label(anchors: list[dict]) -> str:
    """"line 3", "lines 3, 7", "lines 3–5, 12", "the whole piece" for a list of anchor dicts."""
    if not anchors:
        return "the whole piece"
    parts = [str(a["first_line"]) if a["first_line"] == a["last_line"] else f"{a['first_line']}–{a['last_line']}"
             for a in anchors]
    single = len(anchors) == 1 and anchors[0]["first_line"] == anchors[0]["last_line"]
    return ("line " if single else "lines ") + ", ".join(parts)


def concept_names_at(record) -> list[str]:
    """The names of the concepts a gloss had at one version (one of its history records)."""
    return list(record.concepts.order_by("concept__key").values_list("concept__name", flat=True))


class StaleEdit(Exception):
    """An editor saved a version based on one that is no longer the newest."""

    def __init__(self, current: Gloss):
        super().__init__(f"{current} changed since (now version {current.version}).")
        self.current = current


def piece_commentary_changed(piece_id: int) -> None:
    """Render the piece's page anew and recount its published glosses for the catalogue.

    The piece's row is locked before counting: on PostgreSQL two editors' transactions would
    otherwise each count without the other's new gloss, and the later write would store a
    count one short. Under the lock, whoever writes last counts everything committed.
    """
    with transaction.atomic():
        piece = Piece.objects.filter(pk=piece_id)
        list(piece.select_for_update(no_key=True).values_list("pk", flat=True))
        anchored = models.Exists(Anchor.objects.filter(gloss=models.OuterRef("pk"), is_orphan=False))
        count = Gloss.objects.filter(anchored, piece_id=piece_id).shown().count()
        piece.mark_glosses_changed(gloss_count=count)


# --- Query helpers for pages (a fixed number of queries however many glosses and anchors) ----

ANCHOR_VALUES = ("id", "gloss_id", "position", "first_line", "last_line", "exact", "start", "end")


def piece_glosses(piece_id: int, *, include_drafts: bool) -> list[dict]:
    """The glosses the piece page shows, as dicts with their placed anchors and concepts.

    Three queries: glosses, anchors, concepts. Anchored glosses come in the order of their
    first placed anchor; glosses on the whole piece (no anchors) by position. Orphans (every
    anchor lost) are left out: editors find them on the orphans page.
    """
    glosses = _PIECE_GLOSSES[include_drafts].dicts(piece_id)
    if not glosses:
        return []
    anchors_of = defaultdict(list)
    for anchor in _PIECE_ANCHORS[include_drafts].dicts(piece_id):
        anchors_of[anchor["gloss_id"]].append(anchor)
    concepts_of = concepts_by_gloss(piece_id)
    for gloss in glosses:
        gloss["anchors"] = anchors_of.get(gloss["id"], [])
        gloss["concepts"] = concepts_of.get(gloss["id"], [])
        first = gloss["anchors"][0] if gloss["anchors"] else None
        gloss["first_line"] = first["first_line"] if first else None
        gloss["last_line"] = first["last_line"] if first else None
    return sorted(glosses, key=_reading_order)


# Compiled once (config/compiled.py), for readers and for editors: every cold reading asks them.
_PIECE_GLOSSES = {include_drafts: CompiledQuery(Gloss, lambda piece_id, include_drafts=include_drafts: (
    Gloss.objects.filter(piece_id=piece_id).shown(include_drafts)
    .values("id", "heading", "body_html", "status", "position", "version", "origin", "updated_at",
            "created_by__username", "created_by__first_name", "created_by__last_name")))
    for include_drafts in (False, True)}
_PIECE_ANCHORS = {include_drafts: CompiledQuery(Anchor, lambda piece_id, include_drafts=include_drafts: (
    Anchor.objects.filter(piece_id=piece_id, is_orphan=False)
    .filter(shown_q(include_drafts, prefix="gloss__")).order_by("gloss_id", "position")
    .values(*ANCHOR_VALUES)))
    for include_drafts in (False, True)}


def _reading_order(gloss: dict):
    first = gloss["anchors"][0] if gloss["anchors"] else None
    if first is None:
        return (1, gloss["position"], 0, gloss["id"])
    return (0, first["first_line"], first["start"] or 0, gloss["id"])


def concepts_by_gloss(piece_id: int) -> dict[int, list[dict]]:
    """Gloss id → its concepts ({"name", "slug"}) for every gloss of the piece, in one query."""
    concepts_of = defaultdict(list)
    for gloss_id, name, slug in _PIECE_CONCEPTS.rows(piece_id):
        concepts_of[gloss_id].append({"name": name, "slug": slug})
    return concepts_of


_PIECE_CONCEPTS = CompiledQuery(Gloss.concepts.through, lambda piece_id: (
    Gloss.concepts.through.objects.filter(gloss__piece_id=piece_id).order_by("concept__key")
    .values_list("gloss_id", "concept__name", "concept__slug")))


def orphaned_anchors(piece_id: int) -> list[dict]:
    """Editors: the anchors of the piece's live glosses whose text is gone (one query)."""
    return list(
        Anchor.objects.filter(piece_id=piece_id, is_orphan=True, gloss__deleted_at__isnull=True)
        .order_by("first_line", "pk").values("id", "gloss_id", "first_line", "last_line", "exact", "anchor_text")
    )


def deleted_glosses(piece_id: int) -> list[Gloss]:
    return list(Gloss.objects.filter(piece_id=piece_id, deleted_at__isnull=False).select_related("created_by")
                .prefetch_related("anchors").order_by("-deleted_at"))
