from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate, post_save


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Commentary"

    def ready(self):
        from catalogue.signals import piece_parsed, piece_text_imported

        from .imported import prepare_imported_commentary, store_imported_commentary
        from .models import Concept
        from .permissions import ensure_editors_group
        from .renames import concept_saved, user_saved

        piece_text_imported.connect(store_imported_commentary, dispatch_uid="annotations-import")
        piece_parsed.connect(prepare_imported_commentary, dispatch_uid="annotations-prepare-imported")
        post_migrate.connect(ensure_editors_group, sender=self, dispatch_uid="annotations-editors")
        post_save.connect(concept_saved, sender=Concept, dispatch_uid="annotations-concept-renamed")
        post_save.connect(user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="annotations-author-renamed")
