"""A synthetic catalogue for benchmarks: many pieces, lines and glosses, made in bulk.

    manage.py generate_catalogue --pieces 10000 --lines 100 --glosses 10   # a million lines

Lines read like word salad with the statistics of real text: mostly common English words
(stop words included), a good share of machine-learning words (each on a few percent of
lines), and now and then a rare word (on a few dozen lines of a million), so a benchmark can
ask for a common word, a rare one, a phrase and a prefix. Rows go in with bulk_create, so
no save() and no signals: the search index keeps up through the database's own triggers
and indexes.
"""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotations.markdown import render_markdown
from annotations.models import Anchor, Gloss
from catalogue.models import Line, Piece, Section, Tag

WORDS = (
    "softmax temperature latent space attention query key value gradient descent logit token "
    "embedding manifold hopfield energy memory pattern weight bias layer neuron signal noise "
    "dream silence number vector matrix tensor probability distribution entropy loss epoch"
).split()
COMMON = (
    "the a of and in to is it we you i my your our all not no into through over under between "
    "light night river glass stone water fire voice heart hand eye door road sky field rain "
    "slow soft cold warm bright dark deep still quiet lost found open close hold turn fall rise "
    "sing call wait know learn dream return remember forget carry burn break bend count choose"
).split()
SYLLABLES = "ka lo mi ner vo zu tal rin esh qua dor fel ix mon pra sul tek vin yor zan".split()
KEYS = ["C minor", "A minor", "D major", "E minor", "G major", "F minor", "B♭ major", "E♭ minor"]
TAGS = ["industrial techno", "afro trap r&b", "koto alt-pop", "doo-wop drumstep", "accordion drill", "glitch folk"]
AUTHORS = [f"Generator {name}" for name in ("Ada", "Alan", "Grace", "Claude", "Edsger", "Barbara", "Donald", "Frances")]
BATCH = 250


class Command(BaseCommand):
    help = "Generate synthetic pieces (titles prefixed 'Synthetic') with lines and glosses."

    def add_arguments(self, parser):
        parser.add_argument("--pieces", type=int, default=100)
        parser.add_argument("--lines", type=int, default=100, help="Lines per piece")
        parser.add_argument("--glosses", type=int, default=10, help="Glosses per piece")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, pieces, lines, glosses, seed, **options):
        if pieces < 1 or lines < 1 or glosses < 0 or glosses > lines:
            raise CommandError("Need --pieces ≥ 1, --lines ≥ 1 and 0 ≤ --glosses ≤ --lines.")
        rng = random.Random(seed)
        rare = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]  # "kalomi", 8,000 of them
        tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-").replace("&", "and")})[0]
                for name in TAGS]
        start = Piece.objects.filter(title__startswith="Synthetic").count()
        for batch_start in range(0, pieces, BATCH):
            with transaction.atomic():
                count = min(BATCH, pieces - batch_start)
                self._batch(rng, rare, start + batch_start, count, lines, glosses, tags)
            if (batch_start // BATCH) % 8 == 7 or batch_start + BATCH >= pieces:
                self.stdout.write(f"{min(batch_start + BATCH, pieces)} of {pieces} pieces")

    def _words(self, rng, rare, count):
        words = []
        for _ in range(count):
            roll = rng.random()
            words.append(rng.choice(COMMON) if roll < 0.6 else rng.choice(WORDS) if roll < 0.995 else rng.choice(rare))
        return " ".join(words)

    def _batch(self, rng, rare, offset, count, lines, glosses, tags):
        made = Piece.objects.bulk_create(
            Piece(
                title=f"Synthetic {offset + i + 1} {rng.choice(WORDS)} {rng.choice(WORDS)}",
                slug=f"synthetic-{offset + i + 1}",
                kind=rng.choice(["song", "song", "poem", "prose"]),
                author=rng.choice(AUTHORS),
                written=date(2020, 1, 1) + timedelta(days=rng.randrange(2000)),
                key=rng.choice(KEYS),
                tempo_bpm=rng.randrange(60, 180),
                line_count=lines,
                gloss_count=glosses,
            )
            for i in range(count)
        )
        Piece.tags.through.objects.bulk_create(
            Piece.tags.through(piece_id=piece.pk, tag_id=tag.pk) for piece in made for tag in rng.sample(tags, 2)
        )
        sections = Section.objects.bulk_create(
            Section(piece=piece, position=s, label=f"Verse {s + 1}", kind="verse")
            for piece in made
            for s in range((lines + 7) // 8)
        )
        by_piece = {}
        for section in sections:
            by_piece.setdefault(section.piece_id, []).append(section)
        rows, notes, places = [], [], []
        for piece in made:
            texts = [self._words(rng, rare, 8).capitalize() for _ in range(lines)]
            piece.first_line = texts[0]
            for n, text in enumerate(texts, start=1):
                rows.append(Line(piece=piece, section=by_piece[piece.pk][(n - 1) // 8], n=n, text=text))
            for n in rng.sample(range(1, lines + 1), glosses):
                body = f"On *{rng.choice(WORDS)}* and {rng.choice(WORDS)}: {self._words(rng, rare, 12)}."
                place = {"first_line": n, "last_line": n, "anchor_text": texts[n - 1]}
                notes.append(Gloss(piece=piece, body=body, body_html=render_markdown(body),
                                   anchor_snapshot=[{**place, "exact": "", "prefix": "", "suffix": "", "start": None,
                                                     "end": None, "is_orphan": False}]))
                places.append(place)
        Piece.objects.bulk_update(made, ["first_line"])
        Line.objects.bulk_create(rows, batch_size=2000)
        # bulk_create skips save(), so body_html was rendered above, and publication is stamped here.
        for note in notes:
            note.stamp_publication()
        Gloss.objects.bulk_create(notes, batch_size=2000)
        # One anchor each, on the line it glosses (bulk_create gave the glosses their ids).
        Anchor.objects.bulk_create(
            (Anchor(gloss=gloss, piece_id=gloss.piece_id, position=0, **place) for gloss, place in zip(notes, places)),
            batch_size=2000,
        )
