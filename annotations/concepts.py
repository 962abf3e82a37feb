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

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.text import slugify

from catalogue.models import Line

NAME_MAX_CHARS = 60
MAX_PER_GLOSS = 20

# What an imported gloss is tagged with when its quote or body names it (besides every
# concept already in the database). Machine-learning terms that are rarely anything else in
# these texts; "weight" or "memory" would tag too much ordinary English.
SEED_VOCABULARY = (
    "softmax", "temperature", "latent space", "Hopfield network", "attention", "logit",
    "embedding", "gradient descent", "backpropagation", "transformer", "probability",
    "argmax", "token", "loss function", "neural network", "transfer learning",
    "generative model", "signal processing", "prompt", "vector", "entropy", "inference",
)

_SPACES = re.compile(r"\s+")


class ConceptNameError(ValueError):
    """A name an editor typed that cannot be a concept; the message says why."""


def clean_name(name: str) -> str:
    """The name as typed, trimmed, with runs of spaces made one."""
    return _SPACES.sub(" ", name).strip()


def concept_key(name: str) -> str:
    """What makes two names one concept: case and spacing do not count."""
    return clean_name(name).casefold()


def parse_names(text: str) -> list[str]:
    """Comma-separated names → distinct clean names, first spelling kept, in typed order.

    Raises ConceptNameError for a name too long or too many names.
    """
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


def get_or_create_concepts(names: Iterable[str]) -> list:
    """The concepts of these names, each created if new; an existing concept keeps the
    spelling it was first given. Two editors creating the same concept at once get one."""
    from .models import Concept

    wanted = {concept_key(name): clean_name(name) for name in names if clean_name(name)}
    found = {concept.key: concept for concept in Concept.objects.filter(key__in=wanted)}
    for key, name in wanted.items():
        if key not in found:
            found[key] = _create(Concept, key, name)
    return [found[key] for key in wanted]


def _create(Concept, key: str, name: str):
    for _ in range(3):
        try:
            with transaction.atomic():
                return Concept.objects.create(key=key, name=name, slug=_free_slug(Concept, name))
        except IntegrityError:
            # Someone created it meanwhile (the key is unique), or took the slug: look again.
            existing = Concept.objects.filter(key=key).first()
            if existing is not None:
                return existing
    raise IntegrityError(f"Could not create the concept {name!r}.")


def _free_slug(Concept, name: str) -> str:
    base = slugify(name)[:80] or "concept"
    taken = set(Concept.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


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
    first_seen: dict[str, tuple[int, str]] = {}
    for name in vocabulary:
        name = clean_name(name)
        key = concept_key(name)
        if not name or key in first_seen:
            continue
        match = name_pattern(name).search(text or "")
        if match:
            first_seen[key] = (match.start(), name)
    return [name for _, name in sorted(first_seen.values())]


def import_vocabulary() -> list[str]:
    """What imported glosses are tagged from: the seed terms and every concept so far."""
    from .models import Concept

    return list(SEED_VOCABULARY) + list(Concept.objects.values_list("name", flat=True))


# --- Reading concepts ----------------------------------------------------------------------


def shown_glosses(include_drafts: bool):
    """The glosses a concept page may show: live and placed; published only, for readers."""
    from .models import Gloss

    glosses = Gloss.objects.live().filter(is_orphan=False)
    return glosses if include_drafts else glosses.published()


def concept_index(*, include_drafts: bool) -> list:
    """Every concept with how many glosses it has; readers are not shown concepts whose
    glosses they cannot see. One query."""
    from .models import Concept, Status

    shown = Q(glosses__deleted_at__isnull=True, glosses__is_orphan=False)
    if not include_drafts:
        shown &= Q(glosses__status=Status.PUBLISHED)
    concepts = Concept.objects.annotate(gloss_count=Count("glosses", filter=shown)).order_by("key")
    if not include_drafts:
        concepts = concepts.filter(gloss_count__gt=0)
    return list(concepts)


CONTEXT_LINES = 1  # neighbours shown before and after a glossed line on the concept page


def glossed_lines(glosses) -> list[dict]:
    """These glosses grouped by piece, each with its lines among their neighbours and the
    glossed words cut out for marking. Two queries however many glosses: glosses, lines.

    Meant for a page of glosses: the lines are asked for gloss by gloss in one condition.
    """
    from .reading import _phrase_spans, _segments

    rows = list(
        glosses.order_by("piece__title", "piece_id", "first_line", "start", "pk").values(
            "id", "piece_id", "piece__title", "piece__slug", "first_line", "last_line", "exact",
            "start", "end", "body_html", "status",
        )
    )
    if not rows:
        return []
    wanted = Q()
    for gloss in rows:
        wanted |= Q(piece_id=gloss["piece_id"], n__gte=gloss["first_line"] - CONTEXT_LINES,
                    n__lte=gloss["last_line"] + CONTEXT_LINES)
    found = Line.objects.filter(wanted).order_by().values_list("piece_id", "n", "text")
    text_of = {(piece_id, n): text for piece_id, n, text in found}

    pieces: dict[int, dict] = {}
    for gloss in rows:
        piece = pieces.setdefault(gloss["piece_id"], {
            "title": gloss["piece__title"], "slug": gloss["piece__slug"], "glosses": [],
        })
        marks = defaultdict(list)
        if gloss["exact"] and gloss["start"] is not None:
            for n, start, end in _phrase_spans(gloss):
                marks[n].append((start, end, gloss["id"]))
        lines = []
        for n in range(gloss["first_line"] - CONTEXT_LINES, gloss["last_line"] + CONTEXT_LINES + 1):
            if (gloss["piece_id"], n) not in text_of:
                continue
            glossed = gloss["first_line"] <= n <= gloss["last_line"]
            text = text_of[(gloss["piece_id"], n)]
            # A line glossed as a whole is marked whole; a phrase gloss marks only its words.
            segments = _segments(text, marks.get(n, ())) if marks else [(text, gloss["id"] if glossed else None, ())]
            lines.append({"n": n, "glossed": glossed, "segments": segments})
        piece["glosses"].append({**gloss, "lines": lines})
    return list(pieces.values())


def glosses_and_concepts_version() -> str:
    """Changes whenever a page listing glosses or concepts could (the concept index, search):
    every gloss or commentary write bumps its piece's gloss version, and renaming a concept
    in the admin changes the concepts' table."""
    from catalogue.pagecache import catalogue_version

    from .models import Concept

    return catalogue_version((Concept._meta.db_table, ("name", "slug")))
