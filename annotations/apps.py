from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Commentary"

    def ready(self):
        from catalogue.signals import piece_text_imported

        from .imported import store_imported_commentary
        from .permissions import ensure_editors_group

        piece_text_imported.connect(store_imported_commentary, dispatch_uid="annotations-import")
        post_migrate.connect(ensure_editors_group, sender=self, dispatch_uid="annotations-editors")
