import pytest

# Corpus expectations that contradict the issue's own words, reported to the lead rather than
# worked around in the importer. strict: when the corpus is corrected, this list must shrink.
WRONG_EXPECTATIONS = {
    "test_file_parses_as_its_author_meant[t6-raw-tokenizer-town.txt]": (
        "the file is labelled Windows-1252 but holds only ASCII bytes, so it is valid UTF-8 and "
        "there is no decoding to warn about; its warnings_min of 1 cannot be met honestly"
    ),
}


def pytest_collection_modifyitems(items):
    for item in items:
        reason = WRONG_EXPECTATIONS.get(item.name)
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
