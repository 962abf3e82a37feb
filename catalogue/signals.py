from django.dispatch import Signal

# Sent inside the import's transaction after a piece's lines were written, so that the
# commentary (which lives in annotations, an app catalogue must not import) is stored or
# re-anchored in the same transaction. Arguments: piece, parsed (ParsedPiece),
# previous_lines (list of (n, text) before the import; empty for a new piece), lines (the (n, text)
# just written, so receivers need not read them back), created (the piece is new in this import).
piece_text_imported = Signal()
