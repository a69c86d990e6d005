import pytest

from itp.common.text import excerpt, one_line, printable_lines


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Kick-off\r\nX-INJECTED:1", "Kick-off X-INJECTED:1"),
        ("Kick-off \r\n\r\n  X", "Kick-off X"),
        ("Kick-off\x00\x1b\x7f\x85\x9bX", "Kick-off X"),
        ("Kick-off\u2028X\u2029", "Kick-off X"),
        ("\tKick-off\n", "Kick-off"),
        ("Łódź – 東京 🚀 \u202eabc", "Łódź – 東京 🚀 \u202eabc"),
    ],
)
def test_one_line_folds_each_run_of_control_characters_into_one_space(text, line):
    assert one_line(text) == line


def test_printable_lines_keeps_tabs_and_line_breaks_as_line_feeds_only():
    text = "One\r\nTwo\rThree\x85Four\u2028Five\tsix\x00\x0b\x1b\x7f\x9b!"

    assert printable_lines(text) == "One\nTwo\nThree\nFour\nFive\tsix!"


def test_excerpt_puts_a_long_value_on_one_line_and_cuts_it():
    assert excerpt("Mars\r\nX-INJECTED:1" + "x" * 100, length=20) == "Mars X-INJECTED:1xxx…"


def test_excerpt_keeps_a_short_value_whole():
    assert excerpt(" Giulia ") == "Giulia"
