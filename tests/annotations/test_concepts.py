"""Concepts: editors tag glosses, readers browse every glossed line about one idea."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annotations.concepts import (
    SEED_VOCABULARY,
    ConceptNameError,
    concept_key,
    concepts_named,
    get_or_create_concepts,
    parse_names,
)
from annotations.models import Concept, Gloss, concept_names_at
from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
LINES = ["Queries kiss the keys", "Values start to sing", "The softmax picks a king", "At temperature zero",
         "one lives, the rest are gone"]


@pytest.fixture
def piece():
    return make_piece("Attention Song", lines=LINES)


def tag(gloss, *names):
    gloss.concepts.set(get_or_create_concepts(names))
    gloss.piece.glosses_changed()
    return gloss


def concept_url(name):
    return reverse("concept_detail", args=[Concept.objects.get(key=concept_key(name)).slug])


# --- Names ------------------------------------------------------------------------------------


def test_names_differing_only_in_case_and_spacing_are_one_concept():
    first = get_or_create_concepts(["Latent  Space"])
    again = get_or_create_concepts(["latent space", "LATENT SPACE "])
    assert first == again[:1] and Concept.objects.count() == 1
    assert Concept.objects.get().name == "Latent Space"  # as first typed


def test_a_new_name_becomes_a_concept_with_an_address_of_its_own():
    softmax, soft_max = get_or_create_concepts(["Softmax", "soft max"])
    cpp, c = get_or_create_concepts(["C++", "C"])
    assert (softmax.slug, soft_max.slug) == ("softmax", "soft-max")
    assert {cpp.slug, c.slug} == {"c", "c-2"}  # both would be "c"
    assert get_or_create_concepts(["注意"])[0].slug == "concept"


def test_a_name_of_the_longest_kind_is_kept_even_when_its_key_is_longer():
    (concept,) = get_or_create_concepts(["ß" * 60])
    assert concept.key == "ss" * 60 and get_or_create_concepts(["SS" * 60]) == [concept]


def test_typed_names_are_split_on_commas_and_merged_whatever_their_case():
    assert parse_names(" softmax, Temperature ,, SOFTMAX,latent   space ") == ["softmax", "Temperature", "latent space"]
    assert parse_names("") == []


def test_a_name_too_long_or_too_many_names_are_refused_with_a_reason():
    with pytest.raises(ConceptNameError, match="at most 60 characters"):
        parse_names("x" * 61)
    with pytest.raises(ConceptNameError, match="At most 20"):
        parse_names(", ".join(f"idea {n}" for n in range(21)))


# --- Tagging imported glosses -------------------------------------------------------------------


def test_terms_are_found_as_whole_words_in_any_case_and_in_the_plural():
    vocabulary = ["softmax", "logit", "latent space", "probability", "Hopfield network", "attention"]
    text = "LOGITS and Latent-Spaces; probabilities of Hopfield networks; a softmax's choice"
    assert concepts_named(text, vocabulary) == ["logit", "latent space", "probability", "Hopfield network", "softmax"]


def test_a_term_inside_another_word_is_not_found():
    assert concepts_named("softmaxed logitech inattention", ["softmax", "logit", "attention"]) == []


def test_the_fixture_catalogue_is_tagged_from_the_words_of_its_glosses():
    call_command("import_catalogue", str(CATALOGUE), stdout=open("/dev/null", "w"))
    tagged = {
        (gloss.piece.slug, gloss.first_line): sorted(c.name for c in gloss.concepts.all())
        for gloss in Gloss.objects.select_related("piece").prefetch_related("concepts", "anchors")
    }
    confession, space = "confession-of-a-softmax-layer", "the-space-between-the-seen"
    # A gloss is the author's whole paragraph (issue 10), tagged from every word of it.
    assert tagged[(confession, 50)] == ["argmax", "logit", "softmax", "temperature"]  # "The Temperature Conceit"
    assert tagged[(confession, 55)] == ["probability", "softmax", "token"]
    assert tagged[(space, 1)] == ["latent space", "neural network"]
    assert tagged[(space, 17)] == ["attention", "latent space", "loss function"]
    assert tagged[(space, 21)] == ["prompt", "transfer learning"]  # no "latent space" in that paragraph
    assert sum("latent space" in names for names in tagged.values()) == 6
    # The record of the imported version lists its concepts too.
    gloss = Gloss.objects.get(piece__slug=confession, anchors__first_line=50)
    assert [concept_names_at(record) for record in gloss.history.all()] == [["argmax", "logit", "softmax", "temperature"]]


def test_concepts_editors_created_tag_imported_glosses_too():
    get_or_create_concepts(["Greentext"])
    call_command("import_catalogue", str(CATALOGUE / "confession-of-a-softmax-layer.md"), stdout=open("/dev/null", "w"))
    gloss = Gloss.objects.get(anchors__first_line=34)  # "The greentext bridge."
    assert "Greentext" in [c.name for c in gloss.concepts.all()]


def test_the_import_tries_only_the_names_whose_words_stand_in_a_gloss_and_finds_the_same():
    """The importer's substring test before the regex search (annotations/imported.py): never
    fewer concepts than searching for every name, in ASCII text or not."""
    from annotations.imported import _name_words, _possibly_mentioned

    vocabulary = [*SEED_VOCABULARY, "C++", "Greentext", "latent-space", "Straße", "key"]
    words = _name_words(vocabulary)
    for text in ["LOGITS and Latent-Spaces; probabilities of Hopfield\nnetworks", "a softmax\u2019s “choice” of C++",
                 "Die \u017foftmax und Stra\u00dfe; \u0130NFERENCE, keys", "\u212aEY: the latent-space \u2014 tokens",
                 "softmaxed logitech inattention", "the temperatures fall"]:
        tried = _possibly_mentioned(words, text)
        assert concepts_named(text, tried) == concepts_named(text, vocabulary)
    assert _possibly_mentioned(words, "nothing here") == ["Straße"]  # not in ASCII: always tried


def test_only_four_characters_outside_ascii_match_an_ascii_letter_in_any_case():
    """What the importer's substring test folds before looking (annotations/imported.py)."""
    import re
    import sys

    from annotations.imported import _ASCII_LOOKALIKES

    letter = re.compile("[a-z]", re.IGNORECASE)
    lookalikes = {code for code in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(code))}
    assert lookalikes == set(_ASCII_LOOKALIKES)
    for code, ascii_letter in _ASCII_LOOKALIKES.items():
        assert re.fullmatch(ascii_letter, chr(code), re.IGNORECASE)


def test_the_seed_vocabulary_names_the_ideas_of_the_issue():
    assert {"softmax", "temperature", "latent space", "Hopfield network", "attention"} <= set(SEED_VOCABULARY)


# --- Tagging in the gloss forms --------------------------------------------------------------


def test_an_editor_tags_a_new_gloss_and_new_concepts_are_created(editor_client, piece):
    get_or_create_concepts(["Softmax"])
    editor_client.post(reverse("gloss_new", args=[piece.slug]), {
        "first_line": 3, "body": "Picks one.", "status": "published", "concepts": "softmax, Argmax",
    })
    gloss = Gloss.objects.get()
    assert [c.name for c in gloss.concepts.all()] == ["Argmax", "Softmax"]
    assert Concept.objects.count() == 2


def test_the_edit_form_shows_the_concepts_and_saves_changes_as_a_new_version(editor_client, piece):
    gloss = tag(make_gloss(piece, line=4, body="Cold."), "temperature")
    form = editor_client.get(reverse("gloss_edit", args=[gloss.pk])).content.decode()
    assert 'name="concepts"' in form and 'value="temperature"' in form
    response = editor_client.post(reverse("gloss_edit", args=[gloss.pk]), {
        "body": "Cold.", "status": "published", "version": gloss.version, "concepts": "Temperature, argmax",
    })
    gloss.refresh_from_db()
    assert response.status_code == 302 and gloss.version == 2
    assert [c.name for c in gloss.concepts.all()] == ["argmax", "temperature"]
    history = editor_client.get(reverse("gloss_history", args=[gloss.pk])).content.decode()
    assert "Concepts: temperature → argmax, temperature" in history


def test_a_concept_edit_based_on_an_old_version_is_refused_and_the_typed_concepts_kept(
        editor_client, other_editor, piece):
    gloss = tag(make_gloss(piece, line=4, body="Cold."), "temperature")
    gloss.revise(user=other_editor, based_on=1, body="Colder.", concepts=["temperature", "entropy"])
    html = editor_client.post(reverse("gloss_edit", args=[gloss.pk]), {
        "body": "Cold.", "status": "published", "version": 1, "concepts": "softmax",
    }, HTTP_HX_REQUEST="true").content.decode()
    assert "saved this while you were editing" in html and 'value="softmax"' in html
    assert 'href="/concepts/entropy/"' in html  # theirs, beside the editor's unsaved text
    assert sorted(c.name for c in Gloss.objects.get().concepts.all()) == ["entropy", "temperature"]


def test_a_bad_concept_name_comes_back_with_the_reason_and_nothing_lost(editor_client, piece):
    response = editor_client.post(reverse("gloss_new", args=[piece.slug]), {
        "first_line": 1, "body": "My careful gloss", "status": "published", "concepts": "y" * 80,
    }, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "at most 60 characters" in html and "My careful gloss" in html
    assert not Gloss.objects.exists() and not Concept.objects.exists()


def test_restoring_a_version_brings_its_concepts_back(editor, piece):
    gloss = make_gloss(piece, line=3, body="First.")
    gloss.revise(user=editor, based_on=1, concepts=["softmax"])
    gloss.revise(user=editor, based_on=2, body="Second.", concepts=["argmax"])
    gloss.revert_to(gloss.history.get(version=2), user=editor)
    assert gloss.body == "First." and [c.name for c in gloss.concepts.all()] == ["softmax"]
    assert gloss.history.count() == 4  # one record per version, not one per tag added or removed


def test_concepts_show_as_links_on_the_gloss_in_the_reading_and_in_the_pane(client, piece):
    gloss = tag(make_gloss(piece, line=3, phrase="softmax picks", body="Picks."), "softmax", "<b>argmax</b>")
    page = client.get(piece.get_absolute_url()).content.decode()
    margin = page.split(f'id="g{gloss.pk}"')[1].split("</aside>")[0]
    assert 'href="/concepts/softmax/"' in margin and "&lt;b&gt;argmax&lt;/b&gt;" in margin
    pane = client.get(f"{piece.get_absolute_url()}?line=3", HTTP_HX_REQUEST="true").content.decode()
    assert 'href="/concepts/softmax/"' in pane and "<b>" not in pane


def test_a_new_tag_shows_on_the_cached_page_at_once(editor, client, piece):
    gloss = make_gloss(piece, line=3, body="Picks.")
    assert "/concepts/" not in client.get(piece.get_absolute_url()).content.decode().split("</nav>")[1]
    gloss.revise(user=editor, based_on=gloss.version, concepts=["softmax"])
    assert 'href="/concepts/softmax/"' in client.get(piece.get_absolute_url()).content.decode()


# --- Who may tag ------------------------------------------------------------------------------


def test_a_reader_cannot_tag_a_gloss(reader_client, piece):
    gloss = make_gloss(piece, line=3)
    response = reader_client.post(reverse("gloss_edit", args=[gloss.pk]), {
        "body": "A gloss.", "status": "published", "version": 1, "concepts": "softmax",
    })
    assert response.status_code == 403 and not Concept.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, piece):
    gloss = make_gloss(piece, line=3)
    response = client.post(reverse("gloss_edit", args=[gloss.pk]), {"concepts": "softmax"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Concept.objects.exists()


# --- The index ---------------------------------------------------------------------------------


def test_the_index_counts_the_glosses_readers_can_see(client, piece):
    tag(make_gloss(piece, line=3, body="One."), "softmax")
    tag(make_gloss(piece, line=1, body="Two."), "Softmax", "attention")
    tag(make_gloss(piece, line=2, body="Draft.", status="draft"), "softmax", "Secret plan")
    tag(make_gloss(piece, line=4, body="Gone."), "softmax").soft_delete(user=None)
    orphan = tag(make_gloss(piece, line=5, body="Lost."), "softmax")
    Gloss.objects.filter(pk=orphan.pk).update(is_orphan=True)
    html = client.get(reverse("concept_list")).content.decode()
    chip = '<a class="concept-chip" href="/concepts/softmax/">softmax</a>'
    assert f'{chip} <span class="concept-count">2 glosses</span>' in html
    assert "1 gloss<" in html.split("/concepts/attention/")[1]
    assert "Secret plan" not in html  # only a draft carries it


def test_editors_see_draft_only_concepts_in_the_index(editor_client, piece):
    tag(make_gloss(piece, line=2, body="Draft.", status="draft"), "Secret plan")
    html = editor_client.get(reverse("concept_list")).content.decode()
    assert 'Secret plan</a> <span class="concept-count">1 gloss<' in html


def test_the_index_costs_the_same_queries_for_many_concepts(client, django_assert_max_num_queries):
    piece = make_piece("Many", n_lines=60)
    for n in range(1, 61):
        tag(make_gloss(piece, line=n), f"idea {n}", "shared")
    # the index, and the version of what it shows (for the readers' cache)
    with django_assert_max_num_queries(2):
        html = client.get(reverse("concept_list")).content.decode()
    assert "idea 60" in html and "60 glosses" in html


# --- The concept's page --------------------------------------------------------------------


def test_the_concept_page_shows_each_glossed_line_among_its_neighbours_with_the_phrase_marked(client, piece):
    gloss = tag(make_gloss(piece, line=4, phrase="temperature zero", body="*Cold* logits."), "temperature")
    html = client.get(concept_url("temperature")).content.decode()
    assert '<h1 id="concept-heading">temperature</h1>' in html
    assert "Attention Song" in html and "1 glossed passage about temperature" in html
    lines = html.split('class="excerpt"')[1].split("</div>")[0]
    assert [n for n in (2, 3, 4, 5) if f'<span class="ln">{n}</span>' in lines] == [3, 4, 5]
    assert 'At <mark class="phrase">temperature zero</mark>' in lines
    assert f'href="/pieces/attention-song/?gloss={gloss.pk}#L4"' in lines
    assert "<em>Cold</em> logits." in html


def test_a_gloss_on_whole_lines_marks_the_lines_whole(client, piece):
    tag(make_gloss(piece, line=1, last_line=2, body="Both."), "attention")
    html = client.get(concept_url("attention")).content.decode()
    assert '<mark class="phrase">Queries kiss the keys</mark>' in html
    assert '<mark class="phrase">Values start to sing</mark>' in html
    assert "The softmax picks a king" in html and '<mark class="phrase">The softmax' not in html


def test_lines_and_glosses_are_escaped_on_the_concept_page(client):
    piece = make_piece("Escapes", lines=["<script>alert(1)</script> softmax rules", "x & y"])
    tag(make_gloss(piece, line=1, phrase="softmax rules", body="<img src=x onerror=alert(1)>"), "softmax")
    html = client.get(concept_url("softmax")).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "x &amp; y" in html


def test_glossed_lines_are_grouped_by_piece_across_the_catalogue(client):
    for title in ("Beta Song", "Alpha Song"):
        piece = make_piece(title, lines=["softmax one", "two", "three softmax"])
        tag(make_gloss(piece, line=1, body=f"{title} first"), "softmax")
        tag(make_gloss(piece, line=3, body=f"{title} last"), "softmax")
    html = client.get(concept_url("softmax")).content.decode()
    order = [html.index(text) for text in ("Alpha Song first", "Alpha Song last", "Beta Song first", "Beta Song last")]
    assert order == sorted(order) and html.count('class="concept-piece"') == 2


def test_readers_never_see_drafts_deleted_or_orphaned_glosses_on_the_concept_page(editor_client, piece):
    client = Client()
    tag(make_gloss(piece, line=3, body="Published one."), "softmax")
    tag(make_gloss(piece, line=2, body="Draft one.", status="draft"), "softmax")
    tag(make_gloss(piece, line=1, body="Deleted one."), "softmax").soft_delete(user=None)
    orphan = tag(make_gloss(piece, line=5, body="Orphaned one."), "softmax")
    Gloss.objects.filter(pk=orphan.pk).update(is_orphan=True)
    html = client.get(concept_url("softmax")).content.decode()
    assert "Published one." in html and "Draft one." not in html
    assert "Deleted one." not in html and "Orphaned one." not in html
    editors = editor_client.get(concept_url("softmax")).content.decode()
    assert "Draft one." in editors and "Deleted one." not in editors


def test_a_concept_only_drafts_carry_is_not_found_by_readers(editor_client, piece):
    client = Client()
    tag(make_gloss(piece, line=2, body="Draft.", status="draft"), "Secret plan")
    assert client.get(concept_url("Secret plan")).status_code == 404
    assert editor_client.get(concept_url("Secret plan")).status_code == 200
    assert client.get(reverse("concept_detail", args=["no-such-concept"])).status_code == 404


def test_the_concept_page_costs_the_same_queries_however_many_glosses(client, django_assert_max_num_queries):
    counts = []
    for lines, title in ((3, "Few"), (120, "Many")):
        piece = make_piece(title, n_lines=lines)
        for n in range(1, lines + 1, 2):
            tag(make_gloss(piece, line=n, body=f"{title} gloss {n}"), title)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url = concept_url(title)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        counts.append(len(queries))
        assert f"{title} gloss 1<" in html and f"{title} gloss {min(lines, 99)}<" in html  # a page: 50
    assert counts[0] == counts[1]
    url = concept_url("Many")
    # Session/user, concept, count, page of ids, then glosses, their anchors, their lines.
    with django_assert_max_num_queries(6):
        client.get(url)


def test_a_long_concept_page_is_split_into_pages(client):
    piece = make_piece("Long", n_lines=60)
    for n in range(1, 61):
        tag(make_gloss(piece, line=n, body=f"Gloss number {n}."), "softmax")
    first = client.get(concept_url("softmax")).content.decode()
    assert "Gloss number 50." in first and "Gloss number 51." not in first
    assert "60 glossed passages" in first and 'href="?page=2"' in first
    second = client.get(concept_url("softmax") + "?page=2").content.decode()
    assert "Gloss number 51." in second and "Gloss number 50." not in second


@pytest.mark.parametrize("name", ["concept_list", "concept_detail"])
def test_concept_pages_only_answer_get(editor_client, piece, name):
    tag(make_gloss(piece, line=3), "softmax")
    url = reverse(name, args=["softmax"] if name == "concept_detail" else [])
    assert editor_client.post(url).status_code == 405


def test_every_page_links_to_the_concepts(client):
    html = client.get(reverse("piece_list")).content.decode()
    assert f'<a href="{reverse("concept_list")}">Concepts</a>' in html


def test_a_gloss_on_several_places_shows_every_anchored_line_in_context_once():
    from annotations.concepts import concept_glosses, glossed_lines

    piece = make_piece("Two Places", n_lines=12, lines_per_section=12)
    gloss = make_gloss(piece, line=2, also=({"line": 10, "phrase": "Line 10"},), body="Both.")
    gloss.concepts.set(get_or_create_concepts(["softmax"]))
    [group] = glossed_lines(concept_glosses(gloss.concepts.get(), include_drafts=False))
    [shown] = group["glosses"]
    assert [(line["n"], line["glossed"], line["gap_before"]) for line in shown["lines"]] == [
        (1, False, False), (2, True, False), (3, False, False), (9, False, True), (10, True, False), (11, False, False)]
    assert [text for text, gloss_id, _ in shown["lines"][4]["segments"] if gloss_id] == ["Line 10"]
