from django.core.management.base import BaseCommand

from marketplace.core.demo.data import DEMO_PASSWORD
from marketplace.core.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo data set (sample data). Deterministic; running it again changes nothing."

    def handle(self, *args, **options):
        result = demo_load()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {result['producers']} producers, {result['products']} products.")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in result["logins"]:
            self.stdout.write(f"  {role:<9} {email}")
