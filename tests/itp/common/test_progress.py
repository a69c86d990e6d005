"""itp.common.progress: one reporter of a long command's stages."""

import io

from django.core.management.base import OutputWrapper

from itp.common.progress import LOG_INTERVAL, TERMINAL_INTERVAL, Progress


class Clock:
    """Seconds that pass only when the test says so."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_without_a_stream_reports_nothing_and_still_counts():
    progress = Progress()

    progress.start("people", total=3)
    progress.advance(2)
    progress.finish()

    assert progress.done == 2


def test_progress_in_a_log_writes_a_line_per_stage_with_its_count_and_time():
    log, clock = io.StringIO(), Clock()
    progress = Progress(log, clock=clock)

    progress.start("governments", total=300)
    progress.advance(300)
    clock.now = 1.25
    progress.finish()
    progress.start("people", total=20_000)
    progress.advance(20_000)
    clock.now = 4.0
    progress.finish()

    assert log.getvalue() == "governments: 300 in 1.2 s\npeople: 20,000 in 2.8 s\n"


def test_progress_in_a_log_shows_a_counter_no_more_often_than_its_interval():
    log, clock = io.StringIO(), Clock()
    progress = Progress(log, clock=clock)

    progress.start("rows read", total=5_000)
    for _ in range(1_000):
        progress.advance()  # no time has passed: no counter
    clock.now = LOG_INTERVAL
    progress.advance(1_000)
    progress.advance(1_000)  # within the interval of the last counter
    clock.now = 2 * LOG_INTERVAL
    progress.advance(2_000)  # done: the finishing line says so
    progress.finish()

    assert log.getvalue() == "rows read: 2,000 of 5,000\nrows read: 5,000 in 20.0 s\n"


def test_progress_on_a_terminal_redraws_its_counter_in_place():
    terminal, clock = Terminal(), Clock()
    progress = Progress(terminal, clock=clock)

    progress.start("registrations", total=100_000)
    clock.now = TERMINAL_INTERVAL
    progress.advance(5_000)
    clock.now = 2 * TERMINAL_INTERVAL
    progress.advance(5_000)
    progress.advance(90_000)
    progress.finish()

    assert terminal.getvalue() == (
        "\rregistrations: 5,000 of 100,000"
        "\rregistrations: 10,000 of 100,000"
        f"\r{'registrations: 100,000 in 0.4 s':<60}\n"
    )


def test_progress_on_a_command_stream_is_plain_text_not_styled_as_an_error():
    terminal = Terminal()
    stderr = OutputWrapper(terminal)
    stderr.style_func = lambda text: f"<red>{text}</red>"
    progress = Progress(stderr, clock=Clock())

    progress.start("events", total=2)
    progress.advance(2)
    progress.finish()

    assert terminal.getvalue() == "events: 2 in 0.0 s\n"
