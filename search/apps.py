from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from django.apps import apps

        # post_migrate is sent only for apps with models, which search has not: hang the repair
        # on catalogue's (every app's migrations have run by the time any post_migrate is sent).
        post_migrate.connect(_repair_index, sender=apps.get_app_config("catalogue"), dispatch_uid="search-repair")


def _repair_index(sender, using="default", **kwargs):
    from django.db import connections

    from . import index

    index.repair(connections[using])
