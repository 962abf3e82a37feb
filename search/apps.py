from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from django.apps import apps

        from catalogue.signals import piece_lines_inserted, piece_lines_inserting

        # post_migrate is sent only for apps with models, which search has not: hang the repair
        # on catalogue's (every app's migrations have run by the time any post_migrate is sent).
        post_migrate.connect(_repair_index, sender=apps.get_app_config("catalogue"), dispatch_uid="search-repair")
        # The importer's lines: indexed with one statement per piece (see index.defer_lines).
        piece_lines_inserting.connect(_defer_lines, dispatch_uid="search-defer-lines")
        piece_lines_inserted.connect(_index_lines, dispatch_uid="search-index-lines")


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
