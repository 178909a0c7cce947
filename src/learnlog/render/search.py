"""How search results look: one line each with the matched words highlighted, and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from learnlog.dates import format_day
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


def highlighted(snippet: Snippet, *, plain: bool) -> Text:
    """The snippet with its matched words in HIGHLIGHT_STYLE, or between ``**`` when plain."""
    from rich.text import Text

    # printable() swaps a character for one, so the highlight offsets still hold.
    shown = printable(snippet.text)
    if not plain:
        text = Text(shown)
        for start, end in snippet.highlights:
            text.stylize(HIGHLIGHT_STYLE, start, end)
        return text
    pieces: list[str] = []
    done = 0
    for start, end in snippet.highlights:
        pieces += [shown[done:start], PLAIN_MARK, shown[start:end], PLAIN_MARK]
        done = end
    pieces.append(shown[done:])
    return Text("".join(pieces))


def _hashtags(tags: tuple[str, ...]) -> str:
    return printable(" ".join(f"#{tag}" for tag in tags))


def result_line(hit: SearchHit, *, plain: bool) -> Text:
    """One result on one line.

    ``#12  Mon 2026-11-23  snippet  #tag1 #tag2`` for an entry (the tags left out when the
    snippet shows them), ``paper #3  read Mon 2026-11-23  snippet`` for a paper (``queued`` or
    ``reading`` when it is not read yet), its title first when the snippet is not from it.
    """
    from rich.text import Text

    gap = "  "
    line = Text()
    if hit.entry is not None:
        entry = hit.entry
        line.append(f"#{entry.id}", style="cyan")
        line.append(f"{gap}{format_day(entry.day)}{gap}")
        line.append_text(highlighted(hit.snippet, plain=plain))
        if entry.tags and hit.snippet.field != "tags":
            line.append(gap)
            line.append(_hashtags(entry.tags), style="green")
        return line
    paper = hit.paper
    assert paper is not None
    line.append(f"paper #{paper.id}", style="cyan")
    line.append(gap)
    where = f"read {format_day(paper.read_on)}" if paper.read_on else paper.status.value
    line.append(where, style=STATUS_STYLES[paper.status])
    line.append(gap)
    if hit.snippet.field != "title":
        line.append(printable(paper.title), style="bold")
        line.append(" — ")
    line.append_text(highlighted(hit.snippet, plain=plain))
    return line


def search_lines(results: SearchResults, *, plain: bool) -> list[Text]:
    """Every result shown, best first, one line each."""
    return [result_line(hit, plain=plain) for hit in results.hits]
