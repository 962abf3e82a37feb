import pytest

# Corpus expectations that contradict the issue's own words, reported to the lead rather than
# worked around in the importer. strict: when the corpus is corrected, this list must shrink.
WRONG_EXPECTATIONS: dict[str, str] = {}


def pytest_collection_modifyitems(items):
    for item in items:
        reason = WRONG_EXPECTATIONS.get(item.name)
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
