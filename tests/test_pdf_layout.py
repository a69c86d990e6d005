"""The PDF layout helpers find what a reader would miss: text off the page or cut off by a
clip, and only that."""

from weasyprint import HTML

from tests.pdf_layout import missing_headers, runs_cut_off, text_runs

PAGE = (
    "<style>@page {{ size: A4; margin: 20mm }}"
    " body {{ margin: 0; font-family: 'DejaVu Sans' }}</style>{}"
)


def pdf(body):
    return HTML(string=PAGE.format(body)).write_pdf()


def test_text_runs_are_placed_where_the_page_draws_them():
    runs = text_runs(pdf("<p>Lombardy</p>"))

    (run,) = runs
    assert run.text == "Lombardy"
    # 20 mm margins on a page 595 points wide and 842 high, text at the top left.
    assert (round(run.left), run.page) == (57, 1)
    assert 40 < run.right - run.left < 60
    assert 750 < run.bottom < run.top < 786


def test_runs_cut_off_finds_nothing_on_a_page_that_fits():
    fitting = pdf("<table><tr><th>Government</th><th>Teams</th></tr></table>")

    assert runs_cut_off(fitting) == []
    assert missing_headers(fitting, ["Government", "Teams", "Learnings"]) == ["Learnings"]


def test_runs_cut_off_finds_a_column_past_the_right_edge():
    cells = "".join(f"<th>Column{number}</th>" for number in range(20))

    cut_off = runs_cut_off(pdf(f"<table><tr>{cells}</tr></table>"))

    assert "'Column19'" in cut_off[-1]
    # Text extraction alone would say that every header is there.
    assert missing_headers(pdf(f"<table><tr>{cells}</tr></table>"), ["Column19"]) == []


def test_runs_cut_off_finds_a_chart_label_outside_its_svg():
    chart = (
        '<svg viewBox="0 0 200 30" width="200" height="30">'
        '<text x="60" y="20" text-anchor="end">North Rhine-Westphalia</text></svg>'
    )

    cut_off = runs_cut_off(pdf(chart))

    assert cut_off != []
    assert all("visible x 57–" in run for run in cut_off)
