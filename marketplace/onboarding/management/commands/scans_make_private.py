from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from marketplace.core.private_files import MoveOutcome
from marketplace.onboarding.services import registration_scans_make_private


class Command(BaseCommand):
    help = (
        "Move registration scans still in public media into private storage (after a rolling deploy, scans "
        "uploaded through the old code are public). Safe to run any number of times."
    )

    def handle(self, *args, **options):
        try:
            outcomes = registration_scans_make_private()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        moved, different = outcomes[MoveOutcome.MOVED], outcomes[MoveOutcome.DIFFERENT]
        self.stdout.write(
            f"{len(moved)} scan(s) moved into private storage, {len(outcomes[MoveOutcome.ABSENT])} not in public media."
        )
        if different:
            # Operators' output, like the other commands: not translated.
            raise CommandError(
                f"{len(different)} scan(s) are in both storages with different contents and were left in both: "
                + ", ".join(different)
            )
