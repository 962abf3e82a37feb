from django.dispatch import Signal

# Sent inside the import's transaction after a piece's lines were written, so that the
# commentary (which lives in annotations, an app catalogue must not import) is stored or
# re-anchored in the same transaction. Arguments: piece, parsed (ParsedPiece),
# previous_lines (list of (n, text) before the import; empty for a new piece), lines (the (n, text)
# just written, so receivers need not read them back), created (the piece is new in this import).
piece_text_imported = Signal()

# Sent where a file has just been parsed for the import's pool (``importing/pipeline.py``): in a
# worker process, which must never touch the database. Receivers may do pure-CPU work for the
# store ahead of it (argument: parsed) and return a dict of it; the dicts, merged, reach the
# receivers of piece_text_imported as ``prepared``. Without them ({}: a file parsed in-process)
# the store must come out the same, the work done there instead.
piece_parsed = Signal()

# Sent inside the import's transaction just before the lines of a piece that has none are
# inserted in bulk, and just after (argument: piece_id), so that the search index (an app
# catalogue must not import) can index them with one statement instead of a trigger run per
# line. Without a receiver the triggers index them one by one: slower, the same index.
piece_lines_inserting = Signal()
piece_lines_inserted = Signal()

# Sent by the import's pool (``importing/pipeline.py``) before it stores many files, one
# transaction each, and after the last (argument: connection). The search index merges its
# segments less often meanwhile (see search.index.merge_less); without a receiver, the same
# import, slower.
bulk_import_starting = Signal()
bulk_import_finished = Signal()
