"""Oscar's catalogue dashboard tables, found through ``get_class("dashboard.catalogue.tables", …)``.

The checkbox column of Oscar's product and category tables is orderable upstream: its header links to
``?sort=checkbox``, which the queryset cannot order by (a 500). Here it is a plain, unsortable column.
Unknown ``?sort=`` values are dropped by django-tables2 itself.
"""

from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue import tables as core_tables


class ProductTable(core_tables.ProductTable):
    checkbox = TemplateColumn(
        verbose_name="",
        template_name="oscar/dashboard/catalogue/product_row_checkbox.html",
        orderable=False,
    )

    class Meta(core_tables.ProductTable.Meta):
        pass


class CategoryTable(core_tables.CategoryTable):
    checkbox = TemplateColumn(
        verbose_name="",
        template_name="oscar/dashboard/catalogue/category_row_checkbox.html",
        orderable=False,
    )

    class Meta(core_tables.CategoryTable.Meta):
        pass
