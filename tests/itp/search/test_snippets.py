"""Matched text as safe HTML: escaped first, matches marked after."""

from itp.search import snippets


def test_fold_drops_accents_and_case():
    assert snippets.fold("Québec MÜNSTER Straße") == "quebec munster strasse"


def test_marked_terms_are_found_without_case_or_accents_in_the_original_text():
    html = snippets.mark_terms("Visite à Québec, then quebec again", ["quebec"])

    assert html == "Visite à <mark>Québec</mark>, then <mark>quebec</mark> again"


def test_a_term_that_folds_longer_is_marked_on_the_original_characters():
    assert snippets.mark_terms("Die Straße", ["strasse"]) == "Die <mark>Straße</mark>"


def test_markup_is_escaped_before_the_marks_are_added():
    html = snippets.mark_terms("<script>alert(1)</script> mark", ["mark", "script"])

    assert html == (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>mark</mark>"
    )


def test_a_long_text_is_cut_around_its_first_match():
    text = "word " * 100 + "hydrogen " + "word " * 100

    html = snippets.mark_terms(text, ["hydrogen"], cut=True)

    assert html.startswith("…word ")
    assert html.endswith("…")
    assert "<mark>hydrogen</mark>" in html
    assert len(html) < snippets.SNIPPET_LENGTH + 30


def test_a_headline_is_escaped_and_its_selectors_become_marks():
    headline = f"<b>{snippets.START}hydrogen{snippets.STOP}</b> & more"

    assert snippets.from_headline(headline) == "&lt;b&gt;<mark>hydrogen</mark>&lt;/b&gt; &amp; more"


def test_stray_selectors_never_leave_a_mark_open_or_unopened():
    assert snippets.from_headline(f"a{snippets.STOP}b{snippets.START}c") == "ab<mark>c</mark>"
