"""Importing Web Annotations: the round trip (export → delete → import gives the same glosses
on the same words) and bad input."""

import json

import pytest
from django.urls import reverse

from annotations.models import Gloss
from exchange import importing
from tests.builders import make_gloss, make_piece

ANNO = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def words(anchor, texts):
    """Where an anchor stands, as words: a phrase that is its whole lines reads as those lines
    (the Web Annotation is the same for both, and so are the words a reader sees marked)."""
    whole = "\n".join(texts[n] for n in range(anchor.first_line, anchor.last_line + 1))
    if anchor.exact and anchor.exact != whole:
        return (anchor.first_line, anchor.last_line, anchor.exact, anchor.start, anchor.end)
    return (anchor.first_line, anchor.last_line, "", None, None)


def glosses_of(piece):
    texts = dict(piece.lines.values_list("n", "text"))
    shown = Gloss.objects.filter(piece=piece).shown(include_drafts=True).prefetch_related("anchors", "concepts")
    return sorted(
        (g.heading, g.body, tuple(words(a, texts) for a in g.anchor_list),
         tuple(sorted(c.name for c in g.concepts.all())))
        for g in shown
    )


def export(client, piece) -> bytes:
    return client.get(reverse("exchange:piece_annotations", args=[piece.slug]), HTTP_ACCEPT=ANNO).content


def test_export_delete_import_gives_back_the_same_glosses_on_the_same_words(client, catalogue, editor):
    for piece in catalogue.values():
        before = glosses_of(piece)
        data = export(client, piece)
        if not before:
            assert json.loads(data)["total"] == 0
            continue
        for gloss in Gloss.objects.filter(piece=piece):
            gloss.soft_delete(user=editor)
        assert glosses_of(piece) == []
        planned = importing.plan(piece, importing.load(data))
        assert [p.error for p in planned if p.error] == [] and not any(p.lost for p in planned)
        importing.apply(piece, planned, user=editor, status="published")
        assert glosses_of(piece) == before, piece.title


def test_a_quote_whose_position_moved_is_found_by_its_words_and_a_lost_one_is_kept_as_an_orphan(db, editor):
    piece = make_piece("Moving", lines=["alpha beta gamma", "delta epsilon zeta", "eta theta iota"])
    annotation = {
        "type": "Annotation", "body": {"type": "TextualBody", "value": "On epsilon", "format": "text/plain"},
        "target": [
            {"source": f"http://elsewhere.example/pieces/{piece.slug}/text",
             "selector": [{"type": "TextQuoteSelector", "exact": "delta epsilon"},
                          {"type": "TextPositionSelector", "start": 0, "end": 5}]},
            {"source": f"/pieces/{piece.slug}/text",
             "selector": {"type": "TextQuoteSelector", "exact": "nowhere to be found at all"}},
        ],
    }
    [planned] = importing.plan(piece, importing.load(json.dumps(annotation)))
    assert planned.ok and planned.places[0].first_line == 2 and planned.places[0].exact == "delta epsilon"
    assert [o.exact for o in planned.orphans] == ["nowhere to be found at all"] and not planned.is_orphan


@pytest.mark.parametrize("raw, message", [
    (b"{not json", "This is not JSON"),
    (b'{"type": "Person"}', "There is no Web Annotation"),
    (b"[]", "There is no Web Annotation"),
    (b" " * (importing.MAX_BYTES + 1), "at most"),
])
def test_files_that_are_not_web_annotations_are_refused_with_a_reason(raw, message):
    with pytest.raises(importing.AnnotationFileError, match=message):
        importing.load(raw)


def test_targets_on_another_piece_and_selectors_out_of_range(db):
    piece = make_piece("Here", lines=["one two three four", "five six seven"])
    other = make_piece("There")
    base = {"type": "Annotation", "bodyValue": "note"}
    far = importing.plan(piece, [{**base, "target": f"/pieces/{other.slug}/text"}])
    assert "another resource" in far[0].error
    out = importing.plan(piece, [{**base, "target": {
        "source": f"/pieces/{piece.slug}/text",
        "selector": [{"type": "TextPositionSelector", "start": 10_000, "end": 20_000}]}}])
    assert "None of its places can be found" in out[0].error  # no quote: nothing to keep as an orphan
    backwards = importing.plan(piece, [{**base, "target": {
        "source": f"/pieces/{piece.slug}/text",
        "selector": [{"type": "TextPositionSelector", "start": 9, "end": 2}, {"type": "TextQuoteSelector", "exact": "six seven"}]}}])
    assert backwards[0].ok and backwards[0].places[0].first_line == 2


def test_html_in_a_body_is_kept_as_text_and_shown_escaped(db, editor):
    piece = make_piece("Escapes", lines=["a line of words here"])
    annotation = {"type": "Annotation", "target": f"/pieces/{piece.slug}/",
                  "body": {"type": "TextualBody", "format": "text/html", "value": "<img src=x onerror=alert(1)>"}}
    [gloss] = importing.apply(piece, importing.plan(piece, importing.load(json.dumps(annotation))), user=editor)
    assert gloss.status == "draft" and gloss.anchor_list == []
    assert "<img" not in gloss.body_html and "&lt;img" in gloss.body_html


def test_the_import_page_previews_then_imports_as_drafts_for_editors_only(editor_client, reader, db):
    from django.test import Client

    client = Client()
    piece = make_piece("Page Import", lines=["alpha beta gamma delta", "second line here"])
    url = reverse("exchange:import_annotations", args=[piece.slug])
    annotation = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
                  "body": {"type": "TextualBody", "value": "<b>bold</b> claim", "format": "text/markdown"},
                  "target": {"source": f"/pieces/{piece.slug}/text",
                             "selector": {"type": "TextQuoteSelector", "exact": "beta gamma"}}}
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(data, name="a.jsonld"):
        return SimpleUploadedFile(name, data, content_type="application/ld+json")

    assert client.get(url).status_code == 302  # to sign in
    assert client.post(url, {"payload": "[]"}).status_code == 302
    client.force_login(reader)
    assert client.post(url, {"file": upload(json.dumps(annotation).encode())}).status_code == 403
    preview = editor_client.post(url, {"file": upload(json.dumps(annotation).encode())})
    assert preview.status_code == 200
    assert b"1 of 1 annotation(s) can be imported as draft" in preview.content
    assert b"&lt;b&gt;bold&lt;/b&gt; claim" in preview.content and b"<b>bold</b>" not in preview.content
    assert not Gloss.objects.filter(piece=piece).exists()
    done = editor_client.post(url, {"payload": json.dumps(annotation), "confirm": "1", "status": "draft"})
    assert done.status_code == 302
    [gloss] = Gloss.objects.filter(piece=piece)
    assert gloss.status == "draft" and gloss.anchor_list[0].exact == "beta gamma"
    bad = editor_client.post(url, {"file": upload(b"{oops")})
    assert bad.status_code == 400 and b"This is not JSON" in bad.content
    huge = editor_client.post(url, {"file": upload(b" " * (10 * 1024 * 1024))})
    assert huge.status_code == 400 and b"at most" in huge.content


def test_the_import_form_needs_its_csrf_token(db, editor):
    from django.test import Client

    piece = make_piece("Csrf")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(reverse("exchange:import_annotations", args=[piece.slug]), {"payload": "[]"})
    assert response.status_code == 403


def _lost_and_found(piece):
    """An annotation on a quote still in the text (line 1) and one edited away (line 3)."""
    text = f"/pieces/{piece.slug}/text"
    return {
        "type": "Annotation", "bodyValue": "On what the lanterns keep",
        "target": [
            {"source": text, "selector": [{"type": "TextQuoteSelector", "exact": "lanterns keep"}]},
            {"source": text, "selector": [
                {"type": "TextQuoteSelector", "exact": "a verse since rewritten", "prefix": "once ", "suffix": " here"},
                {"type": "TextPositionSelector", "start": 40, "end": 63},
                {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc5147", "value": "line=1,2"}]},
        ],
    }


def test_an_annotation_whose_quote_is_gone_becomes_an_orphan_listed_and_reattachable(editor_client, editor, db):
    piece = make_piece("Lost Lanterns", lines=["the lanterns keep the light", "second line stays", "third line here"])
    text = f"/pieces/{piece.slug}/text"
    gone = {"type": "Annotation", "bodyValue": "On a verse no longer there",
            "target": {"source": text, "selector": [
                {"type": "TextQuoteSelector", "exact": "a verse since rewritten", "prefix": "was ", "suffix": " once"},
                {"type": "FragmentSelector", "value": "line=99,101"}]}}  # rows past the end: clamped
    url = reverse("exchange:import_annotations", args=[piece.slug])
    preview = editor_client.post(url, {"payload": json.dumps(gone)}).content.decode()
    assert "1 of 1 annotation(s) can be imported as draft" in preview
    assert "kept as an orphan" in preview and "“a verse since rewritten” (was line 3)" in preview
    assert editor_client.post(url, {"payload": json.dumps(gone), "confirm": "1"}).status_code == 302
    [gloss] = Gloss.objects.filter(piece=piece)
    [anchor] = gloss.anchor_list
    assert gloss.status == "draft" and gloss.is_orphan and anchor.is_orphan
    assert (anchor.first_line, anchor.last_line, anchor.exact, anchor.prefix, anchor.suffix, anchor.anchor_text) == (
        3, 3, "a verse since rewritten", "was ", " once", "a verse since rewritten")
    assert "On a verse no longer there" not in editor_client.get(piece.get_absolute_url()).content.decode()
    assert "a verse since rewritten" in editor_client.get(reverse("orphan_list")).content.decode()
    beside = editor_client.get(f'{reverse("orphan_list")}?piece={piece.slug}').content.decode()
    assert reverse("anchor_reattach", args=[anchor.pk]) in beside
    done = editor_client.post(reverse("anchor_reattach", args=[anchor.pk]),
                              {"first_line": 2, "exact": "line stays", "version": gloss.version})
    assert done.status_code == 302
    gloss.refresh_from_db()
    assert not gloss.is_orphan and gloss.anchor_list[0].exact == "line stays"
    assert "a verse since rewritten" not in editor_client.get(reverse("orphan_list")).content.decode()


def test_placed_and_orphaned_targets_of_one_annotation_keep_both_kinds_of_anchors(editor_client, editor, db):
    piece = make_piece("Half Lanterns", lines=["the lanterns keep the light", "second line stays", "third line here"])
    annotation = _lost_and_found(piece)
    [planned] = importing.plan(piece, [annotation])
    assert planned.ok and not planned.is_orphan and planned.where == "line 1"
    [orphan] = planned.orphans
    assert (orphan.first_line, orphan.last_line) == (2, 2)  # RFC 5147: row 1 (from 0) up to row 2: line 2
    preview = editor_client.post(reverse("exchange:import_annotations", args=[piece.slug]),
                                 {"payload": json.dumps(annotation)}).content.decode()
    assert "On line 1" in preview and "kept as orphaned places" in preview and "“a verse since rewritten”" in preview
    [gloss] = importing.apply(piece, [planned], user=editor)
    kinds = [(a.exact, a.is_orphan) for a in gloss.anchor_list]
    assert kinds == [("lanterns keep", False), ("a verse since rewritten", True)]
    assert not gloss.is_orphan and gloss.line_label == "line 1"
    orphans = editor_client.get(reverse("orphan_list")).content.decode()
    assert "a verse since rewritten" in orphans
    page = editor_client.get(piece.get_absolute_url()).content.decode()
    assert "On what the lanterns keep" in page  # a draft, on its placed words, shown to editors


def test_the_protocol_still_refuses_a_write_whose_quote_is_not_in_the_text(db):
    piece = make_piece("Strict Lanterns", lines=["the lanterns keep the light"])
    [planned] = importing.plan(piece, [_lost_and_found(piece)])
    assert importing.not_found(planned) == "These quotes are not in the text: “a verse since rewritten”"
