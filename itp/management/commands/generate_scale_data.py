import time

from django.core.management.base import BaseCommand, CommandError

from itp.demo.scale import (
    COUNTS_AT_SCALE_1,
    DEFAULT_SEED,
    EMAIL_DOMAIN,
    MAX_SCALE,
    SLUG_PREFIX,
    ScaleDataError,
    generate_scale_data,
    parse_scale,
)


class Command(BaseCommand):
    help = (
        "Fill an empty database with deterministic synthetic programme data for benchmarks. "
        f"At --scale 1: {', '.join(f'{n:,} {name}' for name, n in COUNTS_AT_SCALE_1.items())}. "
        f"Slugs start with “{SLUG_PREFIX}” and e-mail addresses end with “@{EMAIL_DOMAIN}”. "
        "Refuses a database that already holds scale data (start again from an empty one, e.g. "
        "after `manage.py flush`), and one that holds other programme data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            required=True,
            help=f"how much: 1 is the full size, 0.01 a hundredth; above 0, at most {MAX_SCALE}",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"the random seed (default {DEFAULT_SEED}); the same seed gives the same data",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="add scale data to a database that holds other programme data (e.g. the demo)",
        )

    def handle(self, *args, scale, seed, force, **options):
        try:
            written = generate_scale_data(
                scale=parse_scale(scale),
                seed=int(seed),
                force=force,
                progress=StageProgress(self.stderr),
            )
        except ScaleDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Scale data written (scale {scale}, seed {seed}):"))
        width = max(len(name) for name in written)
        for name, count in written.items():
            self.stdout.write(f"  {name:<{width}}  {count:>10,}")


class StageProgress:
    """Progress on standard error: a line per stage with its rows and time and, while a large
    stage runs on a terminal, a counter redrawn in place."""

    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()

    def start(self, stage, total):
        self.stage, self.total, self.done = stage, total, 0
        self.began = time.perf_counter()
        self.drawn = False

    def advance(self, count):
        self.done += count
        if self.live and self.done < self.total:
            self._write(f"\r{self.stage}: {self.done:,} of {self.total:,}", ending="")
            self.stream.flush()
            self.drawn = True

    def finish(self):
        seconds = time.perf_counter() - self.began
        line = f"{self.stage}: {self.done:,} in {seconds:.1f} s"
        # On a terminal, pad the line over a longer counter it replaces.
        self._write(f"\r{line:<60}" if self.drawn else line)

    def _write(self, text, ending=None):
        # Plain text: the command's standard error would otherwise be styled as an error.
        self.stream.write(text, style_func=_plain, ending=ending)


def _plain(text):
    return text
