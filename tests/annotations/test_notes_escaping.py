"""The reading's macros print without autoescaping (templates/annotations/notes.jinja): a row
or a gloss costs a third as much that way. So every value they print is escaped by hand, unless
it is one of ours — a number, an address we built from numbers, a class name, HTML we made.
These tests keep it so: the first reads the template, the second renders hostile text."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from annotations.models import Concept, Gloss
from tests.builders import make_gloss, make_piece

NOTES = settings.BASE_DIR / "templates" / "annotations" / "notes.jinja"

# Printed as they are: numbers and ids, addresses built from them and from reverse(), classes
# (a line's kind is one of Line.Kind: the importer and the forms allow no other), labels of our
# own made of numbers ("Note", "Gloss on lines 3–5"), the date in the reader's time zone and
# language, Markdown's HTML (made safe when stored), the CSRF field and the output of other
# macros (each escapes its own values).
OURS = {
    'section["position"]', 'section["repeat_position"]', 'row["row_class"]', 'row["line_class"]', 'row["n"]',
    'row["gloss_ids"]', 'row["line_url"]', 'row["line_href"]', 'row["mark_label"]', "gloss_id", "anchor_id",
    "gloss_ids", 'gloss["id"]', "at", "echo_of", 'gloss["aria_label"]', "piece_url", 'gloss["fragment"]',
    'gloss["changed_iso"]', 'gloss["changed_on"]', "edit_url", "restore_url", "history_url",
    "csrf_input", 'gloss["body_html"]|safe', "also_on(gloss, piece_url)", 'concept_chips(gloss["concepts"])',
    'gloss_note(note["gloss"], piece_url, echo_of=note["echo_of"], at=note["at"], can_edit=include_drafts)',
}


def test_every_value_printed_without_autoescape_is_escaped_or_ours():
    source = NOTES.read_text()
    regions = re.findall(r"\{% autoescape false %\}(.*?)\{% endautoescape %\}", source, re.S)
    assert len(regions) == 2  # the section and the gloss
    printed = [expression.strip() for region in regions for expression in re.findall(r"\{\{(.*?)\}\}", region, re.S)]
    unescaped = [expression for expression in printed if not expression.endswith("|e") and expression not in OURS]
    assert unescaped == []


HOSTILE = '<i id="x">&"\''


@pytest.mark.django_db
def test_hostile_text_everywhere_in_a_reading_is_shown_as_text(client, django_user_model):
    author = django_user_model.objects.create_user("mallory", first_name=HOSTILE)
    piece = make_piece("Hostile", lines=[f"Line {HOSTILE} one", "Line two"], slug="hostile")
    piece.lines.filter(n=1).update(echo=HOSTILE)
    piece.sections.update(label=HOSTILE, direction=HOSTILE)
    gloss = make_gloss(piece, line=1, phrase=HOSTILE, body="Body.", heading=HOSTILE)
    other = make_gloss(piece, line=2, body="Second.")
    Gloss.objects.filter(pk__in=[gloss.pk, other.pk]).update(created_by=author)
    gloss.concepts.add(Concept.objects.create(name=HOSTILE, slug="hostile-concept"))
    html = client.get(reverse("piece_detail", args=[piece.slug])).content.decode()
    assert '<i id="x">' not in html
    # Each hostile value is on the page, escaped (the verse, the phrase, the echo, the section's
    # label and direction, the gloss's heading and quote, its author, its concept).
    assert html.count("&lt;i id=&#34;x&#34;&gt;&amp;&#34;&#39;") >= 7
