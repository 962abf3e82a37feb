"""Concepts: the ideas glosses are about (softmax, temperature, latent space…), as tags.

An editor types names; a name becomes a concept the first time it is used and is the same
concept however it is capitalised or spaced afterwards ("Latent  Space" is "latent space").
Imported glosses are tagged with the concepts their words name (``concepts_named``), so a
fresh catalogue already has a concept index. The pages that read concepts are at the end.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from catalogue.models import Line

from .marking import phrase_spans, segments
from .models import Anchor, Concept, Gloss, get_or_create_concepts
from .names import NAME_MAX_CHARS, clean_name, concept_key
from .visibility import shown_q

__all__ = ["NAME_MAX_CHARS", "clean_name", "concept_key", "get_or_create_concepts", "parse_names", "concepts_named",
           "import_vocabulary", "shown_glosses", "concept_index", "glossed_lines", "concept_glosses"]

MAX_PER_GLOSS = 20
# What an editor can type for the names of one gloss, commas and spaces included; a longer text
# is refused before it is split (a million commas cost most of a second).
NAMES_MAX_CHARS = 2000

# What an imported gloss is tagged with when its quote or body names it (besides every
# concept already in the database). Machine-learning terms that are rarely anything else in
# these texts; "weight" or "memory" would tag too much ordinary English.
SEED_VOCABULARY = (
    "softmax", "temperature", "latent space", "Hopfield network", "attention", "logit",
    "embedding", "gradient descent", "backpropagation", "transformer", "probability",
    "argmax", "token", "loss function", "neural network", "transfer learning",
    "generative model", "signal processing", "prompt", "vector", "entropy", "inference",
)


class ConceptNameError(ValueError):
    """A name an editor typed that cannot be a concept; the message says why."""


def parse_names(text: str) -> list[str]:
    """Comma-separated names → distinct clean names, first spelling kept, in typed order.

    Raises ConceptNameError for a name too long or too many names.
    """
    if len(text) > NAMES_MAX_CHARS:
        raise ConceptNameError(f"The concepts take {len(text):,} characters; the limit is {NAMES_MAX_CHARS:,}.")
    names: dict[str, str] = {}
    for part in text.split(","):
        name = clean_name(part)
        if not name:
            continue
        if len(name) > NAME_MAX_CHARS:
            raise ConceptNameError(f"“{name[:20]}…” is too long for a concept: at most {NAME_MAX_CHARS} characters.")
        names.setdefault(concept_key(name), name)
    if len(names) > MAX_PER_GLOSS:
        raise ConceptNameError(f"At most {MAX_PER_GLOSS} concepts per gloss.")
    return list(names.values())


# --- Tagging what the importer brings ------------------------------------------------------


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern:
    """``name`` as whole words, in any case, spacing or hyphenation, singular or plural
    ("logits", "Hopfield networks", "probabilities", "latent-space")."""
    words = [re.escape(word) for word in clean_name(name).split(" ")]
    last = words[-1]
    if re.fullmatch(r".*[^aeiou]y", name, re.IGNORECASE):
        last = f"(?:{last}|{last[:-1]}ies)"
    words[-1] = f"{last}(?:e?s)?"
    # Not \b: it fails beside a name that ends in a non-word character ("C++").
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)", re.IGNORECASE)


def concepts_named(text: str, vocabulary: Iterable[str]) -> list[str]:
    """The names in ``vocabulary`` that ``text`` mentions, each once and spelt as in the
    vocabulary, in the order they first appear in the text."""
    return [name for _, name in sorted(concepts_found(text, vocabulary).values())]


def concepts_found(text: str, vocabulary: Iterable[str],
                   found: dict[str, tuple[int, str]] | None = None) -> dict[str, tuple[int, str]]:
    """``concepts_named`` before its sort: each key mentioned, with where it is first mentioned
    and the name. Given ``found`` (what an earlier part of the vocabulary found), it goes on
    from there: the first part may be searched elsewhere (the importer's parsing processes)."""
    first_seen: dict[str, tuple[int, str]] = {} if found is None else found
    for name in vocabulary:
        name = clean_name(name)
        key = concept_key(name)
        if not name or key in first_seen:
            continue
        match = name_pattern(name).search(text or "")
        if match:
            first_seen[key] = (match.start(), name)
    return first_seen


def import_vocabulary() -> list[str]:
    """What imported glosses are tagged from: the seed terms and every concept so far."""
    return list(SEED_VOCABULARY) + list(Concept.objects.values_list("name", flat=True))


# --- Reading concepts ----------------------------------------------------------------------


def shown_glosses(include_drafts: bool):
    """The glosses a concept page may show: the one rule (visibility.py), with at least one
    placed anchor (a gloss on the whole piece has no line to show)."""
    placed = Exists(Anchor.objects.filter(gloss=OuterRef("pk"), is_orphan=False))
    return Gloss.objects.shown(include_drafts).filter(placed)


def concept_index(*, include_drafts: bool) -> list:
    """Every concept with how many glosses it has; readers are not shown concepts whose
    glosses they cannot see. One query."""
    shown = shown_q(include_drafts, prefix="glosses__")
    concepts = Concept.objects.annotate(gloss_count=Count("glosses", filter=shown)).order_by("key")
    if not include_drafts:
        concepts = concepts.filter(gloss_count__gt=0)
    return list(concepts)


CONTEXT_LINES = 1  # neighbours shown before and after a glossed line on the concept page


def glossed_lines(glosses) -> list[dict]:
    """These glosses grouped by piece, each with every line it is anchored to among their
    neighbours and the glossed words cut out for marking. Three queries however many glosses
    and anchors: glosses, anchors, lines.

    Meant for a page of glosses: the lines are asked for anchor by anchor in one condition.
    Each gloss's ``lines`` run in order; ``gap_before`` marks where its anchors' passages are
    not next to each other.
    """
    rows = list(glosses.order_by("piece__title", "piece_id", "pk").values(
        "id", "piece_id", "piece__title", "piece__slug", "heading", "body_html", "status",
        "origin", "updated_at", "created_by__username", "created_by__first_name", "created_by__last_name",
    ))
    if not rows:
        return []
    anchors_of = defaultdict(list)
    for anchor in (Anchor.objects.filter(gloss_id__in=[gloss["id"] for gloss in rows], is_orphan=False)
                   .order_by("gloss_id", "position")
                   .values("id", "gloss_id", "piece_id", "position", "first_line", "last_line", "exact", "start", "end")):
        anchors_of[anchor["gloss_id"]].append(anchor)
    wanted = Q()
    for anchors in anchors_of.values():
        for anchor in anchors:
            wanted |= Q(piece_id=anchor["piece_id"], n__gte=anchor["first_line"] - CONTEXT_LINES,
                        n__lte=anchor["last_line"] + CONTEXT_LINES)
    found = Line.objects.filter(wanted).order_by().values_list("piece_id", "n", "text") if anchors_of else []
    text_of = {(piece_id, n): text for piece_id, n, text in found}

    pieces: dict[int, dict] = {}
    for gloss in sorted(rows, key=lambda g: (g["piece__title"], g["piece_id"], _first_line(anchors_of[g["id"]]),
                                             g["id"])):
        anchors = anchors_of[gloss["id"]]
        if not anchors:
            continue
        piece = pieces.setdefault(gloss["piece_id"], {
            "title": gloss["piece__title"], "slug": gloss["piece__slug"], "glosses": [],
        })
        marks = defaultdict(list)
        glossed = set()
        for anchor in anchors:
            glossed.update(range(anchor["first_line"], anchor["last_line"] + 1))
            if anchor["exact"] and anchor["start"] is not None:
                for n, start, end in phrase_spans(anchor):
                    marks[n].append((start, end, gloss["id"]))
        numbers = sorted({n for anchor in anchors
                          for n in range(anchor["first_line"] - CONTEXT_LINES, anchor["last_line"] + CONTEXT_LINES + 1)
                          if (gloss["piece_id"], n) in text_of})
        lines, previous = [], None
        for n in numbers:
            text = text_of[(gloss["piece_id"], n)]
            # A line glossed as a whole is marked whole; a phrase marks only its words.
            if n in marks:
                line_segments = segments(text, marks[n])
            else:
                whole = n in glossed and not any(_phrase_covers(anchor, n) for anchor in anchors)
                line_segments = [(text, gloss["id"] if whole else None, (gloss["id"],) if whole else ())]
            lines.append({"n": n, "glossed": n in glossed, "segments": line_segments,
                          "gap_before": previous is not None and n != previous + 1})
            previous = n
        first = anchors[0]
        piece["glosses"].append({**gloss, "first_line": first["first_line"], "last_line": first["last_line"],
                                 "anchors": anchors, "lines": lines})
    return list(pieces.values())


def _first_line(anchors: list[dict]) -> int:
    return anchors[0]["first_line"] if anchors else 0


def _phrase_covers(anchor: dict, n: int) -> bool:
    return bool(anchor["exact"]) and anchor["start"] is not None and anchor["first_line"] <= n <= anchor["last_line"]


def concept_glosses(concept, *, include_drafts: bool):
    """The glosses of a concept page in page order (piece, first anchored line): a queryset, to paginate."""
    first = Anchor.objects.filter(gloss=OuterRef("pk"), is_orphan=False).order_by("position").values("first_line")[:1]
    return (shown_glosses(include_drafts).filter(concepts=concept)
            .annotate(first_anchor_line=Subquery(first))
            .order_by("piece__title", "piece_id", "first_anchor_line", "pk"))


def glosses_and_concepts_version() -> str:
    """Changes whenever a page listing glosses or concepts could (the concept index, search):
    every gloss or commentary write bumps its piece's gloss version, and renaming a concept
    in the admin changes the concepts' table."""
    from catalogue.pagecache import catalogue_version

    from .models import Concept

    return catalogue_version((Concept._meta.db_table, ("name", "slug")))
