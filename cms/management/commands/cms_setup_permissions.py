"""`manage.py cms_setup_permissions`: give the role groups their page subtrees and the moderation workflows.

Run it on a fresh site once the fair, tour and promotion index pages exist (again after adding one);
it is idempotent. The demo loader runs it itself.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from cms.models import HomePage
from cms.services import cms_permissions_setup


class Command(BaseCommand):
    help = "Grant page permissions by subtree to Officers, Tourism staff and Editors; set up tour moderation."

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None or not isinstance(site.root_page.specific, HomePage):
            raise CommandError("The default site's root page must be the home page.")
        result = cms_permissions_setup(home_page=site.root_page.specific)
        self.stdout.write(
            f"Fair indexes: {len(result['fair_indexes'])}, tour indexes: {len(result['tour_indexes'])}, "
            f"promotion indexes: {len(result['promotion_indexes'])}."
        )
