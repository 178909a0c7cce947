"""Reading jrnl: "jrnl's @tags and #tags become tags, its starred entries stay starred, its
title and body become the text; entries keep their date and time. A malformed file is a clear
error naming the line or record." The fixtures were written by the real jrnl 4.6 (see
tests/fixtures/jrnl/make_fixtures.py): "A jrnl journal of a few hundred entries imports with
every entry, date, tag and star intact"."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnlog.domain import clean_text, normalise_tag
from learnlog.errors import InputError
from learnlog.exchange.jrnl import (
    ForeignEntry,
    jrnl_uid,
    looks_like_jrnl_json,
    looks_like_jrnl_txt,
    read_jrnl_json,
    read_jrnl_txt,
)

FIXTURES = Path(__file__).parent / "fixtures" / "jrnl"


@cache
def fixture_script() -> ModuleType:
    """The script that wrote the fixtures, for the entries it handed to jrnl."""
    spec = importlib.util.spec_from_file_location(
        "jrnl_make_fixtures", FIXTURES / "make_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@cache
def fixture_text() -> str:
    return (FIXTURES / "journal.txt").read_text(encoding="utf-8")


@cache
def fixture_json() -> str:
    return (FIXTURES / "journal.json").read_text(encoding="utf-8")


@cache
def export() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(fixture_json())
    return document


@cache
def from_txt() -> list[ForeignEntry]:
    return read_jrnl_txt(fixture_text())


@cache
def from_json() -> list[ForeignEntry]:
    return read_jrnl_json(fixture_json())


def learnlog_tag(jrnl_tag: str) -> str | None:
    """What a jrnl tag becomes: its symbol dropped, normalised, or nothing when it cannot be."""
    name = jrnl_tag[1:]
    if name.startswith("#"):
        return None
    try:
        return normalise_tag(name)
    except InputError:
        return None


# --- The journal jrnl wrote ------------------------------------------------------------------


def test_the_text_file_and_the_json_export_give_the_same_entries() -> None:
    assert len(from_txt()) == len(from_json())
    for number, (txt, jsn) in enumerate(zip(from_txt(), from_json(), strict=True), start=1):
        assert (txt.moment, txt.text, txt.tags, txt.starred) == (
            jsn.moment,
            jsn.text,
            jsn.tags,
            jsn.starred,
        ), f"entry {number} ({txt.where})"
    assert from_txt() == from_json()


def test_every_entry_the_script_wrote_is_read_and_there_are_a_few_hundred() -> None:
    planned = fixture_script().planned_entries()
    assert len(planned) == fixture_script().ENTRY_COUNT
    assert 200 <= len(planned) <= 1000
    assert len(from_txt()) == len(from_json()) == len(export()["entries"]) == len(planned)


@pytest.mark.parametrize("read", [from_txt, from_json], ids=["txt", "json"])
def test_every_date_time_text_star_and_tag_is_as_written(read: Any) -> None:
    planned = fixture_script().planned_entries()
    for plan, entry in zip(planned, read(), strict=True):
        where = f"{entry.where}: {plan.stamp}"
        # jrnl keeps seconds in its text file only; learnlog keeps the minute.
        assert entry.moment == plan.moment.replace(second=0), where
        assert entry.text == plan.text, where
        assert entry.starred is plan.starred, where
        expected = {learnlog_tag(token) for token in plan.tag_tokens} - {None}
        assert set(entry.tags) == expected, where
        assert len(entry.tags) == len(set(entry.tags)), where


def test_the_fixture_covers_the_years_stars_untagged_entries_and_shared_minutes() -> None:
    entries = from_txt()
    assert {entry.moment.year for entry in entries} >= set(range(2019, 2027))
    assert 20 <= sum(entry.starred for entry in entries) < len(entries)
    assert sum(not entry.tags for entry in entries) >= 20
    minutes = Counter(entry.moment for entry in entries)
    assert any(count > 1 for count in minutes.values())
    assert any(entry.moment.hour == 0 for entry in entries)  # 12:xx AM in jrnl's format
    assert any(entry.moment.hour == 12 for entry in entries)  # 12:xx PM


def test_every_star_in_the_export_is_kept() -> None:
    stars = [record["starred"] for record in export()["entries"]]
    assert sum(stars) > 0
    assert [entry.starred for entry in from_json()] == stars
    assert [entry.starred for entry in from_txt()] == stars


def test_every_tag_in_the_exports_count_table_is_kept_with_its_count() -> None:
    records = export()["entries"]
    table: dict[str, int] = export()["tags"]
    assert len(table) > 20
    jrnl_counts = Counter(tag for record in records for tag in set(record["tags"]))
    assert jrnl_counts == table  # the table counts the entries that carry each tag
    spellings: dict[str, set[str]] = {}  # one learnlog tag for '@pytorch' and '#pytorch'
    for jrnl_tag in table:
        name = learnlog_tag(jrnl_tag)
        if name is not None:
            spellings.setdefault(name, set()).add(jrnl_tag)
    for read in (from_txt, from_json):
        counts = Counter(tag for entry in read() for tag in entry.tags)
        for name, tags in spellings.items():
            carriers = sum(any(tag in record["tags"] for tag in tags) for record in records)
            assert counts[name] == carriers, name
            if len(tags) == 1:
                assert counts[name] == table[next(iter(tags))], name
        assert set(counts) == set(spellings)
    assert {"pytorch", "numpy", "ml/optim", "deep-learning", "日本語", "עברית"} <= set(spellings)


def test_jrnl_tags_that_cannot_be_learnlog_tags_stay_in_the_text_only() -> None:
    refused = [tag for tag in export()["tags"] if learnlog_tag(tag) is None]
    assert {"#c++", "@draft-", "##"} <= set(refused)
    every_tag = {tag for entry in from_txt() for tag in entry.tags}
    assert not {"c++", "draft-", "#", ""} & every_tag
    assert any("#c++" in entry.text for entry in from_txt())


def test_multi_line_bodies_are_kept_line_for_line() -> None:
    planned = fixture_script().planned_entries()
    paragraphs = [
        (plan, entry)
        for plan, entry in zip(planned, from_txt(), strict=True)
        if "\n\n" in plan.body
    ]
    assert len(paragraphs) > 50
    for plan, entry in paragraphs:
        assert entry.text == f"{plan.title}\n{plan.body}"
    texts = [entry.text for entry in from_json()]
    assert any("\n    def step(x):\n        return x - lr * grad(x)" in text for text in texts)
    assert any("trailing hard break  \n  and its second line" in text for text in texts)
    assert any("\n[1] Vaswani et al." in text for text in texts)  # not an entry line to jrnl
    assert any("\n[x] watched the lecture\n[ ] did the problem set" in text for text in texts)


@pytest.mark.parametrize(
    "snippet",
    [
        "今日は注意機構について学んだ。",
        "오늘은 러스트 수명을 배웠다.",
        "تعلمت اليوم عن الشبكات العصبية",
        "למדתי היום על טרנספורמרים",
        "👩\u200d💻 Pair-programmed with 🇯🇵 colleagues 👍🏽",
        "Emoji check: 🧠 ❤️ 👩\u200d🔬 🇫🇷 👍🏽 and 🎉.",
        "Cafe\u0301 with a combining accent",  # decomposed, and kept so
        "Z\u0324\u0354a\u0350l\u0317g\u0323o",
        "Tiê\u0301ng Viê\u0323t",
        "Café au lait, naïve façade, Ångström, straße and Œuvre",
        "हिन्दी सीखना मज़ेदार है।",
        "∀ε>0 ∃δ>0 such that |x−a|<δ ⇒ |f(x)−L|<ε.",  # noqa: RUF001 - a minus sign, on purpose
    ],
)
def test_unicode_is_kept_exactly(snippet: str) -> None:
    assert any(snippet in entry.text for entry in from_txt())
    assert any(snippet in entry.text for entry in from_json())


def test_unicode_tags_are_normalised_as_learnlog_normalises_them() -> None:
    tags = {tag for entry in from_json() for tag in entry.tags}
    assert {"français", "日本語", "עברית", "العربية", "한국어", "i\u0307stanbul"} <= tags
    # jrnl's tag pattern stops at a combining mark: "#cafe\u0301" is jrnl's tag "#cafe".
    assert {"cafe", "ह"} <= tags


def test_the_text_is_what_learnlog_stores() -> None:
    for entry in from_txt():
        assert clean_text(entry.text) == entry.text


def test_uids_are_stable_and_distinct() -> None:
    uids = [jrnl_uid(entry) for entry in from_txt()]
    assert uids == [jrnl_uid(entry) for entry in from_json()]
    assert len(set(uids)) == len(uids)
    entry = ForeignEntry(datetime(2021, 3, 4, 9, 30), "Title\nBody", ("x",), False, "line 1")
    assert jrnl_uid(entry) == "b1fc56ba-5037-5474-8239-31da309b6003"  # fixed forever
    # Only the minute and the text name an entry: not its tags, star or place in a file.
    assert jrnl_uid(entry) == jrnl_uid(ForeignEntry(entry.moment, entry.text, (), True, "entry 9"))
    assert jrnl_uid(entry) != jrnl_uid(ForeignEntry(entry.moment, "Title", (), False, "line 1"))
    later = ForeignEntry(datetime(2021, 3, 4, 9, 31), "Title\nBody", (), False, "line 1")
    assert jrnl_uid(entry) != jrnl_uid(later)


def test_entries_say_where_they_came_from() -> None:
    assert from_txt()[0].where == "line 1"
    assert from_json()[0].where == "entry 1"
    assert from_json()[-1].where == f"entry {len(from_json())}"
    lines = fixture_text().split("\n")
    for entry in from_txt():
        number = int(entry.where.removeprefix("line "))
        assert lines[number - 1].startswith(f"[{entry.moment:%Y-%m-%d}")


def test_the_fixtures_are_recognised_and_nothing_else_is() -> None:
    assert looks_like_jrnl_txt(fixture_text())
    assert looks_like_jrnl_json(export())
    assert not looks_like_jrnl_txt(fixture_json())
    assert not looks_like_jrnl_json(json.loads('{"entries": [{"day": "2021-03-04"}]}'))


# --- jrnl's rules, one at a time ---------------------------------------------------------------


def one(line: str, *rest: str) -> ForeignEntry:
    (entry,) = read_jrnl_txt("\n".join([line, *rest]) + "\n")
    return entry


@pytest.mark.parametrize(
    ("title", "tags"),
    [
        ("@PyTorch and #pytorch are one tag", ("pytorch",)),
        ("#NumPy, then @fastai.", ("numpy", "fastai")),
        ("#ml/optim; #deep-learning!", ("ml/optim", "deep-learning")),
        ("issue #1234 is fixed", ("1234",)),
        ("#c++ and @draft- cannot be tags, #x can", ("x",)),
        ("## a markdown heading is not the tag '#'", ()),
        ("me@example.com and C# and (#x) are not tags", ()),
        ("@jane.doe ends at the dot", ("jane",)),
        ("#cafe\u0301 ends at the combining mark", ("cafe",)),
        ("#İstanbul", ("i\u0307stanbul",)),
        ("#🔥 is not a tag", ()),
    ],
)
def test_tags_are_found_with_jrnls_pattern(title: str, tags: tuple[str, ...]) -> None:
    assert one(f"[2021-03-04 09:30] {title}").tags == tags


def test_tags_in_the_body_follow_those_in_the_title() -> None:
    entry = one("[2021-03-04 09:30] About #b", "Then #a and #b", "and @c.")
    assert entry.tags == ("b", "a", "c")


def test_the_json_tag_list_adds_tags_the_text_does_not_show() -> None:
    record = {"title": "T #b", "body": "", "date": "2021-03-04", "time": "09:30"}
    document = {"entries": [{**record, "tags": ["+extra", "#b", "##x", "@no-"]}]}
    (entry,) = read_jrnl_json(json.dumps(document))
    assert entry.tags == ("b", "extra")


@pytest.mark.parametrize(
    ("title", "text", "starred"),
    [
        ("Title *", "Title", True),
        ("Title*", "Title", True),
        ("Title  *  ", "Title", True),
        ("*Title *", "Title", True),  # jrnl strips every '*' and space at both ends
        ("title **bold**", "title **bold", True),  # jrnl's rule, however odd
        ("**bold** title", "**bold** title", False),
        ("Title", "Title", False),
        ("5 * 3 = 15", "5 * 3 = 15", False),
    ],
)
def test_a_star_at_the_end_of_the_title_line_marks_a_starred_entry(
    title: str, text: str, starred: bool
) -> None:
    entry = one(f"[2021-03-04 09:30] {title}", "")
    assert (entry.text, entry.starred) == (text, starred)


def test_the_title_then_the_body_as_jrnl_keeps_them() -> None:
    entry = one(
        "[2021-03-04 09:30] Title.  ",
        "",
        "   first body line, its indent trimmed as jrnl trims it",
        "    an indented line  ",
        "",
        "",
        "last line   ",
        "",
        "",
    )
    assert entry.text == (
        "Title.\nfirst body line, its indent trimmed as jrnl trims it\n"
        "    an indented line  \n\n\nlast line"
    )


@pytest.mark.parametrize(
    ("stamp", "moment"),
    [
        ("2021-03-04 09:30:00 AM", datetime(2021, 3, 4, 9, 30)),  # jrnl's default, %F %r
        ("2021-03-04 09:30:59 PM", datetime(2021, 3, 4, 21, 30)),  # seconds are dropped
        ("2021-03-04 12:05:00 AM", datetime(2021, 3, 4, 0, 5)),
        ("2021-03-04 12:30:00 PM", datetime(2021, 3, 4, 12, 30)),
        ("2021-03-04 09:30", datetime(2021, 3, 4, 9, 30)),  # %Y-%m-%d %H:%M
        ("1900-01-01 00:00", datetime(1900, 1, 1, 0, 0)),
    ],
)
def test_both_usual_time_formats_are_read(stamp: str, moment: datetime) -> None:
    assert one(f"[{stamp}] Title").moment == moment


def test_a_journal_in_another_time_format_names_it() -> None:
    content = "[04.03.2021 09:30] Title\n\n[05.03.2021 18:00] Next\n"
    entries = read_jrnl_txt(content, time_format="%d.%m.%Y %H:%M")
    assert [entry.moment for entry in entries] == [
        datetime(2021, 3, 4, 9, 30),
        datetime(2021, 3, 5, 18, 0),
    ]
    assert not looks_like_jrnl_txt(content)
    assert looks_like_jrnl_txt(content, time_format="%d.%m.%Y %H:%M")


def test_entries_come_in_time_order_as_jrnl_sorts_them() -> None:
    content = (
        "[2021-03-05 09:30] Second\n\n[2021-03-04 09:30:40 AM] First b\n\n"
        "[2021-03-04 09:30:10 AM] First a\n\n[2021-03-05 09:30] Third\n"
    )
    entries = read_jrnl_txt(content)
    assert [(entry.text, entry.where) for entry in entries] == [
        ("First a", "line 5"),
        ("First b", "line 3"),
        ("Second", "line 1"),
        ("Third", "line 7"),
    ]


def test_windows_line_ends_and_a_byte_order_mark_are_read() -> None:
    content = "\ufeff[2021-03-04 09:30] Title *\r\nBody\r\n\r\n[2021-03-05 09:30] Next\r\n"
    first, second = read_jrnl_txt(content)
    assert (first.text, first.starred, second.text) == ("Title\nBody", True, "Next")


def test_bracketed_lines_that_are_not_dates_stay_in_the_body() -> None:
    entry = one("[2021-03-04 09:30] Title", "[1] a footnote", "[x] done", "[ ] to do")
    assert entry.text == "Title\n[1] a footnote\n[x] done\n[ ] to do"


def test_a_line_must_have_a_space_after_the_stamp_to_start_an_entry() -> None:
    # As in jrnl: "[2021-03-05 09:30]" with nothing after it is body text.
    entry = one("[2021-03-04 09:30] Title", "[2021-03-05 09:30]")
    assert entry.text == "Title\n[2021-03-05 09:30]"


# --- Malformed files -------------------------------------------------------------------------


def refused(read: Any, content: str, **options: Any) -> str:
    with pytest.raises(InputError) as error:
        read(content, **options)
    assert error.value.exit_code == 1
    return error.value.message


def test_a_text_file_that_does_not_start_with_an_entry_names_line_1() -> None:
    assert refused(read_jrnl_txt, "Just notes\n[2021-03-04 09:30] Title", source="journal.txt") == (
        'journal.txt line 1: expected a jrnl entry line like "[2026-11-21 09:30:00 AM] Title" '
        'or "[2026-11-21 09:30] Title"'
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file holds no jrnl entries"),
        ("\n  \n\n", "the file holds no jrnl entries"),
        ("\n\nnotes\n", "line 3: expected a jrnl entry line like"),
        ("[March 4] Title\n", "line 1: expected a jrnl entry line like"),
        (
            "[2021-03-04 09:30] Fine\n\n[2021-13-40 09:30] Broken\n",
            'line 3: "[2021-13-40 09:30]" is not a date and time like',
        ),
        ("[2021-03-04 25:61] Title\n", 'line 1: "[2021-03-04 25:61]" is not a date and time'),
        ("[1899-12-31 23:59] Title\n", "line 1: '1899-12-31 23:59' is 1899-12-31; learnlog keeps"),
        ("[2021-03-04 09:30] A bell \x07 rings\n", "line 1: the entry holds a control character"),
        ("[2021-03-04 09:30] Ok\nan escape \x1b[31m\n", "line 1: the entry holds a control"),
        ("[2021-03-04 09:30] Ok\n\n[2021-03-05 09:30] \n", "line 3: the entry has no title and no"),
        ("[2021-03-04 09:30]  *\n", "line 1: the entry has no title and no body"),
    ],
)
def test_a_malformed_text_file_names_the_line(content: str, message: str) -> None:
    assert refused(read_jrnl_txt, content).startswith(message)


def test_a_control_character_is_named_by_its_code() -> None:
    assert "(U+001B)" in refused(read_jrnl_txt, "[2021-03-04 09:30] \x1b[2J\n")


def test_a_stamp_in_the_wrong_format_shows_the_format_expected() -> None:
    message = refused(read_jrnl_txt, "[2021-03-04 09:30] x\n", time_format="%d.%m.%Y %H:%M")
    assert message == (
        'line 1: "[2021-03-04 09:30]" is not a date and time like "[21.11.2026 09:30] Title"'
    )


GOOD = {
    "title": "T",
    "body": "",
    "date": "2021-03-04",
    "time": "09:30",
    "tags": [],
    "starred": False,
}


def seventh(**changes: Any) -> str:
    """An export whose seventh entry is changed (``None`` removes a key)."""
    bad = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
    return json.dumps({"tags": {}, "entries": [GOOD] * 6 + [bad]})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is not JSON (line 1, column 1: Expecting value)"),
        ("{oops", "the file is not JSON (line 1, column 2: "),
        ("[]", 'the file is not a jrnl JSON export: expected an object with an "entries" list'),
        ('{"entries": {}}', 'the file is not a jrnl JSON export: expected an object with an "e'),
        ('{"tags": {}, "entries": []}', "the file holds no jrnl entries"),
        ('{"entries": [[]]}', 'entry 1: expected an object with "date", "time", "title"'),
        (seventh(date=None), 'entry 7: "date" is missing'),
        (seventh(time=None), 'entry 7: "time" is missing'),
        (seventh(title=None), 'entry 7: "title" is missing'),
        (seventh(date="2021-13-40"), 'entry 7: "date" is not a date (2021-13-40); expected YYYY'),
        (seventh(date=20210304), 'entry 7: "date" is not text (20210304)'),
        (seventh(time="25:00"), 'entry 7: "time" is not a time of day (25:00); expected HH:MM'),
        (seventh(time="9:30 AM"), 'entry 7: "time" is not a time of day (9:30 AM)'),
        (seventh(date="1899-12-31"), "entry 7: '1899-12-31 09:30' is 1899-12-31; learnlog keeps"),
        (seventh(title="\x1b[31mred"), "entry 7: the entry holds a control character (U+001B)"),
        (seventh(body="ok\ud800"), "entry 7: the entry holds a byte that is not UTF-8 (U+D800)"),
        (seventh(title=" "), "entry 7: the entry has no title and no body"),
        (seventh(starred="yes"), 'entry 7: "starred" is not true or false (yes)'),
        (seventh(tags="#x"), 'entry 7: "tags" is not a list of tags'),
        (seventh(title=5), 'entry 7: "title" is not text (5)'),
        (
            seventh(date="\x1b]0;owned\x07"),
            "entry 7: \"date\" is not a date ('\\x1b]0;owned\\x07')",
        ),
    ],
)
def test_a_malformed_export_names_the_entry(content: str, message: str) -> None:
    assert refused(read_jrnl_json, content).startswith(message)


def test_a_json_message_can_name_the_file() -> None:
    assert refused(read_jrnl_json, seventh(time="noon"), source="journal.json").startswith(
        'journal.json entry 7: "time" is not a time of day (noon)'
    )
    assert refused(read_jrnl_json, "nope", source="journal.json").startswith(
        "journal.json is not JSON"
    )


def test_an_export_saved_with_a_byte_order_mark_is_read() -> None:
    assert len(read_jrnl_json("\ufeff" + seventh())) == 7


def test_an_entry_without_a_body_star_or_tags_is_read_as_plain() -> None:
    document = {"entries": [{"title": "Only a title", "date": "2021-03-04", "time": "09:30"}]}
    assert read_jrnl_json(json.dumps(document)) == [
        ForeignEntry(datetime(2021, 3, 4, 9, 30), "Only a title", (), False, "entry 1")
    ]


@pytest.mark.parametrize(
    ("document", "looks"),
    [
        ({"tags": {}, "entries": []}, True),  # jrnl's export of an empty journal
        ({"entries": [{"date": "2021-03-04", "time": "09:30", "title": "T"}]}, True),
        ({"entries": []}, False),
        ({"entries": [{"day": "2021-03-04", "text": "T"}]}, False),
        ({"entries": "x"}, False),
        ([], False),
        (None, False),
    ],
)
def test_a_jrnl_export_is_told_by_its_shape(document: object, looks: bool) -> None:
    assert looks_like_jrnl_json(document) is looks


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        ("\n\n[2021-03-04 09:30] Title\n", True),
        ("\ufeff[2021-03-04 09:30:00 AM] Title\r\n", True),
        ("[2021-13-40 09:30] Title\n", False),
        ("[1] a footnote\n", False),
        ("Title\n[2021-03-04 09:30] Title\n", False),
        ("", False),
    ],
)
def test_a_jrnl_text_file_is_told_by_its_first_line(content: str, looks: bool) -> None:
    assert looks_like_jrnl_txt(content) is looks


# --- Any journal written as jrnl writes it reads back -----------------------------------------

# The C-locale meaning of jrnl's default "%F %r", and jrnl's other usual format.
TIME_FORMATS = ("%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Written:
    """An entry as a test hands it to the writer: parts, and the tags it holds as written."""

    moment: datetime
    title: str
    body: str
    starred: bool
    tags: tuple[str, ...]  # jrnl tags as written, in order of appearance


def write_jrnl_txt(entries: Sequence[Written], time_format: str) -> tuple[str, list[int]]:
    """A journal as jrnl 4.6 writes one, and the line each entry starts on.

    Each entry is "[stamp] title", " *" when starred, the body on the next lines, and a blank
    line between entries (jrnl's Entry.__str__ joined by new lines).
    """
    chunks, starts, line = [], [], 1
    for entry in entries:
        head = f"[{entry.moment.strftime(time_format)}] {entry.title}"
        chunk = head + (" *" if entry.starred else "") + (f"\n{entry.body}" if entry.body else "")
        chunks.append(chunk + "\n")
        starts.append(line)
        line += chunk.count("\n") + 2
    return "\n".join(chunks), starts


def write_jrnl_json(entries: Sequence[Written]) -> str:
    """The same entries as ``jrnl --format json`` exports them."""
    records = [
        {
            "title": entry.title,
            "body": entry.body,
            "date": entry.moment.strftime("%Y-%m-%d"),
            "time": entry.moment.strftime("%H:%M"),
            "tags": sorted({tag.lower() for tag in entry.tags}),
            "starred": entry.starred,
        }
        for entry in entries
    ]
    return json.dumps({"tags": {}, "entries": records}, indent=2)


# Words with no white space, no tag symbol, no '*' (the star marker) and no '[' (which could
# start an entry line); tags are words of their own, as jrnl's pattern requires.
words = st.text(
    st.characters(categories=("L", "M", "N", "P", "S"), exclude_characters="#@*["),
    min_size=1,
    max_size=6,
)
tags = st.tuples(
    st.sampled_from("#@"),
    st.text(
        st.characters(categories=("Lu", "Ll", "Lo", "Nd"))
        | st.sampled_from(["a", "Z", "9", "é", "İ", "日", "ש", "_", "-", "/", "+"]),
        min_size=1,
        max_size=6,
    ),
).map("".join)


@st.composite
def lines(draw: st.DrawFn, *, blank: bool = False) -> tuple[str, tuple[str, ...]]:
    parts = draw(st.lists(st.tuples(st.booleans(), words, tags), max_size=4))
    text = [tag if is_tag else word for is_tag, word, tag in parts]
    if not blank or draw(st.booleans()):
        text.insert(0, draw(words))
    return " ".join(text), tuple(tag for is_tag, _, tag in parts if is_tag)


@st.composite
def written_entries(draw: st.DrawFn) -> Written:
    moment = draw(st.datetimes(datetime(1900, 1, 1), datetime(9999, 12, 31, 23, 59, 59)))
    title, title_tags = draw(lines())
    body_lines = draw(st.lists(lines(blank=True), max_size=4))
    body = "\n".join(line for line, _ in body_lines).strip()
    body_tags = tuple(tag for _, found in body_lines for tag in found)
    return Written(
        moment=moment.replace(microsecond=0),
        title=title,
        body=body,
        starred=draw(st.booleans()),
        tags=title_tags + body_tags,
    )


def expected(entry: Written, where: str) -> ForeignEntry:
    names = [learnlog_tag(tag) for tag in entry.tags]
    return ForeignEntry(
        moment=entry.moment.replace(second=0),
        text=f"{entry.title}\n{entry.body}" if entry.body else entry.title,
        tags=tuple(dict.fromkeys(name for name in names if name is not None)),
        starred=entry.starred,
        where=where,
    )


@given(
    entries=st.lists(written_entries(), min_size=1, max_size=6), style=st.sampled_from(TIME_FORMATS)
)
def test_any_journal_written_as_jrnl_writes_it_reads_back(
    entries: list[Written], style: str
) -> None:
    content, starts = write_jrnl_txt(entries, style)
    with_seconds = "%S" in style
    order = sorted(
        range(len(entries)),
        key=lambda i: entries[i].moment if with_seconds else entries[i].moment.replace(second=0),
    )
    read = read_jrnl_txt(content)
    assert read == [expected(entries[i], f"line {starts[i]}") for i in order]
    assert [entry.where for entry in read] == [f"line {starts[i]}" for i in order]
    assert all(clean_text(entry.text) == entry.text for entry in read)
    assert looks_like_jrnl_txt(content)


@given(entries=st.lists(written_entries(), min_size=1, max_size=6))
def test_any_journal_reads_the_same_from_its_text_and_its_export(entries: list[Written]) -> None:
    # jrnl exports in time order; write the text file in that order too.
    entries = sorted(entries, key=lambda entry: entry.moment)
    content, _ = write_jrnl_txt(entries, TIME_FORMATS[0])
    from_text = read_jrnl_txt(content)
    from_export = read_jrnl_json(write_jrnl_json(entries))
    assert from_text == from_export
    assert [jrnl_uid(entry) for entry in from_text] == [jrnl_uid(entry) for entry in from_export]
