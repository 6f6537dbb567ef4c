from django.core.management.base import BaseCommand

from marketplace.search.documents import KINDS
from marketplace.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index (products, producers, regions) in chunks, with a progress counter."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=KINDS, help="Only this kind (repeatable).")
        parser.add_argument("--chunk-size", type=int, default=500)

    def handle(self, *args, kind=None, chunk_size=500, **options):
        self.stderr.ending = ""  # the counter rewrites one line
        counts = search_reindex(kinds=tuple(kind or KINDS), chunk_size=max(1, chunk_size), stream=self.stderr)
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
