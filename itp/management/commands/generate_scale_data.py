from django.core.management.base import BaseCommand, CommandError

from itp.common.progress import Progress
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
                progress=Progress(self.stderr),
            )
        except ScaleDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Scale data written (scale {scale}, seed {seed}):"))
        width = max(len(name) for name in written)
        for name, count in written.items():
            self.stdout.write(f"  {name:<{width}}  {count:>10,}")
