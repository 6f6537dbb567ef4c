"""Oscar's base dashboard table (found through ``get_class("dashboard.tables", "DashboardTable")``, so every
Oscar dashboard table builds on it): a ``?sort=`` the data cannot be ordered by is ignored instead of a 500.

django-tables2 already drops names that are not sortable columns; this catches sortable columns with no
field behind them, such as upstream's ``actions`` column of the users table (``?sort=actions``).
"""

import logging

from django.core.exceptions import FieldError
from django_tables2 import Table
from oscar.apps.dashboard import tables as core_tables

logger = logging.getLogger(__name__)


class DashboardTable(core_tables.DashboardTable):
    def _set_order_by(self, value):
        try:
            Table.order_by.fset(self, value)
        except FieldError:
            logger.info("Dashboard table %s cannot be sorted by %r; left unsorted", type(self).__name__, value)
            Table.order_by.fset(self, ())

    order_by = property(Table.order_by.fget, _set_order_by)

    class Meta(core_tables.DashboardTable.Meta):
        pass
