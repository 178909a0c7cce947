"""How search results look: one line each with the matched words highlighted, and JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from learnlog.dates import format_day
from learnlog.render.console import data_console, takes_styles
from learnlog.render.entries import entry_json, printable
from learnlog.render.papers import STATUS_STYLES, paper_json

if TYPE_CHECKING:
    from rich.text import Text

    from learnlog.search import Snippet
    from learnlog.services.search import SearchHit, SearchResults

HIGHLIGHT_STYLE = "bold yellow"
PLAIN_MARK = "**"  # around each matched word where there is no colour, as in Markdown


def search_json(results: SearchResults) -> dict[str, Any]:
    """The JSON document of ``learnlog search`` (documented in docs/json.md)."""
    documents = []
    for hit in results.hits:
        document: dict[str, Any] = {
            "kind": hit.kind,
            "id": hit.id,
            "uid": hit.uid,
            "day": hit.day.isoformat(),
            "rank": hit.rank,
            "field": hit.snippet.field,
            "snippet": hit.snippet.text,
            "highlights": [list(span) for span in hit.snippet.highlights],
        }
        if hit.entry is not None:
            document["entry"] = entry_json(hit.entry)
        else:
            assert hit.paper is not None
            document["paper"] = paper_json(hit.paper)
        documents.append(document)
    return {
        "query": results.query,
        "count": results.count,
        "shown": results.shown,
        "results": documents,
    }


# A line as pieces of text, each with its Rich style (or none): printed as they are where there
# is no terminal, without importing Rich, and styled in one.
Piece = tuple[str, str | None]


def _snippet_pieces(snippet: Snippet, *, plain: bool) -> list[Piece]:
    """The snippet with its matched words in HIGHLIGHT_STYLE, or between ``**`` when plain."""
    # printable() swaps a character for one, so the highlight offsets still hold.
    shown = printable(snippet.text)
    pieces: list[Piece] = []
    done = 0
    for start, end in snippet.highlights:
        word = shown[start:end]
        marked = (PLAIN_MARK + word + PLAIN_MARK, None) if plain else (word, HIGHLIGHT_STYLE)
        pieces += [(shown[done:start], None), marked]
        done = end
    pieces.append((shown[done:], None))
    return pieces


def _styled(pieces: list[Piece]) -> Text:
    from rich.text import Text

    text = Text()
    for piece, style in pieces:
        text.append(piece, style=style)
    return text


def highlighted(snippet: Snippet, *, plain: bool) -> Text:
    """The snippet with its matched words in HIGHLIGHT_STYLE, or between ``**`` when plain."""
    return _styled(_snippet_pieces(snippet, plain=plain))


def _hashtags(tags: tuple[str, ...]) -> str:
    return printable(" ".join(f"#{tag}" for tag in tags))


def _line_pieces(hit: SearchHit, *, plain: bool) -> list[Piece]:
    gap = "  "
    if hit.entry is not None:
        entry = hit.entry
        pieces: list[Piece] = [
            (f"#{entry.id}", "cyan"),
            (f"{gap}{format_day(entry.day)}{gap}", None),
            *_snippet_pieces(hit.snippet, plain=plain),
        ]
        if entry.tags and hit.snippet.field != "tags":
            pieces += [(gap, None), (_hashtags(entry.tags), "green")]
        return pieces
    paper = hit.paper
    assert paper is not None
    where = f"read {format_day(paper.read_on)}" if paper.read_on else paper.status.value
    pieces = [
        (f"paper #{paper.id}", "cyan"),
        (gap, None),
        (where, STATUS_STYLES[paper.status]),
        (gap, None),
    ]
    if hit.snippet.field != "title":
        pieces += [(printable(paper.title), "bold"), (" — ", None)]
    return pieces + _snippet_pieces(hit.snippet, plain=plain)


def result_line(hit: SearchHit, *, plain: bool) -> Text:
    """One result on one line.

    ``#12  Mon 2026-11-23  snippet  #tag1 #tag2`` for an entry (the tags left out when the
    snippet shows them), ``paper #3  read Mon 2026-11-23  snippet`` for a paper (``queued`` or
    ``reading`` when it is not read yet), its title first when the snippet is not from it.
    """
    return _styled(_line_pieces(hit, plain=plain))


def plain_line(hit: SearchHit) -> str:
    """One result on one line as plain text, the matched words between ``**``."""
    return "".join(piece for piece, _style in _line_pieces(hit, plain=True))


def search_lines(results: SearchResults, *, plain: bool) -> list[Text]:
    """Every result shown, best first, one line each."""
    return [result_line(hit, plain=plain) for hit in results.hits]


def show_results(results: SearchResults) -> None:
    """Print every result shown, one line each: styled in a terminal, else plain text.

    Plain text is written directly, so that a search piped elsewhere never imports Rich.
    """
    if not takes_styles(sys.stdout):
        sys.stdout.write("".join(plain_line(hit) + "\n" for hit in results.hits))
        sys.stdout.flush()
        return
    console = data_console()
    for line in search_lines(results, plain=console.color_system is None):
        console.print(line, soft_wrap=True)
