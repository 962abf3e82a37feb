"""A synthetic catalogue for benchmarks: many pieces, lines and glosses, made in bulk."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotations.markdown import render_markdown
from annotations.models import Gloss
from catalogue.models import Line, Piece, Section, Tag

WORDS = (
    "softmax temperature latent space attention query key value gradient descent logit token "
    "embedding manifold hopfield energy memory pattern weight bias layer neuron signal noise "
    "dream silence number vector matrix tensor probability distribution entropy loss epoch"
).split()
KEYS = ["C minor", "A minor", "D major", "E minor", "G major", "F minor"]
TAGS = ["industrial techno", "afro trap r&b", "koto alt-pop", "doo-wop drumstep", "accordion drill", "glitch folk"]


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
        tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-").replace("&", "and")})[0]
                for name in TAGS]
        start = Piece.objects.filter(title__startswith="Synthetic").count()
        body_html = {}
        for batch_start in range(0, pieces, 200):
            with transaction.atomic():
                self._batch(rng, start + batch_start, min(200, pieces - batch_start), lines, glosses, tags, body_html)
            self.stdout.write(f"{min(batch_start + 200, pieces)} of {pieces} pieces")

    def _batch(self, rng, offset, count, lines, glosses, tags, body_html):
        made = Piece.objects.bulk_create(
            Piece(
                title=f"Synthetic {offset + i + 1} {rng.choice(WORDS)} {rng.choice(WORDS)}",
                slug=f"synthetic-{offset + i + 1}",
                kind=rng.choice(["song", "song", "poem", "prose"]),
                author="Generator",
                key=rng.choice(KEYS),
                tempo_bpm=rng.randrange(60, 180),
                line_count=lines,
                gloss_count=glosses,
            )
            for i in range(count)
        )
        Piece.tags.through.objects.bulk_create(
            Piece.tags.through(piece_id=piece.pk, tag_id=rng.choice(tags).pk) for piece in made
        )
        sections = Section.objects.bulk_create(
            Section(piece=piece, position=s, label=f"Verse {s + 1}", kind="verse")
            for piece in made
            for s in range((lines + 7) // 8)
        )
        by_piece = {}
        for section in sections:
            by_piece.setdefault(section.piece_id, []).append(section)
        rows, notes = [], []
        for piece in made:
            texts = [" ".join(rng.choice(WORDS) for _ in range(8)).capitalize() for _ in range(lines)]
            piece.first_line = texts[0]
            for n, text in enumerate(texts, start=1):
                rows.append(Line(piece=piece, section=by_piece[piece.pk][(n - 1) // 8], n=n, text=text))
            for n in rng.sample(range(1, lines + 1), glosses):
                body = f"On *{rng.choice(WORDS)}* and {rng.choice(WORDS)}."
                html = body_html.setdefault(body, render_markdown(body))
                notes.append(Gloss(piece=piece, first_line=n, last_line=n, anchor_text=texts[n - 1],
                                   body=body, body_html=html))
        Piece.objects.bulk_update(made, ["first_line"])
        Line.objects.bulk_create(rows, batch_size=2000)
        # bulk_create skips save(), so body_html was rendered above, once per distinct body.
        Gloss.objects.bulk_create(notes, batch_size=2000)
