"""Papers without I/O: reading links (arXiv ids, DOIs, URLs), titles and duplicate keys.

A link is stored in one canonical form so that the same paper given two ways is recognised:
``arXiv:1706.03762`` for every way of writing an arXiv id, ``doi:10.1038/nature14539`` for
every way of writing a DOI, and any other http(s) URL as it was given.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from learnlog.domain import is_control
from learnlog.errors import InputError

ACCEPTED_LINKS = (
    "an arXiv id (arXiv:1706.03762, hep-th/9901001 or an arxiv.org link), "
    "a DOI (10.1038/nature14539, doi:… or a doi.org link) or an http(s) URL"
)

# ASCII only: '\d' would take other scripts' digits and re.I would take the Kelvin sign for 'k'.
# New-style ids (April 2007 on): YYMM.NNNN, and YYMM.NNNNN from 2015; an optional version.
_NEW_ID = re.compile(r"(\d{2})(\d{2})\.(\d{4,5})(v[1-9]\d*)?", re.A)
# Old-style ids: archive, optional subject class, then YYMMNNN (hep-th/9901001, math.GT/0309136).
_OLD_ID = re.compile(
    r"([a-z]+(?:-[a-z]+)?)(\.[a-z]{2})?/(\d{2})(\d{2})(\d{3})(v[1-9]\d*)?", re.I | re.A
)
_ARXIV_PREFIX = re.compile(r"arxiv:", re.I | re.A)
_ARXIV_URL = re.compile(
    # A browser's copy may carry a query or a fragment (?context=cs, #S3); neither is the id.
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>.*?)(?:\.pdf)?/?"
    r"(?:[?#].*)?",
    re.I | re.A,
)
_DOI_PREFIX = re.compile(r"doi:", re.I | re.A)
_DOI_URL = re.compile(r"(?:https?://)?(?:dx\.)?doi\.org/(?P<doi>.*)", re.I | re.A)
_DOI = re.compile(r"10\.(\d+)/(.+)", re.S | re.A)
_DOI_REGISTRANT_DIGITS = (4, 9)
_HOST_LABEL = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")


def _refused(raw: str, problem: str) -> InputError:
    return InputError(
        f"{raw.strip()!r} is not a link learnlog accepts: {problem}; use {ACCEPTED_LINKS}"
    )


def normalise_link(raw: str) -> str:
    """The canonical form of a paper's link: ``arXiv:ID``, ``doi:10.…/…`` or the URL as given."""
    text = raw.strip()
    if not text:
        raise _refused(raw, "it is empty")
    if any(char.isspace() or not char.isprintable() for char in text):
        raise _refused(raw, "it contains spaces or characters that cannot be printed")
    arxiv_url = _ARXIV_URL.fullmatch(text)
    if arxiv_url is not None:
        return _arxiv(raw, arxiv_url.group("id"))
    if _ARXIV_PREFIX.match(text):
        return _arxiv(raw, text[len("arxiv:") :])
    doi_url = _DOI_URL.fullmatch(text)
    if doi_url is not None:
        return _doi(raw, unquote(doi_url.group("doi")))
    if _DOI_PREFIX.match(text):
        return _doi(raw, text[len("doi:") :])
    if text.startswith("10."):
        return _doi(raw, text)
    if _NEW_ID.fullmatch(text) or _OLD_ID.fullmatch(text):
        return _arxiv(raw, text)
    if "://" in text:
        return _url(raw, text)
    raise _refused(raw, "it is neither an arXiv id, a DOI nor a URL")


def _arxiv(raw: str, identifier: str) -> str:
    new = _NEW_ID.fullmatch(identifier)
    if new is not None:
        _refuse_month(raw, new.group(2))
        return f"arXiv:{identifier}"
    old = _OLD_ID.fullmatch(identifier)
    if old is not None:
        archive, subject, year, month, number, version = old.groups()
        _refuse_month(raw, month)
        subject = (subject or "").upper()
        return f"arXiv:{archive.lower()}{subject}/{year}{month}{number}{version or ''}"
    raise _refused(
        raw,
        "an arXiv id is YYMM.NNNNN (1706.03762), optionally with a version (v2), "
        "or archive/YYMMNNN (hep-th/9901001)",
    )


def _refuse_month(raw: str, month: str) -> None:
    if not 1 <= int(month) <= 12:
        raise _refused(raw, f"an arXiv id starts with YYMM and {month} is not a month")


def _doi(raw: str, doi: str) -> str:
    match = _DOI.fullmatch(doi)
    if match is None:
        raise _refused(raw, "a DOI is 10.REGISTRANT/SUFFIX, such as 10.1038/nature14539")
    registrant, suffix = match.groups()
    low, high = _DOI_REGISTRANT_DIGITS
    if not low <= len(registrant) <= high:
        raise _refused(raw, f"the registrant of a DOI has {low} to {high} digits after '10.'")
    if any(char.isspace() or not char.isprintable() for char in suffix):
        raise _refused(raw, "the suffix of a DOI is printable characters without spaces")
    return f"doi:{doi}"


def _url(raw: str, text: str) -> str:
    try:
        parts = urlsplit(text)
        _ = parts.port  # reading the port is what checks it
    except ValueError:
        raise _refused(raw, "the URL cannot be read (a bad host or port)") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise _refused(raw, f"{parts.scheme or 'this'}: links are not accepted, only http(s)")
    if not _is_host(parts.hostname or ""):
        raise _refused(raw, "the URL has no host name, such as example.org")
    return text


def _is_host(host: str) -> bool:
    """A name with a dot and real labels (example.org), ``localhost`` or an IP address."""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.removesuffix(".").split(".")
        return (
            len(labels) >= 2
            and all(_HOST_LABEL.fullmatch(label) for label in labels)
            and not labels[-1].isdigit()
        )
    return True


def clean_link(raw: str | None) -> str | None:
    """A link as stored: canonical, or ``None`` when none (or only white space) is given."""
    if raw is None or not raw.strip():
        return None
    return normalise_link(raw)


def link_key(link: str) -> str:
    """What makes two canonical links one paper: arXiv ids without version, DOIs in any case."""
    if link.startswith("arXiv:"):
        return re.sub(r"v\d+$", "", link).casefold()
    if link.startswith("doi:"):
        return link.casefold()
    return link


def title_key(title: str) -> str:
    """What makes two titles one: case-folded, white space collapsed, NFC."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", title).casefold())
    return " ".join(folded.split())


def _one_line(raw: str, what: str) -> str:
    """``raw`` on one line: white space runs (pasted line breaks too) become one space."""
    if any(is_control(char) and not char.isspace() for char in raw):
        raise InputError(
            f"the {what} contains control characters or bytes that are not UTF-8; nothing was saved"
        )
    return " ".join(unicodedata.normalize("NFC", raw).split())


def clean_title(raw: str) -> str:
    """A paper's title as stored: on one line, trimmed, refused when empty."""
    title = _one_line(raw, "title")
    if not title:
        raise InputError("the paper's title is empty; nothing was saved")
    return title


def clean_authors(raw: str | None) -> str | None:
    """A paper's authors as stored: on one line, ``None`` when empty."""
    return _one_line(raw or "", "authors") or None


def clean_notes(raw: str | None) -> str | None:
    """Notes as stored: line breaks kept, trimmed, ``None`` when empty."""
    notes = (raw or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if any(is_control(char, allowed="\t\n") for char in notes):
        raise InputError(
            "the note contains control characters or bytes that are not UTF-8; nothing was saved"
        )
    return notes or None
