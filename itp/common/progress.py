"""Progress of a long-running command, stage by stage: one reporter for every command.

``manage.py generate_scale_data`` writes its rows in stages (governments, people, events, ...),
``manage.py import_people`` reads a file row by row; both tell the person at the terminal how
far they are with a ``Progress``:

    progress = Progress(self.stderr)
    progress.start("people", total=20_000)
    for batch in batches:
        ...
        progress.advance(len(batch))
    progress.finish()  # "people: 20,000 in 3.1 s"

While a stage runs it shows "people: 5,000 of 20,000": on a terminal a counter redrawn in place
a few times a second, in a log (standard error redirected to a file) a line now and then, so
that the log shows the command is alive without a line per row. ``Progress()`` without a
stream reports nothing: the reporter for a caller that wants none.
"""

import time

from django.core.management.base import OutputWrapper

# The least time between two counters shown while a stage runs.
TERMINAL_INTERVAL = 0.2  # seconds; a counter redrawn in place
LOG_INTERVAL = 10.0  # seconds; a line in a log


class Progress:
    """Stages with their totals, advanced as work is done, each finished with its count and
    time, written to ``stream`` (a text stream or a command's ``self.stderr``), or nowhere
    when ``stream`` is None. ``clock`` returns seconds, as ``time.monotonic``."""

    def __init__(self, stream=None, *, clock=time.monotonic):
        self.stream = stream
        self.clock = clock
        self.live = bool(stream is not None and stream.isatty())
        self.interval = TERMINAL_INTERVAL if self.live else LOG_INTERVAL
        self.stage, self.total, self.done = None, 0, 0

    def start(self, stage, total):
        """Begin ``stage``, which will do ``total`` things (rows, records)."""
        self.stage, self.total, self.done = stage, total, 0
        self.began = self.shown = self.clock()
        self.drawn = False

    def advance(self, count=1):
        """Count ``count`` more things done in the stage; show the counter if it is time."""
        self.done += count
        if self.stream is None or self.done >= self.total:
            return
        now = self.clock()
        if now - self.shown < self.interval:
            return
        self.shown = now
        counter = f"{self.stage}: {self.done:,} of {self.total:,}"
        if self.live:
            self._write(f"\r{counter}", end="")
            self.stream.flush()
            self.drawn = True
        else:
            self._write(counter)

    def finish(self):
        """End the stage with a line of what it did and how long it took."""
        if self.stream is None:
            return
        seconds = self.clock() - self.began
        line = f"{self.stage}: {self.done:,} in {seconds:.1f} s"
        # On a terminal, pad the line over a longer counter it replaces.
        self._write(f"\r{line:<60}" if self.drawn else line)

    def _write(self, text, *, end="\n"):
        if isinstance(self.stream, OutputWrapper):
            # Plain text: a command's standard error would otherwise be styled as an error.
            self.stream.write(text, style_func=_unstyled, ending=end)
        else:
            self.stream.write(text + end)


def _unstyled(text):
    return text
