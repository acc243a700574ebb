

def test_a_very_long_word_is_not_split_and_costs_little():
    """A 50,000-character "word" used to take seconds: every split point stemmed its whole tail."""
    import time

    from bygdevekst.search.text import keys_of

    word = "x" * 50_000
    started = time.process_time()
    keys = keys_of(word)
    assert time.process_time() - started < 0.5
    assert len(keys) == 1  # its own key only, no compound parts
