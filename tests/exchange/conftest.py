from pathlib import Path

import pytest
from django.core.management import call_command

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"


@pytest.fixture
def catalogue(db):
    """The five fixture pieces, imported as `make run` imports them."""
    with open("/dev/null", "w") as quiet:
        call_command("import_catalogue", str(CATALOGUE), stdout=quiet)
    from catalogue.models import Piece

    return {piece.slug: piece for piece in Piece.objects.all()}
