"""Full-text search without I/O: the query language, its FTS5 form, matching, ranking, snippets.

A query is parsed here into a small tree and never reaches SQLite as the person typed it. On
SQLite the tree is rendered to an FTS5 expression with every term double-quoted, so nothing
typed can be FTS5 syntax; on other databases the same tree is evaluated in Python over the
same words, found by a tokenizer that mimics FTS5's ``unicode61 remove_diacritics 2``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from learnlog.domain import is_control
from learnlog.errors import InputError

QUERY_HELP = (
    'write phrases as "deep learning", prefixes as broadcast*, and combine words with OR and '
    "NOT, e.g. numpy NOT pandas"
)

# The columns of the index (store/migrations 0005) and their weights, for bm25 and the
# fallback's score alike: a title counts most, then tags, then the text and authors.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "text": 1.0,
    "authors": 1.0,
    "source": 0.5,
    "tags": 2.0,
}
FIELDS = tuple(FIELD_WEIGHTS)

MAX_NESTING = 16  # FTS5's parser overflows near 96 parentheses; each level renders to few
SNIPPET_WORDS = 12
SNIPPET_LEAD = 3  # words shown before the first match
ELLIPSIS = "…"

_OPERATORS = frozenset({"AND", "OR", "NOT"})

# The combining marks that FTS5's remove_diacritics drops (the rest separate words, as in
# FTS5). Measured against SQLite's unicode61 tokenizer, code point by code point.
_DIACRITICS = frozenset(
    chr(code)
    for code in (
        *range(0x300, 0x305),
        *range(0x306, 0x30D),
        0x30F,
        0x311,
        0x31B,
        *range(0x323, 0x329),
        0x32D,
        0x32E,
        0x330,
        0x331,
    )
)


# Tokens: what FTS5 calls a word.


@dataclass(frozen=True)
class Token:
    """One word of a text: folded for matching, with where it stands in the original."""

    word: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co" or char in _DIACRITICS


def _is_latin(char: str) -> bool:
    code = ord(char)
    return code < 0x250 or 0x1E00 <= code <= 0x1EFF


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character as FTS5 compares it: case folded, a Latin letter's accents removed."""
    if char in _DIACRITICS:
        return ""
    folded = char.casefold()
    if len(folded) != 1:  # ß, İ: FTS5 folds one character to one character
        folded = char.lower() if len(char.lower()) == 1 else char
    parts = unicodedata.normalize("NFD", folded)
    if len(parts) > 1 and _is_latin(parts[0]) and all(mark in _DIACRITICS for mark in parts[1:]):
        return parts[0].lower()
    return folded


def fold(word: str) -> str:
    """A word as matching compares it: ``Café`` and ``cafe`` fold alike."""
    if word.isascii():
        return word.lower()
    return "".join(_fold_char(char) for char in word)


def tokenize(text: str) -> list[Token]:
    """The words of a text: maximal runs of letters, digits and private-use characters.

    This mimics SQLite's ``unicode61 remove_diacritics 2`` tokenizer: everything else
    (spaces, punctuation, symbols, emoji) separates words.
    """
    found: list[Token] = []
    start: int | None = None
    for index, char in enumerate(text):
        if _is_word_char(char):
            if start is None:
                start = index
        elif start is not None:
            found.append(Token(fold(text[start:index]), start, index))
            start = None
    if start is not None:
        found.append(Token(fold(text[start:]), start, len(text)))
    return found


def words(text: str) -> tuple[str, ...]:
    """The folded words of a text, in order."""
    return tuple(token.word for token in tokenize(text))


# The query tree.


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words in a row; with ``prefix`` its last word may go on."""

    text: str
    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class AllOf:
    """Every part must match."""

    parts: tuple[Query, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part must match."""

    parts: tuple[Query, ...]


@dataclass(frozen=True)
class Without:
    """``keep`` must match and none of ``drop`` may."""

    keep: Query
    drop: tuple[Query, ...]


Query = Term | AllOf | AnyOf | Without


def _refused(problem: str) -> InputError:
    return InputError(f"the search query {problem}; {QUERY_HELP}")


def _shown(text: str, limit: int = 40) -> str:
    """A piece of the query quoted in a message: on one line, cut when long, safe to print."""
    text = "".join("\ufffd" if is_control(char) else char for char in " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


@dataclass(frozen=True)
class _Lexeme:
    kind: str  # "term", "op", "(" or ")"
    text: str
    term: Term | None = None


def _term(raw: str, *, prefix: bool, shown: str) -> Term:
    found = words(raw)
    if not found:
        raise _refused(f"has {_shown(shown)}, which has no letters or digits to search for")
    # Control characters and lone surrogates separate words anyway; SQLite must not see them
    # (a NUL would end the FTS5 expression early, a surrogate cannot be encoded).
    text = "".join(" " if is_control(char, allowed="") else char for char in raw)
    return Term(text, found, prefix)


def _lex(raw: str) -> list[_Lexeme]:
    lexemes: list[_Lexeme] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char.isspace():
            index += 1
        elif char in "()":
            lexemes.append(_Lexeme(char, char))
            index += 1
        elif char == '"':
            close = raw.find('"', index + 1)
            if close < 0:
                raise _refused(f"has an unclosed quote ({_shown(raw[index:])})")
            prefix = raw.startswith("*", close + 1)
            shown = raw[index : close + 1 + prefix]
            term = _term(raw[index + 1 : close], prefix=prefix, shown=shown)
            lexemes.append(_Lexeme("term", shown, term))
            index = close + 1 + prefix
        else:
            end = index
            while end < len(raw) and not (raw[end].isspace() or raw[end] in '()"'):
                end += 1
            word = raw[index:end]
            index = end
            if word in _OPERATORS:
                lexemes.append(_Lexeme("op", word))
                continue
            body = word.rstrip("*")
            if not body:
                raise _refused(f"has {word} with no word before it")
            term = _term(body, prefix=body != word, shown=word)
            lexemes.append(_Lexeme("term", word, term))
    return lexemes


class _Parser:
    """Recursive descent: OR binds loosest, then AND (or nothing), then NOT, as in FTS5."""

    def __init__(self, lexemes: list[_Lexeme]) -> None:
        self.lexemes = lexemes
        self.index = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.index] if self.index < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.index]
        self.index += 1
        return lexeme

    def previous(self) -> _Lexeme | None:
        return self.lexemes[self.index - 1] if self.index > 0 else None

    def any_of(self, depth: int) -> Query:
        parts = [self.all_of(depth)]
        while (lexeme := self.peek()) is not None and lexeme.text == "OR":
            self.take()
            parts.append(self.all_of(depth))
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def all_of(self, depth: int) -> Query:
        parts = [self.without(depth)]
        while (lexeme := self.peek()) is not None and (
            lexeme.text == "AND" or lexeme.kind in {"term", "("}
        ):
            if lexeme.text == "AND":
                self.take()
            parts.append(self.without(depth))
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def without(self, depth: int) -> Query:
        keep = self.operand(depth)
        drop: list[Query] = []
        while (lexeme := self.peek()) is not None and lexeme.text == "NOT":
            self.take()
            drop.append(self.operand(depth))
        return Without(keep, tuple(drop)) if drop else keep

    def operand(self, depth: int) -> Query:
        lexeme = self.peek()
        before = self.previous()
        if lexeme is None:
            if before is not None and before.kind == "(":  # "(" or "numpy (" at the very end
                raise _refused("has a '(' that is never closed")
            assert before is not None and before.kind == "op"
            raise _refused(f"ends with {before.text}, which needs a word after it")
        if lexeme.kind == "term":
            self.take()
            assert lexeme.term is not None
            return lexeme.term
        if lexeme.kind == "(":
            if depth >= MAX_NESTING:
                raise _refused(f"nests parentheses more than {MAX_NESTING} deep")
            self.take()
            inner = self.any_of(depth + 1)
            if self.peek() is None:
                raise _refused("has a '(' that is never closed")
            self.take()
            return inner
        if lexeme.kind == ")":
            if before is not None and before.kind == "op":
                raise _refused(f"has {before.text} right before ')', which needs a word after it")
            raise _refused("has empty parentheses ()")
        # An operator where a word should be.
        if before is None:
            raise _refused(f"starts with {lexeme.text}, which needs a word before it")
        if before.kind == "(":
            raise _refused(f"has {lexeme.text} right after '(', which needs a word before it")
        raise _refused(f"has {before.text} {lexeme.text} with no word between them")


def parse_query(raw: str) -> Query:
    """The tree of a query as typed; a malformed query is an InputError that says why."""
    lexemes = _lex(raw)
    if not lexemes:
        problem = "is empty" if not raw.strip() else f"has nothing to search for ({_shown(raw)})"
        raise _refused(problem)
    parser = _Parser(lexemes)
    query = parser.any_of(0)
    if parser.peek() is not None:  # only a ')' stops the top level early
        raise _refused("has a ')' without a '(' before it")
    return query


def fts5_expression(query: Query) -> str:
    """The query as an FTS5 MATCH expression: each term a double-quoted string, fully grouped.

    FTS5 tokenizes a quoted string itself, so ``self-attention`` becomes a phrase and ``c++``
    the word ``c``; nothing typed can be read as FTS5 syntax.
    """
    if isinstance(query, Term):
        quoted = '"' + query.text.replace('"', '""') + '"'
        return quoted + ("*" if query.prefix else "")
    if isinstance(query, Without):
        parts = [query.keep, *query.drop]
        return "(" + " NOT ".join(fts5_expression(part) for part in parts) + ")"
    joiner = " AND " if isinstance(query, AllOf) else " OR "
    return "(" + joiner.join(fts5_expression(part) for part in query.parts) + ")"


def positive_terms(query: Query) -> list[Term]:
    """The terms a match can be made of: every term not on the right of a NOT."""
    if isinstance(query, Term):
        return [query]
    if isinstance(query, Without):
        return positive_terms(query.keep)
    return [term for part in query.parts for term in positive_terms(part)]


# Matching and ranking in Python: the portable path, and the highlights of both paths.

Document = Mapping[str, Sequence[str]]


def document(
    *, title: str = "", text: str = "", authors: str = "", source: str = "", tags: str = ""
) -> dict[str, tuple[str, ...]]:
    """The folded words of each column, as the index holds them."""
    fields = {"title": title, "text": text, "authors": authors, "source": source, "tags": tags}
    return {name: words(value) for name, value in fields.items()}


def _starts(term: Term, tokens: Sequence[str]) -> list[int]:
    """Where the term's words stand in a row within ``tokens``."""
    size = len(term.words)
    last = size - 1
    found = []
    for start in range(len(tokens) - last):
        if all(tokens[start + k] == term.words[k] for k in range(last)) and (
            tokens[start + last].startswith(term.words[last])
            if term.prefix
            else tokens[start + last] == term.words[last]
        ):
            found.append(start)
    return found


def matches(query: Query, doc: Document) -> bool:
    """Whether a document (the words of each column) matches the query, as FTS5 decides it."""
    if isinstance(query, Term):
        return any(_starts(query, tokens) for tokens in doc.values())
    if isinstance(query, Without):
        return matches(query.keep, doc) and not any(matches(part, doc) for part in query.drop)
    if isinstance(query, AllOf):
        return all(matches(part, doc) for part in query.parts)
    return any(matches(part, doc) for part in query.parts)


def relevance(query: Query, doc: Document) -> float:
    """How well a matching document fits, higher is better: the score of the portable path.

    Each occurrence of a term (outside NOT) counts the weight of its column, and a column's
    count is divided by the square root of its length in words: a short title that matches
    weighs more than a long note that mentions the word once.
    """
    score = 0.0
    for term in positive_terms(query):
        for field, tokens in doc.items():
            found = len(_starts(term, tokens))
            if found:
                score += FIELD_WEIGHTS[field] * found / math.sqrt(len(tokens))
    return score


@dataclass(frozen=True)
class Hit:
    """A match before it is shown: what it is, its day and its score (higher is better)."""

    kind: str  # "entry" or "paper"
    id: int
    day: date
    score: float


def ranked(hits: Iterable[Hit]) -> list[Hit]:
    """Best first; ties go to the newer day, then entries before papers, then the higher id."""
    return sorted(hits, key=lambda hit: (-hit.score, -hit.day.toordinal(), hit.kind, -hit.id))


# Snippets.


@dataclass(frozen=True)
class Snippet:
    """A short passage of one field, with the character spans of the matched words."""

    field: str
    text: str
    highlights: tuple[tuple[int, int], ...]


_SPACE = re.compile(r"\s+")


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text)


def _marked(query: Query, tokens: Sequence[Token]) -> set[int]:
    """The positions of the words a positive term matched (each word of a phrase)."""
    folded = [token.word for token in tokens]
    marked: set[int] = set()
    for term in positive_terms(query):
        for start in _starts(term, folded):
            marked.update(range(start, start + len(term.words)))
    return marked


def _passage(field: str, text: str, tokens: Sequence[Token], marked: set[int]) -> Snippet:
    """About SNIPPET_WORDS words from a little before the first marked one, ``…`` where cut."""
    if not tokens:
        return Snippet(field, _one_line(text).strip(), ())
    if len(tokens) <= SNIPPET_WORDS + SNIPPET_LEAD:
        begin, end = 0, len(tokens)  # cutting a word or three would save nothing
    else:
        first = min(marked, default=0)
        begin = max(0, min(first - SNIPPET_LEAD, len(tokens) - SNIPPET_WORDS))
        end = begin + SNIPPET_WORDS
    pieces: list[str] = [ELLIPSIS if begin > 0 else _one_line(text[: tokens[0].start]).lstrip()]
    length = len(pieces[0])
    highlights: list[tuple[int, int]] = []
    for index in range(begin, end):
        token = tokens[index]
        if index > begin:
            between = _one_line(text[tokens[index - 1].end : token.start])
            pieces.append(between)
            length += len(between)
        word = text[token.start : token.end]
        if index in marked:
            highlights.append((length, length + len(word)))
        pieces.append(word)
        length += len(word)
    pieces.append(ELLIPSIS if end < len(tokens) else _one_line(text[tokens[-1].end :]).rstrip())
    return Snippet(field, "".join(pieces), tuple(highlights))


def snippet(query: Query, fields: Sequence[tuple[str, str]]) -> Snippet:
    """A passage of the first field (in the order given) where a term of the query matched.

    The matched words are highlighted; when no field shows a match (a match only SQLite's own
    tokenizer sees), the passage is the start of the first field that is not empty.
    """
    tokenized = [(name, text, tokenize(text)) for name, text in fields]
    for name, text, tokens in tokenized:
        marked = _marked(query, tokens)
        if marked:
            return _passage(name, text, tokens, marked)
    for name, text, tokens in tokenized:
        if text.strip():
            return _passage(name, text, tokens, set())
    name = fields[0][0] if fields else "text"
    return Snippet(name, "", ())
