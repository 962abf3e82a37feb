"""A staff member in a real Chromium imports text files through the admin, as a new admin would."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from catalogue.models import Piece

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HYMN = b"# Gradient Hymn\n\n[Verse 1]\nThe loss goes down (goes down)\nThe weights hold steady\n\n" \
       b"[Chorus]\nDescend, descend\nto the valley floor\n"
LULLABY = b"Tensor Lullaby\n\nSleep now, little tensor\nyour gradients are small\n\nthe optimiser hums\nacross the hall\n"


def file(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "text/plain", "buffer": data}


def log_in_to_the_admin(page, username="admin", password="admin-pass-1234"):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def section_for(page, name: str):
    return page.locator("section.import-file", has=page.get_by_role("heading", name=name, exact=True))


def test_staff_upload_two_files_and_a_bad_one_preview_them_rename_one_and_find_them_in_the_catalogue(page, admin_user):
    log_in_to_the_admin(page)
    page.goto("/admin/catalogue/piece/")
    page.get_by_role("link", name="Import files").click()
    page.get_by_label("Files:").set_input_files([
        file("hymn.md", HYMN), file("lullaby.txt", LULLABY), file("broken.txt", b"\x00\x01binary\x00"),
    ])
    page.get_by_role("button", name="Preview").click()

    assert "2 of 3 files can be imported" in page.locator("#content-main").inner_text()
    error = page.get_by_role("alert").filter(has_text="broken.txt")
    assert "broken.txt cannot be imported: This looks binary (it contains NUL bytes)" in error.inner_text()
    hymn = section_for(page, "hymn.md")
    assert "Creates a new piece." in hymn.inner_text()
    assert "Verse 1 (2), Chorus (2)" in hymn.inner_text()
    lullaby = section_for(page, "lullaby.txt")
    assert lullaby.get_by_label("Title").input_value() == "Tensor Lullaby"
    lullaby.get_by_label("Title").fill("A Lullaby for Tensors")
    lullaby.get_by_label("Kind").select_option("song")
    assert Piece.objects.count() == 0  # nothing is stored before the admin decides

    page.get_by_role("button", name="Import the chosen files").click()
    page.wait_for_url("**/admin/catalogue/piece/import/*/")
    results = page.locator("#import-progress").inner_text()
    assert "Finished: all 3 files done. 2 created, 0 updated, 0 unchanged, 1 rejected, 0 cancelled." in results
    assert "Created Gradient Hymn from hymn.md." in results
    assert "Created A Lullaby for Tensors from lullaby.txt." in results
    assert "Not imported: broken.txt: This looks binary" in results

    page.goto("/")
    page.get_by_role("link", name="A Lullaby for Tensors").click()
    page.wait_for_url("**/pieces/a-lullaby-for-tensors/")
    assert "Sleep now, little tensor" in page.locator("#main").inner_text()
    page.goto("/")
    assert page.get_by_role("link", name="Gradient Hymn").is_visible()
    assert not page.get_by_text("broken").count()


def test_staff_import_a_zip_then_re_import_an_edited_file_and_see_the_changed_lines(page, admin_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("songs/hymn.md", HYMN)
        archive.writestr("songs/lullaby.txt", LULLABY)
    log_in_to_the_admin(page)
    page.goto("/admin/catalogue/piece/import/")
    page.get_by_label("Files:").set_input_files([{"name": "songs.zip", "mimeType": "application/zip",
                                                  "buffer": buffer.getvalue()}])
    page.get_by_role("button", name="Preview").click()
    assert "2 of 2 files can be imported" in page.locator("#content-main").inner_text()
    page.get_by_role("button", name="Import the chosen files").click()
    page.wait_for_url("**/admin/catalogue/piece/import/*/")
    assert sorted(Piece.objects.values_list("title", flat=True)) == ["Gradient Hymn", "Tensor Lullaby"]

    page.get_by_role("link", name="Back to the pieces").click()
    page.get_by_role("link", name="Import files").click()
    page.get_by_label("Files:").set_input_files([file("hymn.md", HYMN.replace(b"hold steady", b"hold firm"))])
    page.get_by_role("button", name="Preview").click()
    hymn = section_for(page, "hymn.md")
    assert "Updates Gradient Hymn" in hymn.inner_text()
    assert hymn.locator("tr.diff-removed").inner_text().endswith("The weights hold steady")
    assert hymn.locator("tr.diff-added").inner_text().endswith("The weights hold firm")
    page.get_by_role("button", name="Import the chosen files").click()
    assert "Updated Gradient Hymn from hymn.md." in page.locator("#import-progress").inner_text()
    assert Piece.objects.get(title="Gradient Hymn").lines.filter(text="The weights hold firm").exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_the_progress_page_follows_the_worker_without_being_reloaded_by_hand(browser, live_server, admin_user,
                                                                             javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    try:
        log_in_to_the_admin(page)
        page.goto("/admin/catalogue/piece/import/")
        page.get_by_label("Files:").set_input_files([file("hymn.md", HYMN), file("lullaby.txt", LULLABY)])
        page.get_by_role("button", name="Preview").click()
        page.get_by_role("button", name="Import the chosen files").click()
        page.wait_for_url("**/admin/catalogue/piece/import/*/")
        assert "File 0 of 2 done." in page.locator("#import-progress").inner_text()

        # The queue's worker, as `make run` starts it, stores the files meanwhile.
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        expect(page.locator("#import-progress")).to_contain_text("Finished: all 2 files done.", timeout=15_000)
        assert "Created Gradient Hymn from hymn.md." in page.locator("#import-progress").inner_text()
    finally:
        context.close()
