"""The text handling behind search (search/text.py)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bygdevekst.search import text


def test_a_very_long_word_is_not_split_and_costs_little():
    """A 50,000-character "word" used to take seconds: every split point stemmed its whole tail."""
    import time

    from bygdevekst.search.text import keys_of

    word = "x" * 50_000
    started = time.process_time()
    keys = keys_of(word)
    assert time.process_time() - started < 0.5
    assert len(keys) == 1  # its own key only, no compound parts


# Text as people type it into a measure: words, punctuation that is no Markdown, line breaks and blank lines, and
# now and then a line that begins like a list, a heading or a rule, or white space at a line's edge.
_TYPED = st.lists(
    st.sampled_from(list("abcæøå ÆØÅ Gáivuotna 0123456789 .,:;?()'\"=+-/%\n\u00a0") + ["1. ", "- ", "\n\n", "ord "]),
    max_size=80,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TYPED)
def test_text_without_markup_is_read_as_the_markdown_renderer_reads_it(typed):
    fast = text._without_markup(typed)
    if fast is not None:
        assert fast == text._rendered_plain(typed)
    assert text.plain(typed) == (text._rendered_plain(typed) if typed else "")


def test_most_typed_texts_skip_the_renderer_and_markup_never_does():
    assert text._without_markup("Bygge 12 utleieboliger i Trysil-regionen.\n\nSamarbeid med (Innlandet).") == (
        "Bygge 12 utleieboliger i Trysil-regionen.\nSamarbeid med (Innlandet).")
    for marked in ("**viktig**", "- punkt", "1. punkt", "# Overskrift", "> sitat", "a &amp; b", "tekst  \nmer",
                   "  innrykk", "lenke [her](https://example.org)", "Tittel\n===", "a\tb"):
        assert text._without_markup(marked) is None, marked
        assert text.plain(marked) == text._rendered_plain(marked)
