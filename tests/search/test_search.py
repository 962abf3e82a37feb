"""Search semantics, the same on SQLite (FTS5) and PostgreSQL: CI runs this module on both.

Every expectation is written once and checked against whichever engine the run uses, so the
two runs together show that the same queries give the same pieces.
"""

import pytest
from django.db import connection
from django.utils import timezone

from annotations.models import Gloss
from catalogue.models import Line, Piece, Section
from search import index
from search.results import search
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Two softmax songs, a poem about latent space, and prose that mentions neither."""
    return {
        "confession": make_piece("Confession of a Softmax Layer", lines=[
            "I was a vector of numbers", "I am the soft in softmax,", "the gentle executioner",
            "temperature rising in the dark", "not the soft in softmax", "but the max that learned to soften",
        ]),
        "testify": make_piece("Let the Softmax Testify", lines=[
            "Logits in a line", "Softmax testify, softmax testify", "Every layer hums", "Layers on layers",
        ]),
        "seen": make_piece("The Space Between the Seen", kind="poem", lines=[
            "In hidden realms where numbers dream", "the latent space unfolds", "a space that is latent still",
            "phantom keys", "Softly, softly",
        ]),
        "prose": make_piece("Permanent Thing", kind="prose", lines=["A server room hums", "Attention is a query"]),
    }


def titles(text):
    return [piece.title for piece in search(text).pieces]


def lines_of(results, title):
    piece = next(p for p in results.pieces if p.title == title)
    return [line.n for item in piece.items if item.kind == "excerpt" for line in item.lines if line.is_match]


def test_a_word_finds_the_lines_of_both_songs_that_have_it(catalogue):
    results = search("softmax")
    assert set(titles("softmax")) == {"Confession of a Softmax Layer", "Let the Softmax Testify"}
    assert lines_of(results, "Confession of a Softmax Layer") == [2, 5]
    assert lines_of(results, "Let the Softmax Testify") == [2]


def test_each_matching_line_links_straight_to_its_place_on_the_piece_page(catalogue, client):
    html = client.get("/search/", {"q": "softmax"}).content.decode()
    assert 'href="/pieces/confession-of-a-softmax-layer/#L2"' in html
    assert 'href="/pieces/confession-of-a-softmax-layer/#L5"' in html
    assert 'href="/pieces/let-the-softmax-testify/#L2"' in html


def test_a_matching_line_is_shown_between_its_neighbours(catalogue):
    piece = search("executioner").pieces[0]
    excerpt = piece.items[0]
    assert [(line.n, line.is_match) for line in excerpt.lines] == [(2, False), (3, True), (4, False)]
    assert str(excerpt.lines[1].text_html) == "the gentle <mark>executioner</mark>"


def test_words_are_found_in_any_form_of_the_word(catalogue):
    assert lines_of(search("layer"), "Let the Softmax Testify") == [3, 4]
    assert "Let the Softmax Testify" in titles("testifying")


def test_a_phrase_finds_its_words_together_and_in_order(catalogue):
    results = search('"latent space"')
    assert titles('"latent space"') == ["The Space Between the Seen"]
    assert lines_of(results, "The Space Between the Seen") == [2]  # not "a space that is latent"
    assert lines_of(search("latent space"), "The Space Between the Seen") == [2, 3]


def test_a_prefix_finds_every_word_that_starts_with_it(catalogue):
    assert lines_of(search("soft*"), "The Space Between the Seen") == [5]
    assert lines_of(search("soft*"), "Confession of a Softmax Layer") == [2, 5, 6]
    assert "Let the Softmax Testify" not in titles("soft")  # no word "soft" there, only softmax


def test_or_and_minus_widen_and_narrow(catalogue):
    assert set(titles("executioner OR hums")) == {"Confession of a Softmax Layer", "Let the Softmax Testify",
                                                 "Permanent Thing"}
    assert lines_of(search("softmax -gentle"), "Confession of a Softmax Layer") == [2, 5]
    assert lines_of(search("soft -executioner"), "Confession of a Softmax Layer") == [2, 5]


@pytest.mark.parametrize("typed", ['"unbalanced', "AND OR", "-", ":", "(", "*", "NEAR", "NEAR(softmax",
                                   "softmax AND (", '"softmax', "softmax:", "^softmax", "{text}: softmax",
                                   "'; DROP TABLE catalogue_line; --"])
def test_quotes_and_operators_typed_by_mistake_never_raise(catalogue, typed, client):
    search(typed)
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 200
    assert Line.objects.count() == 17


def test_stray_operators_around_a_word_still_find_it(catalogue):
    for typed in ['"softmax', "softmax AND (", "(softmax)", "softmax:", "softmax*", "+softmax"]:
        assert set(titles(typed)) == {"Confession of a Softmax Layer", "Let the Softmax Testify"}, typed


def test_a_title_match_comes_first(catalogue):
    assert titles("space")[0] == "The Space Between the Seen"
    assert str(search("space").pieces[0].heading_html) == "The <mark>Space</mark> Between the Seen"


def test_an_echo_is_searched_with_its_line(catalogue):
    Line.objects.filter(piece=catalogue["prose"], n=1).update(echo="hum along")
    piece = search("along").pieces[0]
    assert piece.title == "Permanent Thing"
    assert str(piece.items[0].lines[0].echo_html) == "hum <mark>along</mark>"


def test_highlighted_text_is_escaped_before_it_is_marked():
    make_piece("Injection", lines=['<script>alert("hi")</script> softmax & <b>bold</b>'])
    line = search("softmax").pieces[0].items[0].lines[0]
    assert str(line.text_html) == ("&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; <mark>softmax</mark> &amp; "
                                   "&lt;b&gt;bold&lt;/b&gt;")


def test_words_inside_markup_are_found_like_any_other_words(client):
    make_piece("Injection", lines=['<script>alert("hi")</script>'])
    assert titles("script") == titles("alert") == ["Injection"]
    html = client.get("/search/", {"q": "script"}).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;" in html.replace(
        "<mark>", "").replace("</mark>", "")


def test_a_hostile_title_and_gloss_are_escaped_on_the_results_page(client):
    piece = make_piece("<img src=x onerror=alert(1)> softmax", slug="hostile", lines=["plain line"])
    make_gloss(piece, line=1, body="<b>loud</b> softmax() <script>x</script>")
    html = client.get("/search/", {"q": "softmax"}).content.decode()
    assert "<script>" not in html and "<img src=x" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>softmax</mark>" in html
    # PostgreSQL's snippet drops what looks like tags; SQLite's keeps them, escaped.
    assert "<mark>softmax</mark>()" in html


def test_a_gloss_body_is_searchable_and_links_to_its_line(catalogue):
    make_gloss(catalogue["seen"], line=4, body="Prompts as *keys* into the Hopfield network.")
    piece = search("hopfield").pieces[0]
    assert piece.title == "The Space Between the Seen"
    gloss = piece.items[0]
    assert (gloss.kind, gloss.anchor, gloss.line_text) == ("gloss", "L4", "phantom keys")
    assert str(gloss.snippet_html) == "Prompts as keys into the <mark>Hopfield</mark> network."


def test_commentary_is_searchable_and_links_to_the_note(catalogue):
    note = make_commentary(catalogue["prose"], heading="Compositional notes", body="Written after a transformer lecture.")
    item = search("transformer").pieces[0].items[0]
    assert (item.kind, item.anchor) == ("commentary", f"g{note.pk}")
    assert "<mark>Compositional</mark>" in str(search("compositional").pieces[0].items[0].heading_html)


def test_a_gloss_on_several_places_is_found_once_and_links_to_its_first_anchor(catalogue):
    make_gloss(catalogue["seen"], line=4, also=({"line": 1}, {"line": 5}), body="Every quokka is a key.")
    [piece] = search("quokka").pieces
    assert [(item.kind, item.anchor) for item in piece.items] == [("gloss", "L4")]


def test_readers_never_find_drafts_deleted_or_orphaned_glosses(catalogue):
    make_gloss(catalogue["seen"], line=1, body="A draft about zeugma.", status="draft")
    make_gloss(catalogue["seen"], line=2, body="A deleted note on zeugma.", deleted_at=timezone.now())
    make_gloss(catalogue["seen"], line=3, body="An orphan on zeugma.", is_orphan=True)
    make_commentary(catalogue["seen"], body="Draft commentary on zeugma.", status="draft")
    assert titles("zeugma") == []
    published = make_gloss(catalogue["seen"], line=4, body="Published zeugma.")
    assert titles("zeugma") == ["The Space Between the Seen"]
    Gloss.objects.filter(pk=published.pk).update(status="draft")
    assert titles("zeugma") == []


def test_the_index_follows_bulk_writes_updates_and_deletes_without_signals(catalogue):
    piece = Piece.objects.bulk_create([Piece(title="Bulk", slug="bulk")])[0]
    section = Section.objects.create(piece=piece, position=0, label="Verse 1")
    Line.objects.bulk_create([Line(piece=piece, section=section, n=1, text="a quokka in the weights")])
    Gloss.objects.bulk_create([Gloss(piece=piece, body="Quokkas everywhere")])
    assert titles("quokka") == ["Bulk"]
    assert len(search("quokka").pieces[0].items) == 2

    Line.objects.filter(piece=piece).update(text="a wombat in the weights")
    Gloss.objects.filter(piece=piece).update(body="Wombats everywhere")
    assert titles("quokka") == [] and titles("wombat") == ["Bulk"]

    Piece.objects.filter(pk=piece.pk).update(title="Marsupial")
    assert titles("marsupial") == ["Marsupial"]
    piece.delete()
    assert titles("wombat") == [] and titles("marsupial") == []


def test_a_common_word_is_capped_and_costs_five_queries_however_many_lines_match(django_assert_num_queries):
    for p in range(6):
        make_piece(f"Noise {p}", lines=[f"softmax again {n}" for n in range(60)])
    with django_assert_num_queries(5):
        results = search("softmax")
    assert results.capped  # 360 matching lines, 200 read
    assert all(len(piece.items) <= 4 for piece in results.pieces)
    assert sum(piece.more for piece in results.pieces) > 0


def test_nothing_to_search_for_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search("the *").pieces == []


def test_the_search_uses_the_full_text_index():
    from search.backends import engine
    from search.query import parse

    for source in index.SOURCES:
        sql, params = engine().statement(source, parse("softmax"), 10)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
                assert f"{source.fts_table} VIRTUAL TABLE INDEX" in plan, plan
                assert "SCAN" not in plan.replace(f"SCAN {source.fts_table} VIRTUAL TABLE", ""), plan
            else:
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert f"Function Scan on {source.fts_table}_matches" in plan, plan
                # Inside the match function, with its planner settings:
                for setting in index.PLANNER.split("SET ")[1:]:
                    cursor.execute(f"SET LOCAL {setting}")
                cursor.execute("EXPLAIN " + index.postgresql_matches(source, "to_tsquery('english', %s)", "10"),
                               [parse("softmax").tsquery()])
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert f"Bitmap Index Scan on {source.fts_table}_p0_document_idx" in plan, plan
                assert "Seq Scan" not in plan and "Gather" not in plan, plan


def _lines_with_ids(piece, numbered_texts):
    section = Section.objects.create(piece=piece, position=99, label="Far", kind="verse")
    Line.objects.bulk_create(Line(id=id, piece=piece, section=section, n=n, text=text)
                             for n, (id, text) in enumerate(numbered_texts, start=100))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's partitioned index")
def test_a_line_far_along_gets_a_partition_of_the_index_and_is_found():
    far = 5 * index.PARTITION_IDS + 7
    _lines_with_ids(make_piece("Far Along", lines=["near the start"]), [(far, "a quokka far along")])
    assert titles("quokka") == ["Far Along"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_line_p5') IS NOT NULL")
        assert cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's partitioned index")
def test_matches_come_from_the_earliest_partitions_first():
    """A common word fills the limit from the first partition's index and reads no further;
    a rarer one goes on to the next: the same rows a reader would get from one big index."""
    boundary = index.PARTITION_IDS
    _lines_with_ids(make_piece("Boundary", lines=["start"]), [
        (id, f"softmax {'wombat' if id % 10 == 0 else 'logit'} {id}") for id in range(boundary - 40, boundary + 40)
    ])
    with connection.cursor() as cursor:
        def matches(words, max_rows):
            cursor.execute("SELECT * FROM search_line_matches(to_tsquery('english', %s), %s)", [words, max_rows])
            return [id for (id,) in cursor.fetchall()]

        assert sorted(matches("softmax", 30)) == list(range(boundary - 40, boundary - 10))
        wombats = [id for id in range(boundary - 40, boundary + 40) if id % 10 == 0]
        assert len([id for id in wombats if id < boundary]) == 4
        assert sorted(matches("softmax & wombat", 6)) == wombats[:6]  # four in the first partition, two next
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "
                       "SELECT * FROM search_line WHERE document @@ to_tsquery('english', 'softmax') LIMIT 30")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    first, second = plan.split("Bitmap Heap Scan on search_line_p1")
    assert "search_line_p0" in first and "(never executed)" in second, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps its index with triggers")
def test_triggers_dropped_by_a_table_rebuild_are_restored_after_migrate(catalogue):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_line_insert")
    make_piece("Unindexed", lines=["a numbat appears"])
    assert titles("numbat") == []
    assert index.repair(connection) == ["search_line"]
    assert titles("numbat") == ["Unindexed"]
    assert index.repair(connection) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own stop words")
def test_the_parser_drops_exactly_postgresqls_english_stop_words():
    from search.stopwords import STOP_WORDS

    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM unnest(%s::text[]) AS word WHERE to_tsvector('english', word) = ''",
                       [sorted(STOP_WORDS)])
        assert {word for (word,) in cursor.fetchall()} == STOP_WORDS
