"""Dates as people write them on pages and in headers, read into ISO form (YYYY-MM-DD)."""

from __future__ import annotations

import datetime
import re

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# "May 1, 2026", "1 May 2026", "2026-05-01", "2026/05/01", with an optional time after it.
_ORDINAL = r"(?:st|nd|rd|th)?"  # "Feb 2nd, 2026", "3rd March 2026"
DATE_RE = re.compile(
    # (a weekday before it: "Saturday, March 14, 2026")
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+(?=[a-z]+\.? \d|\d{1,2}\w* [a-z]))?"
    rf"(?:(?:{_MONTHS})[a-z]*\.? \d{{1,2}}{_ORDINAL},? \d{{4}}|\d{{1,2}}{_ORDINAL} (?:of )?(?:{_MONTHS})[a-z]*\.?,? \d{{4}}"
    rf"|\d{{4}}[-/]\d{{2}}[-/]\d{{2}}"
    # "Wed, 11/02/2026": a date on a page, but day and month cannot be told apart, so never read
    # (or with the year in two digits, as a feed shows it: "02/17/26")
    r"|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}\b))"
    r"(?:(?:[ ,T]+|,? at )\d{1,2}:\d{2}(?::\d{2})?(?: ?[ap]m)?)?",  # (a time after it: ", 18:02", " at 11:52 PM")
    re.IGNORECASE,
)
_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def parse_date(value: str) -> str | None:
    """A date as YYYY-MM-DD, or None when it cannot be read (or is relative: "3 weeks ago")."""
    found = DATE_RE.search(value.strip())
    if not found:
        return None
    if numeric := re.fullmatch(r"(?:[a-z]+,?\s+)?(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})",
                               re.sub(r"[ ,T]+\d{1,2}:\d{2}.*$", "", found.group()), re.IGNORECASE):
        # "20/02/2026" can only be day first, "02/20/2026" only month first; "10/02/2026" is either: not read
        first, second, year = (int(part) for part in numeric.groups())
        year += 2000 if year < 100 else 0
        day, month = (first, second) if first > 12 >= second else (second, first) if second > 12 >= first else (0, 0)
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            return None
    text = re.sub(r"(?:[ ,T]+|,? at )\d{1,2}:\d{2}.*$", "", found.group()).replace(",", " ").replace(".", " ")
    text = re.sub(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+", "", text.strip(), flags=re.IGNORECASE)  # "Saturday, …"
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|\bof\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\bsept\b", "sep", " ".join(text.split()), flags=re.IGNORECASE)
    for fmt in _FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


# "Posted on May 1, 2026", "Published: 1 May 2026", "Released 2026-05-01", or the date alone.
_DATED_LINE_RE = re.compile(
    r"(?:(?:published|released|posted|created|written|premiered|uploaded|release date)\s*(?:on\s+|:\s*)?)?(.+?)\.?",
    re.IGNORECASE)


def date_line(text: str) -> str | None:
    """The ISO date of a line that only dates the piece ("Posted on May 1, 2026"), else None."""
    # "Posted on 12 August 2025 · 3 min read": the date, then what else the page says about the post
    found = _DATED_LINE_RE.fullmatch(re.split(r"\s+[·•|∙]\s+", text.strip())[0])
    if found and DATE_RE.fullmatch(found.group(1).strip()):
        return parse_date(found.group(1))
    # "Written 2026-02-03, revised after the Friday workshop.": the word, the date, then more
    led = _LED_DATE_RE.match(text.strip())
    return parse_date(led.group(1)) if led else None


_LED_DATE_RE = re.compile(
    rf"(?:published|released|posted|created|written)\s*(?:on\s+|:\s*)?({DATE_RE.pattern})\s*[,;—–(]", re.IGNORECASE)
