"""What a reader types → a query each engine can run safely, with the same meaning on both.

A reader's query is a list of terms, all of which must match one line (or title, gloss, note):

    softmax temperature     both words (stemmed: "layers" finds "layer")
    "latent space"          the words next to each other, in this order
    soft*                   any word starting with "soft"
    -noise                  no line with "noise" (only beside a word to look for)
    softmax OR logit        either word (OR in capitals, between two terms)

Nothing a reader types is passed to an engine as syntax. Words are cut out of the text with
one rule (runs of letters and digits) and handed over quoted (FTS5) or as bare lexemes
(tsquery), so a stray quote, bracket, colon, AND, NEAR or lone asterisk is only punctuation
or a word. English stop words are dropped outside phrases, as PostgreSQL's English
configuration does, so that SQLite (which keeps them) finds the same lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .stopwords import STOP_WORDS

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

# A word is a run of letters and digits: the rule both FTS5's unicode61 tokenizer and
# PostgreSQL's parser agree on for the text a catalogue holds.
WORD = re.compile(r"[^\W_]+")
# One chunk of the query: an optional minus, then a quoted phrase (its closing quote may be
# missing) or a run of anything but spaces and quotes; then an optional asterisk.
CHUNK = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?(?P<star>\*?)|(?P<bare>[^\s"]+))')


@dataclass(frozen=True)
class Term:
    """Words that must stand together (one word, or a phrase), the last maybe a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        # Inside double quotes FTS5 reads no operators; words are letters and digits only.
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        lexemes = list(self.words)
        if self.prefix:
            lexemes[-1] += ":*"
        return "(" + " <-> ".join(lexemes) + ")"


@dataclass(frozen=True)
class Query:
    """All groups must match; a group matches when any of its terms does; no excluded term may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    text: str = field(default="", compare=False)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self) -> str:
        """The FTS5 MATCH expression: groups joined by AND, each an OR of terms, then NOTs."""
        expression = " AND ".join("(" + " OR ".join(t.fts5() for t in group) + ")" for group in self.groups)
        for term in self.excluded:
            expression = f"({expression}) NOT {term.fts5()}"
        return expression

    def tsquery(self) -> str:
        """The to_tsquery('english', …) text: the same structure with &, | and !."""
        parts = ["(" + " | ".join(t.tsquery() for t in group) + ")" for group in self.groups]
        parts += ["!" + t.tsquery() for t in self.excluded]
        return " & ".join(parts)

    @property
    def words(self) -> list[str]:
        return [word for group in self.groups for term in group for word in term.words]


def parse(text: str) -> Query:
    """Read what a reader typed; never raises. An empty Query means there is nothing to look for."""
    text = unicodedata.normalize("NFC", text or "")[:MAX_QUERY_CHARS]
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False  # the previous chunk was OR
    for match in CHUNK.finditer(text):
        chunk = match.group("phrase") if match.group("phrase") is not None else match.group("bare")
        if match.group("bare") == "OR" and not match.group("minus"):
            join_next = bool(groups)
            continue
        prefix = bool(match.group("star")) or chunk.endswith("*")
        term = _term(chunk, prefix=prefix)
        if term is None:
            continue
        if match.group("minus"):
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
    if not groups:
        excluded = []  # "-noise" alone would ask for every line but a few
    return Query(tuple(tuple(group) for group in groups), tuple(excluded), text=text.strip())


def _term(chunk: str, *, prefix: bool) -> Term | None:
    """The words of one chunk; "pre-chorus" or "don't" becomes a phrase of its parts.

    Stop words at either end are dropped (PostgreSQL ignores them there); inside a phrase
    they stay, where PostgreSQL counts them as a gap of one word.
    """
    words = [word.lower() for word in WORD.findall(chunk)]
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    while words and words[-1] in STOP_WORDS:
        words.pop()
        prefix = False
    if not words:
        return None
    return Term(tuple(words), prefix=prefix)
