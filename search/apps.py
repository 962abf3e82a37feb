from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        post_migrate.connect(_repair_index, sender=self)


def _repair_index(sender, using="default", **kwargs):
    from django.db import connections

    from . import index

    index.repair(connections[using])
