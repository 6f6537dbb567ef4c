"""`manage.py ensure_roles`: create the role groups with their base permissions (idempotent).

Migrations create most groups (cms 0003: Officers, Tourism staff, Editors; programme 0002: Commune
officers, Council members); this adds what they do not (the Producers group, permissions added to
``marketplace.core.roles._GROUP_PERMISSIONS`` later). Run it after each deployment's ``migrate``.
Page permissions by subtree are ``cms_setup_permissions``'s (it runs this first).
"""

from django.core.management.base import BaseCommand

from marketplace.core.roles import roles_ensure_groups


class Command(BaseCommand):
    help = "Create the role groups (Officers, Producers, ...) with their base permissions. Idempotent."

    def handle(self, *args, **options):
        for name, group in roles_ensure_groups().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
