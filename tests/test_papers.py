"""Paper links, titles and plain-text lines: pure functions, plain values and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnlog.domain import PaperStatus, PaperView
from learnlog.errors import InputError
from learnlog.papers import (
    ACCEPTED_LINKS,
    clean_authors,
    clean_link,
    clean_notes,
    clean_title,
    link_key,
    normalise_link,
    title_key,
)
from learnlog.render.papers import paper_lines
from learnlog.render.plain import cell_width

# links


@pytest.mark.parametrize(
    ("given_link", "canonical"),
    [
        ("arXiv:1706.03762", "arXiv:1706.03762"),
        ("arxiv:1706.03762v5", "arXiv:1706.03762v5"),
        ("ARXIV:1706.03762", "arXiv:1706.03762"),
        ("1706.03762", "arXiv:1706.03762"),
        ("  1706.03762v2\n", "arXiv:1706.03762v2"),
        ("0704.0001", "arXiv:0704.0001"),
        ("https://arxiv.org/abs/1706.03762", "arXiv:1706.03762"),
        ("http://arxiv.org/pdf/1706.03762v2.pdf", "arXiv:1706.03762v2"),
        ("https://arxiv.org/pdf/1706.03762", "arXiv:1706.03762"),
        ("https://www.arxiv.org/abs/1706.03762/", "arXiv:1706.03762"),
        ("arxiv.org/abs/1706.03762v1", "arXiv:1706.03762v1"),
        ("hep-th/9901001", "arXiv:hep-th/9901001"),
        ("arXiv:hep-th/9901001v3", "arXiv:hep-th/9901001v3"),
        ("math.gt/0309136", "arXiv:math.GT/0309136"),
        ("https://arxiv.org/abs/cs/0112017", "arXiv:cs/0112017"),
        ("https://arxiv.org/abs/1706.03762?context=cs", "arXiv:1706.03762"),
        ("https://arxiv.org/pdf/1706.03762v7.pdf#page=3", "arXiv:1706.03762v7"),
        ("https://arxiv.org/html/1706.03762v7", "arXiv:1706.03762v7"),
        ("10.1038/nature14539", "doi:10.1038/nature14539"),
        ("doi:10.1038/nature14539", "doi:10.1038/nature14539"),
        ("DOI:10.1038/nature14539", "doi:10.1038/nature14539"),
        ("https://doi.org/10.1038/nature14539", "doi:10.1038/nature14539"),
        ("http://dx.doi.org/10.1038/nature14539", "doi:10.1038/nature14539"),
        ("dx.doi.org/10.1038/nature14539", "doi:10.1038/nature14539"),
        ("doi.org/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
        ("https://doi.org/10.1002/%28SICI%291097", "doi:10.1002/(SICI)1097"),
        ("10.123456789/a/b;c(d)", "doi:10.123456789/a/b;c(d)"),
        ("https://example.org/paper.pdf", "https://example.org/paper.pdf"),
        ("  http://distill.pub/2016/augmented-rnns/ ", "http://distill.pub/2016/augmented-rnns/"),
        ("HTTPS://Example.org/A?b=1#c", "HTTPS://Example.org/A?b=1#c"),
        ("http://localhost:8000/notes", "http://localhost:8000/notes"),
        ("http://127.0.0.1/x", "http://127.0.0.1/x"),
        ("https://arxiv.org/list/cs.LG/recent", "https://arxiv.org/list/cs.LG/recent"),
        ("https://bücher.example/titel", "https://bücher.example/titel"),
    ],
)
def test_accepted_links_have_one_canonical_form(given_link: str, canonical: str) -> None:
    assert normalise_link(given_link) == canonical
    assert normalise_link(canonical) == canonical


@pytest.mark.parametrize(
    ("given_link", "problem"),
    [
        ("arXiv:17", "an arXiv id is YYMM.NNNNN"),
        ("arXiv:1713.12345", "13 is not a month"),
        ("arXiv:1700.12345", "00 is not a month"),
        ("1713.12345", "13 is not a month"),
        ("https://arxiv.org/abs/1713.12345", "13 is not a month"),
        ("arXiv:1706.037", "an arXiv id is YYMM.NNNNN"),
        ("arXiv:1706.037621", "an arXiv id is YYMM.NNNNN"),
        ("arXiv:1706.03762v0", "an arXiv id is YYMM.NNNNN"),
        ("arXiv:hep-th/9913001", "13 is not a month"),
        ("arXiv:", "an arXiv id is YYMM.NNNNN"),
        ("١٧٠٦.٠٣٧٦٢", "neither"),  # Arabic-Indic digits are not an arXiv id
        ("10.12/x", "4 to 9 digits"),
        ("10.1234567890/x", "4 to 9 digits"),
        ("doi:", "a DOI is 10.REGISTRANT/SUFFIX"),
        ("doi:10.1038", "a DOI is 10.REGISTRANT/SUFFIX"),
        ("doi:10.1038/", "a DOI is 10.REGISTRANT/SUFFIX"),
        ("doi:11.1038/x", "a DOI is 10.REGISTRANT/SUFFIX"),
        ("https://doi.org/", "a DOI is 10.REGISTRANT/SUFFIX"),
        ("https://doi.org/10.1038/a%20b", "printable characters without spaces"),
        ("ftp://example.org/paper.pdf", "ftp: links are not accepted"),
        ("file:///home/me/paper.pdf", "file: links are not accepted"),
        ("http://", "no host name"),
        ("http://example", "no host name"),
        ("http://-bad-.org/", "no host name"),
        ("http://example.org:99999/", "cannot be read"),
        ("http://[::1/", "cannot be read"),
        ("Attention Is All You Need", "spaces"),
        ("https://example.org/a b", "spaces"),
        ("https://example.org/\u200b", "cannot be printed"),
        ("", "empty"),
        ("   ", "empty"),
        ("example.org/paper", "neither"),
        ("nature14539", "neither"),
    ],
)
def test_refused_links_say_what_is_wrong_and_what_is_accepted(
    given_link: str, problem: str
) -> None:
    with pytest.raises(InputError) as refused:
        normalise_link(given_link)
    message = refused.value.message
    assert problem in message
    assert message.endswith(f"use {ACCEPTED_LINKS}")
    assert "\n" not in message


def test_no_link_is_none_and_a_link_is_canonical() -> None:
    assert clean_link(None) is None
    assert clean_link("  ") is None
    assert clean_link("1706.03762") == "arXiv:1706.03762"


def test_link_keys_ignore_arxiv_versions_and_doi_case() -> None:
    assert link_key("arXiv:1706.03762v5") == link_key("arXiv:1706.03762")
    assert link_key("arXiv:hep-th/9901001v2") == link_key("arXiv:hep-th/9901001")
    assert link_key("arXiv:1706.03762") != link_key("arXiv:1706.03763")
    assert link_key("doi:10.1038/NATURE14539") == link_key("doi:10.1038/nature14539")
    assert link_key("https://example.org/A") != link_key("https://example.org/a")


new_style_ids = st.from_regex(
    r"[0-9]{2}(0[1-9]|1[0-2])\.[0-9]{4,5}(v[1-9][0-9]{0,2})?", fullmatch=True
)
old_style_ids = st.from_regex(
    r"(hep-th|math|cs|cond-mat|astro-ph)(\.[A-Z]{2})?/[0-9]{2}(0[1-9]|1[0-2])[0-9]{3}",
    fullmatch=True,
)
arxiv_wrappers = st.sampled_from(
    ["{}", "arXiv:{}", "arxiv:{}", "https://arxiv.org/abs/{}", "http://arxiv.org/pdf/{}.pdf"]
)
dois = st.from_regex(r"10\.[0-9]{4,9}/[!-~]+", fullmatch=True)
doi_wrappers = st.sampled_from(["{}", "doi:{}", "DOI:{}"])
urls = st.from_regex(r"https?://[a-z][a-z0-9-]{0,10}\.(org|com|net|io)(/[!-~]*)?", fullmatch=True)


@given(identifier=st.one_of(new_style_ids, old_style_ids), wrapper=arxiv_wrappers)
def test_every_way_of_writing_an_arxiv_id_gives_the_same_link(
    identifier: str, wrapper: str
) -> None:
    canonical = normalise_link(wrapper.format(identifier))
    assert canonical.startswith("arXiv:")
    assert canonical.removeprefix("arXiv:").lower() == identifier.lower()
    assert normalise_link(canonical) == canonical


@given(doi=dois, wrapper=doi_wrappers)
def test_every_way_of_writing_a_doi_gives_the_same_link(doi: str, wrapper: str) -> None:
    canonical = normalise_link(wrapper.format(doi))
    assert canonical == f"doi:{doi}"
    assert normalise_link(canonical) == canonical


@given(
    raw=st.one_of(
        st.text(),
        st.text(alphabet="0123456789./:-vhtpsarXiVdoi%", max_size=40),
        st.builds(str.format, arxiv_wrappers, st.one_of(new_style_ids, st.text(max_size=12))),
        st.builds(str.format, doi_wrappers, st.one_of(dois, st.text(max_size=12))),
        st.builds("https://doi.org/{}".format, dois),
        urls,
    )
)
def test_normalisation_is_idempotent_and_refuses_only_with_input_errors(raw: str) -> None:
    try:
        canonical = normalise_link(raw)
    except InputError:
        return
    assert normalise_link(canonical) == canonical
    assert canonical == canonical.strip()
    assert not any(char.isspace() for char in canonical)


# titles, authors, notes


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Attention Is All You Need", "attention is all you need"),
        ("Attention  Is All\nYou   Need ", "ATTENTION IS ALL YOU NEED"),
        ("Caf\u00e9 au lait", "Cafe\u0301 au lait"),  # composed and decomposed é
        ("Straße", "STRASSE"),
    ],
)
def test_titles_that_differ_only_in_case_space_or_composition_share_a_key(
    first: str, second: str
) -> None:
    assert title_key(first) == title_key(second)


def test_different_titles_have_different_keys() -> None:
    assert title_key("Attention Is All You Need") != title_key("Attention Is Not All You Need")


@given(st.text())
def test_title_key_is_idempotent(title: str) -> None:
    assert title_key(title_key(title)) == title_key(title)


def test_titles_and_authors_are_kept_on_one_line() -> None:
    assert clean_title("  Deep\n  Residual\tLearning ") == "Deep Residual Learning"
    assert clean_authors(" He,\nZhang ") == "He, Zhang"
    assert clean_authors("   ") is None
    assert clean_authors(None) is None


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_an_empty_title_is_refused(title: str) -> None:
    with pytest.raises(InputError, match="title is empty"):
        clean_title(title)


def test_control_characters_are_refused_in_titles_and_notes() -> None:
    with pytest.raises(InputError, match="control characters"):
        clean_title("bell\x07")
    with pytest.raises(InputError, match="control characters"):
        clean_notes("escape \x1b[31m red")


def test_notes_keep_their_lines() -> None:
    assert clean_notes("  first\r\nsecond\n\n") == "first\nsecond"
    assert clean_notes("") is None
    assert clean_notes(None) is None


# plain text for a pipe


def a_paper(
    paper_id: int,
    title: str,
    *,
    authors: str | None = None,
    status: PaperStatus = PaperStatus.QUEUED,
    read_on: date | None = None,
    tags: tuple[str, ...] = (),
) -> PaperView:
    moment = datetime(2026, 11, 23, 17, 3, 56, tzinfo=UTC)
    return PaperView(
        id=paper_id,
        uid=f"uid-{paper_id}",
        title=title,
        authors=authors,
        link=None,
        status=status,
        added_on=date(2026, 11, 1),
        read_on=read_on,
        notes=None,
        tags=tags,
        created_at=moment,
        updated_at=moment,
    )


def test_plain_lines_are_the_table_one_paper_a_line() -> None:
    papers = [
        a_paper(12, "Deep\nResidual Learning", authors="He,\nZhang", tags=("cnn", "vision")),
        a_paper(
            9,
            "Bell\x07 and escape \x1b[31m",
            status=PaperStatus.READ,
            read_on=date(2026, 11, 22),
        ),
    ]
    assert paper_lines(papers).splitlines() == [
        " id  status  read on         title                   authors    tags",
        "#12  queued                  Deep Residual Learning  He, Zhang  #cnn #vision",
        " #9  read    Sun 2026-11-22  Bell\ufffd and escape \ufffd[31m",
    ]


def test_plain_columns_line_up_on_screen_with_wide_characters_and_tabs() -> None:
    """A title in Japanese takes two columns a character on a terminal; a tab becomes a space."""
    papers = [
        a_paper(2, "深層学習の論文", authors="山田"),
        a_paper(1, "Attention\tIs All You Need", authors="Vaswani"),
    ]
    lines = paper_lines(papers).splitlines()
    assert "\t" not in paper_lines(papers)
    assert "Attention Is All You Need" in lines[2]
    # Where "authors", "山田" and "Vaswani" start, counted in terminal columns.
    starts = {
        cell_width(line[: line.index(author)])
        for line, author in zip(lines, ("authors", "山田", "Vaswani"), strict=True)
    }
    assert len(starts) == 1
    assert cell_width("深層学習の論文") == 14
