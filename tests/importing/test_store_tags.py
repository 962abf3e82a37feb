"""A file's tags join the tags that exist, whatever their case, as Django's iexact finds them
(the importer asks in plain SQL: catalogue/importing/store.py, _tags_named)."""

import pytest

from catalogue.importing.store import import_file
from catalogue.models import Piece, Tag

pytestmark = pytest.mark.django_db


def song(title: str, tags: str) -> bytes:
    return f"{title}\nTags: {tags}\n\nthe first line of the song\nthe second line of the song\n".encode()


def tags_of(slug: str) -> list[str]:
    """In the order the piece was given them."""
    return list(Piece.tags.through.objects.filter(piece__slug=slug).order_by("id").values_list("tag__name", flat=True))


def test_a_tag_is_the_existing_one_in_any_case_and_new_ones_are_made_in_order():
    dark = Tag.objects.create(name="dark pop", slug="dark-pop")
    import_file("one.txt", song("One", "Dark POP, glitch, dark pop"))
    assert tags_of("one") == ["dark pop", "glitch"]
    assert Tag.objects.get(name="glitch").slug == "glitch" and Tag.objects.filter(name__iexact="dark pop").get() == dark


def test_like_wildcards_in_a_tag_match_only_themselves():
    Tag.objects.create(name="100xxsure", slug="100xxsure")
    import_file("two.txt", song("Two", "100%_sure"))
    assert tags_of("two") == ["100%_sure"]


def test_a_tag_outside_ascii_is_matched_as_iexact_matches_it_on_this_engine():
    Tag.objects.create(name="Été", slug="ete")
    same = Tag.objects.filter(name__iexact="été").exists()  # PostgreSQL: yes; SQLite: no
    import_file("three.txt", song("Three", "été"))
    assert tags_of("three") == (["Été"] if same else ["été"])
    assert Tag.objects.count() == (1 if same else 2)
