from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketplace.core.demo.data import DEMO_PASSWORD
from marketplace.core.demo.services import DemoModeOffError, demo_load


class Command(BaseCommand):
    help = "Load the demo data set (sample data). Deterministic; running it again changes nothing."

    def handle(self, *args, **options):
        try:
            result = demo_load()
        except DemoModeOffError as error:
            raise CommandError(
                _(
                    "Refused: the demo data (with its shared-password logins and a superuser) loads only in demo "
                    "mode. Set DEMO_MODE=true on a development machine; never on a real site."
                )
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {result['producers']} producers, {result['products']} products.")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in result["logins"]:
            self.stdout.write(f"  {role:<9} {email}")
