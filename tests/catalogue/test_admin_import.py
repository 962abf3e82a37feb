"""An admin imports text files through the Django admin: upload, preview per file, decide, import."""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.importing.pending import plan
from catalogue.importing.store import import_file
from catalogue.models import Line, PendingImport, Piece, PieceSource
from catalogue.signals import piece_text_imported
from tests.builders import make_gloss

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
IMPORT_URL = reverse("admin:catalogue_piece_import")

HYMN = b"# Gradient Hymn\n\n[Verse 1]\nThe loss goes down (goes down)\nThe weights hold steady\n\n" \
       b"[Chorus]\nDescend, descend\nto the valley floor\n"
LULLABY = b"Tensor Lullaby\n\nSleep now, little tensor\nyour gradients are small\n\nthe optimiser hums\nacross the hall\n"


def upload(client, *files, follow=True):
    return client.post(IMPORT_URL, {"files": [SimpleUploadedFile(name, data) for name, data in files]},
                       follow=follow)


def pending_of(response):
    batch = response.resolver_match.kwargs["batch"]
    return list(PendingImport.objects.filter(batch=batch))


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def confirm(client, response, action="import", **choices):
    """Submit the preview's form as shown, with ``choices`` ("<file name>:title" → value) changed."""
    data = {"action": action}
    for item in pending_of(response):
        if item.error:
            continue
        _action, piece = plan(item)
        data[f"{item.pk}-decision"] = "import"
        data[f"{item.pk}-title"] = item.summary["title"]
        data[f"{item.pk}-kind"] = item.summary["kind"]
        data[f"{item.pk}-piece"] = piece.slug if piece else ""
        for key, value in choices.items():
            name, _, field = key.rpartition(":")
            if name == item.name:
                data[f"{item.pk}-{field}"] = value
    return client.post(response.request["PATH_INFO"], data, follow=True)


# --- Getting there

def test_the_piece_list_offers_import_files(admin_client):
    html = admin_client.get(reverse("admin:catalogue_piece_changelist")).content.decode()
    assert f'href="{IMPORT_URL}"' in html and "Import files" in html


def test_the_upload_page_states_the_limits(admin_client, settings):
    settings.GLOSSA_IMPORT_MAX_BYTES = 2_000_000
    html = admin_client.get(IMPORT_URL).content.decode()
    assert 'type="file" name="files"' in html and "multiple" in html
    assert "2.0\xa0MB" in html or "1.9\xa0MB" in html


def test_an_editor_who_is_not_staff_is_sent_to_the_admin_login(editor_client):
    response = editor_client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_permission_to_add_pieces_cannot_import(client):
    staff = get_user_model().objects.create_user("staff", password="staff-pass-1234", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_piece"))
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, ("hymn.txt", HYMN), follow=False).status_code == 403
    assert not PendingImport.objects.exists()


def test_the_upload_rejects_other_methods(admin_client):
    assert admin_client.put(IMPORT_URL).status_code == 405


def test_an_upload_without_files_asks_for_files(admin_client):
    response = admin_client.post(IMPORT_URL, {})
    assert "Choose one or more .txt or .md files" in response.content.decode()


# --- Preview

def test_uploading_stores_nothing_but_shows_what_each_file_would_become(admin_client):
    response = upload(admin_client, ("hymn.md", HYMN), ("lullaby.txt", LULLABY))
    html = response.content.decode()
    assert Piece.objects.count() == 0
    assert "2 of 2 files can be imported" in html
    assert "<h2 id=\"file-" in html and "hymn.md</h2>" in html and "lullaby.txt</h2>" in html
    assert 'value="Gradient Hymn"' in html and 'value="Tensor Lullaby"' in html
    assert "Verse 1 (2), Chorus (2)" in html
    assert "Stanza 1 (2), Stanza 2 (2)" in html
    assert "“goes down” (line 1)" in html  # the echo
    assert html.count("Creates a new piece.") == 2


def test_the_preview_shows_metadata_glosses_and_commentary_of_a_rich_file(admin_client):
    data = (CATALOGUE / "confession-of-a-softmax-layer.md").read_bytes()
    html = upload(admin_client, ("confession.md", data)).content.decode()
    assert "<dt>Tempo</dt><dd>68 BPM</dd>" in html and "<dt>Key</dt><dd>C minor</dd>" in html
    assert "<dt>Written</dt><dd>2026-02-13</dd>" in html
    assert "The Temperature Conceit" in html
    assert "I am the violence at the end of thought." in html  # a gloss the file carries


def test_hidden_characters_are_reported_with_their_line(admin_client):
    data = "Sneaky Song\n\nAll clean here\nA hidden\u202e turn\n".encode()
    html = upload(admin_client, ("sneaky.txt", data)).content.decode()
    assert "line 4: removed 1 hidden character (U+202E RIGHT-TO-LEFT OVERRIDE)" in html


def test_html_in_a_title_or_a_line_is_shown_escaped(admin_client):
    data = b"# <script>alert(1)</script> & <b>Bold</b>\n\n<img src=x onerror=alert(2)> is a line\nand so is this\n"
    html = upload(admin_client, ("html.md", data)).content.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Bold&lt;/b&gt;" in html


def test_a_file_name_with_html_is_shown_escaped_in_the_preview_and_the_messages(admin_client):
    name = "<img src=x onerror=alert(1)>.txt"
    response = upload(admin_client, (name, LULLABY), ("<b onclick=x>bad.txt", b""))
    html = response.content.decode()
    assert "<img src=x" not in html and "<b onclick" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.txt</h2>" in html
    page = confirm(admin_client, response).content.decode()
    assert "<img src=x" not in page and "from &lt;img src=x onerror=alert(1)&gt;.txt." in page
    assert "Not imported: &lt;b onclick=x&gt;bad.txt: The file is empty." in page


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "The file is empty."),
        ("blank.txt", b"  \n\t\n ", "contains only whitespace"),
        ("nul.txt", b"Song\x00\x00title\n", "contains NUL bytes"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        ("undecodable.txt", b"caf\xc3 \x81\x8d", "neither UTF-8 nor Windows-1252"),
        ("markers.txt", b"[Verse 1]\n\n[Chorus]\n", "no lines under them"),
        ("long.txt", b"Title\n\n" + b"x" * 10_001 + b"\n", "Line 3 is 10,001 characters long"),
        ("cover.pdf", b"%PDF-1.4", "Only .txt and .md files"),
    ],
)
def test_a_bad_file_is_named_with_its_reason_and_stores_nothing(admin_client, name, data, reason):
    response = upload(admin_client, (name, data), ("hymn.md", HYMN))
    html = response.content.decode()
    assert f"{name} cannot be imported: " in html and reason in html
    assert "1 of 2 files can be imported" in html
    confirm(admin_client, response)
    assert list(Piece.objects.values_list("title", flat=True)) == ["Gradient Hymn"]


def test_a_file_over_the_size_limit_is_refused(admin_client, settings):
    settings.GLOSSA_IMPORT_MAX_BYTES = 100
    html = upload(admin_client, ("big.txt", b"Big\n\n" + b"a line\n" * 40)).content.decode()
    assert "big.txt cannot be imported: The file is too large (285 bytes); the limit is 100 bytes." in html


def test_a_zip_is_previewed_file_by_file_and_its_bad_entries_named(admin_client):
    data = zip_of({"hymn.md": HYMN, "../escape.txt": LULLABY, "notes.docx": b"PK", "lullaby.txt": LULLABY})
    html = upload(admin_client, ("batch.zip", data)).content.decode()
    assert "2 of 4 files can be imported" in html
    assert "batch.zip: ../escape.txt cannot be imported: The zip entry&#x27;s path contains “..”" in html
    assert "batch.zip: notes.docx cannot be imported: Only .txt and .md files" in html


def test_a_zip_bomb_is_refused_as_a_whole(admin_client, settings):
    settings.GLOSSA_IMPORT_MAX_ZIP_BYTES = 10_000
    data = zip_of({"a.txt": b"a" * 6000, "b.txt": b"b" * 6000})
    html = upload(admin_client, ("bomb.zip", data)).content.decode()
    assert "bomb.zip cannot be imported: The zip expands to more than 10 KB" in html
    assert "0 of 1 file can be imported" in html


def test_a_file_for_an_existing_piece_says_it_updates_it_and_shows_the_line_diff(admin_client):
    import_file("hymn.md", HYMN)
    edited = HYMN.replace(b"The weights hold steady", b"The weights <hold> firm")
    html = upload(admin_client, ("hymn.md", edited)).content.decode()
    assert "Updates <a href=" in html and ">Gradient Hymn</a>" in html
    assert '<tr class="diff-removed">' in html and "The weights hold steady" in html
    assert '<tr class="diff-added">' in html and "The weights &lt;hold&gt; firm" in html
    assert "Descend, descend" in html  # context around the change


def test_an_unchanged_file_is_a_no_op(admin_client):
    import_file("hymn.md", HYMN)
    piece = Piece.objects.get()
    response = upload(admin_client, ("hymn.md", HYMN))
    assert "Unchanged: <a href=" in response.content.decode()
    page = confirm(admin_client, response).content.decode()
    assert "Unchanged: “Gradient Hymn” already has the text of hymn.md; nothing to do." in page
    assert Piece.objects.get().content_version == piece.content_version
    assert PieceSource.objects.count() == 1


def test_someone_elses_upload_is_not_found(admin_client, client):
    response = upload(admin_client, ("hymn.md", HYMN))
    other = get_user_model().objects.create_superuser("other", "o@example.org", "other-pass-1234")
    client.force_login(other)
    assert client.get(response.request["PATH_INFO"]).status_code == 404


def test_the_preview_rejects_other_methods(admin_client):
    response = upload(admin_client, ("hymn.md", HYMN))
    assert admin_client.put(response.request["PATH_INFO"]).status_code == 405


# --- Decision and import

def test_confirming_imports_each_file_with_the_admins_title_and_kind(admin_client):
    response = upload(admin_client, ("hymn.md", HYMN), ("lullaby.txt", LULLABY))
    page = confirm(admin_client, response, **{"lullaby.txt:title": "A Lullaby for Tensors",
                                             "lullaby.txt:kind": "song"})
    html = page.content.decode()
    assert page.resolver_match.url_name == "catalogue_piece_import_preview"  # the batch's progress page
    assert "Finished: all 2 files done." in html and "2 created, 0 updated, 0 unchanged, 0 rejected" in html
    assert 'Created <a href="/pieces/gradient-hymn/">Gradient Hymn</a> from hymn.md.' in html
    assert "Created <a href=\"/pieces/a-lullaby-for-tensors/\">A Lullaby for Tensors</a> from lullaby.txt." in html
    lullaby = Piece.objects.get(slug="a-lullaby-for-tensors")
    assert (lullaby.title, lullaby.kind, lullaby.line_count) == ("A Lullaby for Tensors", "song", 4)
    assert Piece.objects.get(title="Gradient Hymn").line_count == 4
    # Each file is consumed: what is left of it is its name and outcome, not its bytes.
    assert [(outcome, bytes(data), parsed) for outcome, data, parsed in
            PendingImport.objects.values_list("outcome", "data", "parsed")] == [("created", b"", None)] * 2


def test_a_cancelled_file_is_not_imported_while_the_others_are(admin_client):
    response = upload(admin_client, ("hymn.md", HYMN), ("lullaby.txt", LULLABY))
    lullaby = next(item for item in pending_of(response) if item.name == "lullaby.txt")
    html = confirm(admin_client, response, **{"lullaby.txt:decision": "cancel"}).content.decode()
    assert "Cancelled lullaby.txt; nothing of it was stored." in html
    assert list(Piece.objects.values_list("title", flat=True)) == ["Gradient Hymn"]
    assert PendingImport.objects.get(pk=lullaby.pk).outcome == "cancelled"


def test_previewing_again_keeps_the_admins_choices(admin_client):
    response = upload(admin_client, ("lullaby.txt", LULLABY))
    html = confirm(admin_client, response, action="preview", **{"lullaby.txt:title": "Renamed <Lullaby>"}).content.decode()
    assert 'value="Renamed &lt;Lullaby&gt;"' in html
    assert Piece.objects.count() == 0


def test_cancelling_the_upload_forgets_every_file(admin_client):
    response = upload(admin_client, ("hymn.md", HYMN), ("lullaby.txt", LULLABY))
    html = confirm(admin_client, response, action="cancel").content.decode()
    assert "Import cancelled; nothing was stored." in html
    assert not PendingImport.objects.exists() and not Piece.objects.exists()


def test_the_admin_can_choose_the_piece_a_file_updates(admin_client):
    import_file("hymn.md", HYMN)
    hymn = Piece.objects.get()
    response = upload(admin_client, ("lullaby.txt", LULLABY))
    confirm(admin_client, response, **{"lullaby.txt:piece": hymn.slug})
    hymn.refresh_from_db()
    assert Piece.objects.count() == 1
    assert hymn.title == "Tensor Lullaby" and hymn.first_line == "Sleep now, little tensor"
    assert hymn.sources.count() == 2


def test_the_admin_can_import_a_file_as_a_new_piece_despite_its_title(admin_client):
    import_file("hymn.md", HYMN)
    response = upload(admin_client, ("hymn.md", HYMN.replace(b"valley", b"meadow")))
    confirm(admin_client, response, **{"hymn.md:piece": "", "hymn.md:title": "Gradient Hymn II"})
    assert sorted(Piece.objects.values_list("title", flat=True)) == ["Gradient Hymn", "Gradient Hymn II"]


def test_a_piece_address_that_does_not_exist_imports_nothing_and_says_so(admin_client):
    response = upload(admin_client, ("hymn.md", HYMN), ("lullaby.txt", LULLABY))
    page = confirm(admin_client, response, **{"lullaby.txt:piece": "no-such-piece"})
    assert page.resolver_match.url_name == "catalogue_piece_import_preview"
    assert "No piece has the address “no-such-piece” given for lullaby.txt." in page.content.decode()
    assert not Piece.objects.exists()


def test_the_preview_offers_the_pieces_once_whatever_the_number_of_files(admin_client):
    import_file("hymn.md", HYMN)
    html = upload(admin_client, *[(f"song-{n}.txt", LULLABY.replace(b"Tensor", f"Tensor {n}".encode()))
                                  for n in range(3)]).content.decode()
    assert html.count('<option value="gradient-hymn">Gradient Hymn</option>') == 1
    assert html.count('list="pieces"') == 3


def test_a_file_whose_store_fails_midway_leaves_nothing_and_the_others_are_imported(admin_client):
    def fail_for_the_lullaby(sender, piece, **kwargs):
        if piece.title == "Tensor Lullaby":
            raise RuntimeError("the server died mid-import")

    piece_text_imported.connect(fail_for_the_lullaby, dispatch_uid="test-fail")
    try:
        response = upload(admin_client, ("lullaby.txt", LULLABY), ("hymn.md", HYMN))
        html = confirm(admin_client, response).content.decode()
    finally:
        piece_text_imported.disconnect(dispatch_uid="test-fail")
    assert ("Not imported: lullaby.txt: storing it failed, so nothing of it was stored "
            "(RuntimeError: the server died mid-import)") in html
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in html
    assert list(Piece.objects.values_list("title", flat=True)) == ["Gradient Hymn"]
    assert not Line.objects.filter(text__contains="tensor").exists()
    assert PieceSource.objects.count() == 1


# --- Sources and undo

def test_the_piece_page_in_the_admin_links_its_sources_and_orphans(admin_client):
    import_file("hymn.md", HYMN)
    piece = Piece.objects.get()
    html = admin_client.get(reverse("admin:catalogue_piece_change", args=[piece.pk])).content.decode()
    assert reverse("admin:catalogue_piece_sources", args=[piece.pk]) in html
    assert f"{reverse('admin:annotations_gloss_changelist')}?piece__id__exact={piece.pk}&amp;orphan=yes" in html


def test_undo_restores_the_previous_text_and_the_gloss_follows_it_back(admin_client):
    import_file("hymn.md", HYMN)
    piece = Piece.objects.get()
    gloss = make_gloss(piece, line=2, phrase="weights hold steady", body="Convergence.")
    import_file("hymn.md", HYMN.replace(b"The weights hold steady\n", b""))
    gloss.refresh_from_db()
    assert gloss.is_orphan

    sources_url = reverse("admin:catalogue_piece_sources", args=[piece.pk])
    html = admin_client.get(sources_url).content.decode()
    assert "Undo the last import" in html and '<tr class="diff-added">' in html
    undo = PieceSource.objects.filter(piece=piece).order_by("imported_at", "pk").first()
    page = admin_client.post(reverse("admin:catalogue_piece_restore_source", args=[piece.pk, undo.pk]), follow=True)
    assert "Restored the text imported" in page.content.decode()

    assert list(piece.lines.order_by("n").values_list("text", flat=True))[1] == "The weights hold steady"
    gloss.refresh_from_db()
    assert (gloss.is_orphan, gloss.first_line, gloss.exact) == (False, 2, "weights hold steady")
    assert piece.sources.count() == 3  # the undone text is kept too


def test_restoring_needs_change_permission_and_a_get_changes_nothing(admin_client, client):
    import_file("hymn.md", HYMN)
    import_file("hymn.md", HYMN + b"\n[Outro]\nAnd rest\n")
    piece = Piece.objects.get()
    source = piece.sources.last()
    url = reverse("admin:catalogue_piece_restore_source", args=[piece.pk, source.pk])
    assert admin_client.get(url).status_code == 200  # the question (tests/catalogue/test_confirm_undo.py)
    assert piece.lines.count() == 5
    viewer = get_user_model().objects.create_user("viewer", password="viewer-pass-1234", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_piece"))
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    assert piece.lines.count() == 5
