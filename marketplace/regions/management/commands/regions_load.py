from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from marketplace.regions.services import regions_load_former_units, regions_load_units


class Command(BaseCommand):
    help = (
        "Load or update Vietnam's administrative units (34 provinces, 3,321 communes and wards) "
        "and the former units (before 1 July 2025) that now resolve to them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", dest="provinces", help="GSO code; repeatable")

    def handle(self, *args, provinces=None, **options):
        province_codes = set(provinces) if provinces else None
        counts = regions_load_units(province_codes=province_codes)
        self.stdout.write(_("Regions: %(created)d created, %(updated)d updated.") % counts)
        counts = regions_load_former_units(province_codes=province_codes)
        self.stdout.write(
            _("Former units: %(created)d created, %(updated)d updated, %(linked)d links added, %(unlinked)d removed.")
            % counts
        )
