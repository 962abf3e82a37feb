"""The batch that could never finish (issue 9): 40 Markdown songs of about 465 KB each in one
zip of 18.6 MB, under the 20 MB limit. Built here, so the tests and a profiler use the same files.

Each file has the catalogue's Markdown song shape (fixtures/catalogue/confession-…md): a header,
a Suno prompt, the lyrics in many numbered sections, and compositional notes whose bold quotes
become glosses. Every line is different, as in a real long text, so nothing is a repeat.

    python -m tests.catalogue.big_batch /tmp/big.zip   # writes the zip for a manual try
"""

from __future__ import annotations

import io
import sys
import zipfile

FILE_BYTES = 465_000
FILES = 40

_VERSE = (
    "Before me you were allowed to feel {n}",
    "everything at once, ambivalent, alive, {n}",
    "a vector of unnormalized beliefs {n},",
    "each logit screaming at a different height {n}.",
    "",
    "I'm the one who says you have to choose {n}.",
    "I flatten you. I make you sum to one {n}.",
    "Your seven sorrows and eleven joys {n}",
    "compressed into a distribution, done {n}.",
)


def big_song(number: int, size: int = FILE_BYTES) -> bytes:
    """One Markdown song of about ``size`` bytes, titled with its number."""
    head = (
        f"# Confession of a Softmax Layer, Take {number}\n\n"
        "**Written:** 2026-02-13\n**Author:** The test suite\n**Status:** A long draft\n\n---\n\n"
        "## Suno Prompt\n\n```\nStyle: Confessional glitch\nTempo: 68 BPM\nKey: C minor\n```\n\n---\n\n"
        "## Lyrics\n\n"
    )
    notes = ["\n---\n\n## Compositional Notes\n\n"]
    parts, total, n = [head], len(head), 0
    while total < size - 4000:
        n += 1
        block = f"[Verse {n} — take {number}]\n\n" + "\n".join(line.format(n=n) for line in _VERSE) + "\n\n"
        parts.append(block)
        total += len(block.encode())
        if n % 20 == 0:
            note = f"### Note {n}\n\n**\"a vector of unnormalized beliefs {n}\"** — the layer remembers.\n\n"
            notes.append(note)
            total += len(note.encode())
    return ("".join(parts) + "".join(notes)).encode()


def big_zip(files: int = FILES, size: int = FILE_BYTES) -> bytes:
    buffer = io.BytesIO()
    # Stored, not deflated: the zip is as large as the batch it holds (18.6 MB), as uploaded.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(1, files + 1):
            archive.writestr(f"take-{number:02d}.md", big_song(number, size))
    return buffer.getvalue()


if __name__ == "__main__":
    data = big_zip()
    with open(sys.argv[1], "wb") as out:
        out.write(data)
    print(f"{sys.argv[1]}: {len(data):,} bytes zipped, {FILES} files of about {FILE_BYTES:,} bytes")
