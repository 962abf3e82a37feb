"""What the fuzz tests (tests/test_fuzz_*.py) share: hypothesis settings, text strategies, a timer.

The suite runs a fixed, reproducible set of examples (derandomize) so CI never fails on a
case nobody can replay; ``HYPOTHESIS_PROFILE=deep`` runs many more, random ones, locally:

    HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest tests/test_fuzz_markdown.py
"""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "suite",
    max_examples=60,
    deadline=None,  # timing is asserted where it matters, not per example (CI machines vary)
    derandomize=True,
    database=None,  # leave no .hypothesis/ folder behind
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile("deep", parent=settings.get_profile("suite"), max_examples=2000,
                          derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def examples(n: int) -> settings:
    """This test's number of examples in the suite; the deep profile multiplies it."""
    return settings(max_examples=n * (30 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 1))


# Any character a form or URL can carry (no lone surrogates: they cannot be encoded at all),
# with the troublemakers — NUL, controls, RTL marks, astral characters — drawn often.
TROUBLE = ["\x00", "\x01", "\x7f", "\u202e", "\ufeff", "\U0001f600", "%", "%00", "&", "=", "#", "?", "/",
           "\\", "'", '"', "<", ">", "-1", "0", "9" * 30, "1e9", "NaN", " ", "\n", "\r\n"]
_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
# One kind of trouble per request, in every field at once, so that whichever field a view
# reads gets it (a random mix would rarely put a NUL exactly where it hurts).
TROUBLE_KINDS = {
    "nul": st.tuples(_text, _text).map("\x00".join),
    "huge number": st.integers(min_value=2**31 - 2, max_value=10**40).map(str),
    "negative number": st.integers(min_value=-(10**20), max_value=-1).map(str),
    "not a number": st.sampled_from(["1.5", "1e3", "abc", " 1", "١٢", "0x10", "", "-0"]),
    "long": st.integers(min_value=1_000, max_value=60_000).map(lambda n: ("softmax " * n)[:n]),
}
any_text = st.one_of(
    _text,
    st.lists(st.sampled_from(TROUBLE), max_size=4).map("".join),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.tuples(_text, _text).map("\x00".join),  # PostgreSQL refuses NUL in text: drawn often
)


def cpu_seconds(function, *args) -> float:
    """CPU time of a call, the best of three: the machine's other work only ever adds to it."""
    times = []
    for _ in range(3):
        start = time.thread_time()
        function(*args)
        times.append(time.thread_time() - start)
    return min(times)
