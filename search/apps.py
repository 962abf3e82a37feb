from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from django.apps import apps

        from catalogue.signals import (
            bulk_import_finished, bulk_import_starting, piece_lines_inserted, piece_lines_inserting,
        )

        # post_migrate is sent only for apps with models, which search has not: hang the repair
        # on catalogue's (every app's migrations have run by the time any post_migrate is sent).
        post_migrate.connect(_repair_index, sender=apps.get_app_config("catalogue"), dispatch_uid="search-repair")
        # The importer's lines: indexed with one statement per piece (see index.defer_lines).
        piece_lines_inserting.connect(_defer_lines, dispatch_uid="search-defer-lines")
        piece_lines_inserted.connect(_index_lines, dispatch_uid="search-index-lines")
        # Many files, one transaction each: the index merges less often meanwhile.
        bulk_import_starting.connect(_merge_less, dispatch_uid="search-merge-less")
        bulk_import_finished.connect(_merge_as_before, dispatch_uid="search-merge-as-before")


def _repair_index(sender, using="default", **kwargs):
    from django.db import connections

    from . import index

    index.repair(connections[using])


def _defer_lines(sender, piece_id: int, **kwargs):
    from django.db import connection

    from . import index

    index.defer_lines(connection, piece_id)


def _index_lines(sender, piece_id: int, **kwargs):
    from django.db import connection

    from . import index

    index.index_deferred_lines(connection, piece_id)


def _merge_less(sender, connection, **kwargs):
    from . import index

    return index.merge_less(connection)


def _merge_as_before(sender, connection, before=None, **kwargs):
    from . import index

    index.merge_as_before(connection, (before or {}).get(_merge_less))
