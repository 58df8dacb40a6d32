"""Carrying a reviewer's edit of printed text onto the input's own text: only what they changed changes."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from brief.absorb.merge import carry_edit
from brief.render.typography import typeset


def test_a_changed_word_keeps_the_sources_typewriter_quotes() -> None:
    """Only the word changes; the quotes typography curled stay as the analyst typed them."""
    assert carry_edit('He said "no" today.', "He said “no” today.", "He said “yes” today.") == 'He said "yes" today.'


def test_russian_quotes_and_dashes_stay_as_written() -> None:
    """Russian text set with «ёлочки» and an en dash keeps the source's " and -- around the changed word."""
    source = 'Минск "страхуется" -- и это надолго.'
    before = typeset(source, "ru")
    assert before == "Минск «страхуется» – и это надолго."
    assert carry_edit(source, before, "Минск «выжидает» – и это надолго.") == 'Минск "выжидает" -- и это надолго.'


def test_a_sentence_added_at_the_end_goes_before_the_blocks_last_newline() -> None:
    """A sentence appended to a | block's text lands after its last sentence, its curly quotes made straight, the newline kept."""
    source = "Minsk is hedging,\nnot defecting.\n"
    assert carry_edit(source, "Minsk is hedging, not defecting.", "Minsk is hedging, not defecting. It “waits”.") == (
        'Minsk is hedging,\nnot defecting. It "waits".\n'
    )


def test_a_deleted_phrase_is_deleted_and_the_line_break_elsewhere_stays() -> None:
    """Deleting a phrase removes just it; a wrapped line elsewhere in the text keeps its break."""
    source = "Minsk, for now, is hedging\nbetween Moscow and Kyiv."
    assert carry_edit(source, "Minsk, for now, is hedging between Moscow and Kyiv.", "Minsk is hedging between Moscow and Kyiv.") == (
        "Minsk is hedging\nbetween Moscow and Kyiv."
    )


def test_markdown_emphasis_is_kept() -> None:
    """Markdown emphasis in source and before alike survives an edit next to it."""
    assert carry_edit("A *very* likely move.", "A *very* likely move.", "A *very* unlikely move.") == "A *very* unlikely move."


def test_markdown_written_differently_is_kept_where_not_edited() -> None:
    """__bold__ in the source, printed back as **bold**, stays __bold__ when the edit is elsewhere."""
    assert carry_edit("__Key__ point here.", "**Key** point here.", "**Key** point there.") == "__Key__ point there."


def test_an_edit_inside_markdown_written_differently_falls_back_to_after() -> None:
    """An edit that replaces normalised Markdown syntax cannot be placed, so the field becomes the reviewer's text, quotes straightened."""
    assert carry_edit('__Key__ "point".', "**Key** “point”.", "*Key* “point”.") == '*Key* "point".'


def test_a_portion_mark_in_the_docx_is_not_written_into_the_text() -> None:
    """The (S) that starts a marked portion in the DOCX is no part of the input's text, edited or not."""
    assert carry_edit("Minsk hedges.", "(S) Minsk hedges.", "(S) Minsk hedges again.") == "Minsk hedges again."
    assert carry_edit("Minsk hedges.", "(S) Minsk hedges.", "(C) Minsk hedges.") == "Minsk hedges."


def test_a_number_range_keeps_its_hyphen() -> None:
    """30-40 printed as 30–40 keeps its hyphen when the reviewer changes the other number."""
    assert carry_edit("Between 30-40 units.", "Between 30–40 units.", "Between 30–45 units.") == "Between 30-45 units."


def test_a_dash_the_reviewer_types_is_written_as_the_analyst_would() -> None:
    """An em dash and a range the reviewer typed become --- and a hyphen, as the source spells them."""
    assert carry_edit("Old text.", "Old text.", "Old text — 10–20 more.") == "Old text --- 10-20 more."


def test_a_source_with_its_own_curly_quotes_keeps_the_reviewers() -> None:
    """Where the analyst typed curly quotes themselves, the reviewer's curly quotes stay curly."""
    assert carry_edit("It “was” so.", "It “was” so.", "It “was” so “now”.") == "It “was” so “now”."


# Printable text without what HTML reads as markup, so typeset() treats it all as text.
SOURCE = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="<>&"), max_size=60) | st.lists(
    st.sampled_from(["Минск", "hedges", '"', "'", "--", "---", "30-40", " ", "\n", "ё", "*", "(", ")", "-"]), max_size=20
).map("".join)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=SOURCE, language=st.sampled_from(["en", "ru"]))
def test_an_unedited_field_gives_back_its_source(source: str, language: str) -> None:
    """When the reviewer changed nothing, the source comes back exactly."""
    assert carry_edit(source, typeset(source, language), typeset(source, language)) == source


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=SOURCE, language=st.sampled_from(["en", "ru"]), pick=st.integers(0, 100), word=st.text("abcxyzабвгдё", min_size=1, max_size=8)
)
def test_a_replaced_word_is_the_only_change(source: str, language: str, pick: int, word: str) -> None:
    """Replacing one word in the printed text replaces that word in the source, and nothing else."""
    words = _words(source)
    assume(words)
    start, end = words[pick % len(words)]
    offset = len(typeset(source[:start], language))  # typography keeps a word's letters, so this is where it starts in print
    before = typeset(source, language)
    after = before[:offset] + word + before[offset + end - start :]
    assert carry_edit(source, before, after) == source[:start] + word + source[end:]


def _words(text: str) -> list[tuple[int, int]]:
    """Where each run of letters starts and ends."""
    spans, start = [], None
    for index, character in enumerate(text + " "):
        if character.isalpha() and start is None:
            start = index
        elif not character.isalpha() and start is not None:
            spans.append((start, index))
            start = None
    return spans
