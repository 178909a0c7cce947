"""Tags and entry text: '#hashtags in the text become tags as well as --tag. Tags are
case-insensitive and stored lower-case.'"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnlog.domain import clean_text, entry_tags, hashtags, is_control, normalise_tag
from learnlog.errors import InputError


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Broadcasting aligns trailing axes #numpy", ["numpy"]),
        ("#deep-learning starts with a perceptron", ["deep-learning"]),
        ("Adam keeps two moments #ml/optim", ["ml/optim"]),
        ("Dropout is a regulariser #regularisation_101", ["regularisation_101"]),
        ("Learned about #transformers.", ["transformers"]),
        (
            '#attention, #rnn; #cnn! (#gan) #vae? "#gpt"',
            ["attention", "rnn", "cnn", "gan", "vae", "gpt"],
        ),
        ("a trailing dash is punctuation: #deep-learning- and #x.", ["deep-learning", "x"]),
        ("new line\n#second-line", ["second-line"]),
        ("I wrote C# today", []),
        ("foo#bar is not a tag", []),
        ("see issue #42", []),
        ("a link https://example.com/page#section", []),
        ("an HTML entity &#39; is not a tag", []),
        ("a lone # sign", []),
        ("#a1 starts with a letter", ["a1"]),
    ],
)
def test_hashtags_in_text(text: str, tags: list[str]) -> None:
    assert hashtags(text) == tags


def test_hashtags_are_lower_case_and_each_appears_once_in_first_order() -> None:
    assert hashtags("#Pandas then #NumPy then #pandas and #NUMPY, #numpy") == ["pandas", "numpy"]


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#café #Über #日本語 #Ελληνικά", ["café", "über", "日本語", "ελληνικά"]),
        ("Devanagari vowel signs belong to the word: #हिन्दी", ["हिन्दी"]),
        ("#ภาษาไทย", ["ภาษาไทย"]),
    ],
)
def test_hashtags_in_any_script(text: str, tags: list[str]) -> None:
    assert hashtags(text) == tags


def test_a_hashtag_is_the_same_tag_however_its_accents_are_encoded() -> None:
    composed = "#caf\u00e9"
    decomposed = "#cafe\u0301"  # 'e' followed by a combining acute accent, as macOS may send
    assert hashtags(composed) == hashtags(decomposed) == ["caf\u00e9"]
    assert normalise_tag(decomposed) == "caf\u00e9"


def test_a_hashtag_can_be_used_again_as_a_tag() -> None:
    # 'İ' lower-cases to 'i' and a combining dot; the tag must still be accepted by --tag.
    (tag,) = hashtags("Visited #İstanbul")
    assert normalise_tag(tag) == tag
    assert normalise_tag("İstanbul") == tag


hashtag_texts = st.lists(
    st.one_of(st.text(max_size=8), st.sampled_from(["#", " #", "#É", "C#", "#x-", "\u0301"])),
    max_size=8,
).map("".join)


@given(text=hashtag_texts)
def test_every_hashtag_is_a_stored_tag_found_once(text: str) -> None:
    tags = hashtags(text)
    assert len(tags) == len(set(tags))
    for tag in tags:
        assert normalise_tag(tag) == tag
        assert f"#{tag}".casefold() in unicodedata.normalize("NFC", text).casefold()


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("numpy", "numpy"),
        ("#numpy", "numpy"),
        ("NumPy", "numpy"),
        ("#Deep-Learning", "deep-learning"),
        ("  stats  ", "stats"),
        ("ml/optim", "ml/optim"),
        ("Straße", "straße"),
    ],
)
def test_a_tag_is_stored_without_hash_in_lower_case(raw: str, tag: str) -> None:
    assert normalise_tag(raw) == tag


@pytest.mark.parametrize("raw", ["", "   ", "#", "deep learning", "##numpy", "-x", "a-", "a,b"])
def test_what_cannot_be_a_tag_is_refused(raw: str) -> None:
    with pytest.raises(InputError, match="is not a tag"):
        normalise_tag(raw)


def test_entry_tags_merge_hashtags_and_given_tags_once_each() -> None:
    tags = entry_tags(
        "Learned #numpy broadcasting and #Pandas joins", ["NumPy", "#stats", "pandas"]
    )
    assert tags == ["numpy", "pandas", "stats"]


def test_an_entry_without_tags_has_none() -> None:
    assert entry_tags("no tags here, C# aside", []) == []


def test_a_bad_given_tag_refuses_the_entry() -> None:
    with pytest.raises(InputError, match="deep learning"):
        entry_tags("#ok", ["deep learning"])


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("learned numpy", "learned numpy"),
        ("  learned numpy \n", "learned numpy"),
        ("\n\nfirst line\n  second line\n\n", "first line\n  second line"),
    ],
)
def test_entry_text_is_stored_without_surrounding_white_space(raw: str, text: str) -> None:
    assert clean_text(raw) == text


@pytest.mark.parametrize("raw", ["", " ", "\n\t  \n", "\u3000"])
def test_empty_entry_text_is_refused(raw: str) -> None:
    with pytest.raises(InputError, match="empty"):
        clean_text(raw)


@pytest.mark.parametrize(
    "raw", ["a\x00b", "\x00", "text\x00\n", "red \x1b[31malert", "bell\x07", "bad \udcff byte"]
)
def test_entry_text_with_control_characters_or_broken_bytes_is_refused(raw: str) -> None:
    with pytest.raises(InputError, match="control characters or bytes that are not UTF-8"):
        clean_text(raw)


def test_windows_line_ends_become_newlines() -> None:
    assert clean_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree"


@given(text=st.text())
def test_clean_text_keeps_what_was_written(text: str) -> None:
    try:
        cleaned = clean_text(text)
    except InputError:
        unified = text.replace("\r\n", "\n").replace("\r", "\n")
        assert not unified.strip() or any(is_control(c, allowed="\t\n") for c in unified)
        return
    assert cleaned == text.replace("\r\n", "\n").replace("\r", "\n").strip()
