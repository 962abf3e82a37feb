"""What an admin's upload turns into before any parsing: the text files, or a reason per file."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from catalogue.importing.limits import ImportLimits
from catalogue.importing.uploads import read_uploads
from catalogue.models import Piece

LIMITS = ImportLimits(max_file_bytes=1000, max_line_chars=10_000, max_zip_bytes=5000, max_zip_files=5)


def zip_of(entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def read(*files, limits=LIMITS):
    return read_uploads([(name, stream) for name, stream in files], limits)


def test_text_and_markdown_files_are_kept_as_uploaded():
    found = read(("song.txt", io.BytesIO(b"la la")), ("poem.md", io.BytesIO(b"# Poem\n\nline")))
    assert [(item.name, item.data, item.error) for item in found] == [
        ("song.txt", b"la la", ""), ("poem.md", b"# Poem\n\nline", "")]


def test_a_browser_sent_path_is_reduced_to_the_file_name():
    (found,) = read(("C:\\Users\\me\\song.txt", io.BytesIO(b"la")))
    assert found.name == "song.txt"


def test_a_file_of_another_kind_is_refused_by_name():
    (found,) = read(("cover.pdf", io.BytesIO(b"%PDF-1.4")))
    assert found.name == "cover.pdf" and found.data == b""
    assert "Only .txt and .md files" in found.error and ".pdf" in found.error


def test_an_oversized_file_is_refused_after_reading_one_byte_past_the_limit():
    stream = io.BytesIO(b"x" * 50_000)
    (found,) = read(("big.txt", stream))
    assert found.error == "The file is too large (more than 1 KB); the limit is 1 KB."
    assert found.data == b"" and stream.tell() == LIMITS.max_file_bytes + 1


def test_an_oversized_zip_entry_is_refused_with_its_size():
    errors = {item.name: item.error for item in read(("z.zip", zip_of({"big.txt": b"y" * 1500, "ok.txt": b"ok"})))}
    assert errors == {"z.zip: big.txt": "The file is too large (2 KB); the limit is 1 KB.", "z.zip: ok.txt": ""}


def test_a_zip_yields_each_text_file_named_after_the_zip():
    archive = zip_of({"songs/one.txt": b"first", "two.md": b"second", "songs/": b""})
    found = read(("batch.zip", archive))
    assert [(item.name, item.data) for item in found] == [("batch.zip: songs/one.txt", b"first"),
                                                          ("batch.zip: two.md", b"second")]


def test_zip_entries_that_are_not_text_files_are_refused_with_a_reason_and_the_rest_kept():
    found = read(("batch.zip", zip_of({"cover.png": b"\x89PNG", "one.txt": b"first", "inner.zip": b"PK"})))
    errors = {item.name: item.error for item in found}
    assert "Only .txt and .md files" in errors["batch.zip: cover.png"]
    assert "Only .txt and .md files" in errors["batch.zip: inner.zip"]
    assert errors["batch.zip: one.txt"] == ""


def test_zip_entries_with_absolute_or_parent_paths_are_refused():
    archive = zip_of({"/etc/passwd.txt": b"root", "../../escape.txt": b"out", "a/../b.txt": b"sneaky",
                      "ok.txt": b"fine"})
    errors = {item.name: item.error for item in read(("evil.zip", archive))}
    assert "absolute path" in errors["evil.zip: /etc/passwd.txt"]
    assert "“..”" in errors["evil.zip: ../../escape.txt"]
    assert "“..”" in errors["evil.zip: a/../b.txt"]
    assert errors["evil.zip: ok.txt"] == ""


def test_a_windows_absolute_path_in_a_zip_is_refused():
    errors = [item.error for item in read(("evil.zip", zip_of({"C:/boot.txt": b"x"})))]
    assert "absolute path" in errors[0]


def test_a_zip_bomb_is_refused_whole_before_anything_is_unpacked():
    # 6,000 zeros compress to a few bytes; the limit is 5,000 unpacked.
    archive = zip_of({"a.txt": b"0" * 900, "b.txt": b"0" * 900, "c.txt": b"0" * 900, "d.txt": b"0" * 900,
                      "e.txt": b"0" * 2500})
    (found,) = read(("bomb.zip", archive))
    assert found.name == "bomb.zip" and "expands to more than 5 KB" in found.error
    assert found.data == b""


def test_a_zip_with_too_many_files_is_refused_whole():
    archive = zip_of({f"{n}.txt": b"x" for n in range(6)})
    (found,) = read(("many.zip", archive))
    assert "holds 6 files; the limit is 5" in found.error


def test_archiver_clutter_is_passed_over_silently():
    archive = zip_of({"__MACOSX/._one.txt": b"\x00\x05", ".DS_Store": b"\x00", "one.txt": b"first"})
    assert [item.name for item in read(("mac.zip", archive))] == ["mac.zip: one.txt"]


def test_a_file_named_zip_that_is_not_a_zip_is_refused():
    (found,) = read(("fake.zip", io.BytesIO(b"just text")))
    assert found.error == "This is not a readable zip archive."


def test_an_encrypted_zip_entry_is_refused():
    buffer = zip_of({"secret.txt": b"hidden"}, compression=zipfile.ZIP_STORED)
    data = bytearray(buffer.getvalue())
    # Set the "encrypted" flag in the local and central headers, as an encrypting archiver does.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + flag_offset] |= 0x1
    (found,) = read(("locked.zip", io.BytesIO(bytes(data))))
    assert found.error == "The zip entry is encrypted."



@pytest.mark.django_db
def test_the_import_command_reads_a_zip_with_the_same_refusals(tmp_path, capsys):
    archive = tmp_path / "batch.zip"
    archive.write_bytes(zip_of({"hymn.md": b"# Hymn\n\nThe loss goes down\nthe weights hold\n",
                                "../escape.txt": b"Out\n\nline one\nline two\n"}).getvalue())
    with pytest.raises(CommandError, match="1 of 2 files rejected"):
        call_command("import_catalogue", str(archive))
    out = capsys.readouterr().out
    assert f"{archive}: hymn.md: created" in out
    assert f"{archive}: ../escape.txt: rejected: The zip entry's path contains “..”" in out
    assert list(Piece.objects.values_list("title", flat=True)) == ["Hymn"]
