"""One module per shape of file the catalogue arrives in.

Each has ``looks_like(text) -> bool`` and ``parse(text) -> ParsedPiece``; ``detect`` decides the
order in which they are asked. What they share lives in ``common``.
"""
