"""Product descriptions and rich-text attribute values already stored go through the site's HTML allow-list
once (they are sanitized when shown as well). Imported, not frozen: the point is today's allow-list."""

from django.db import migrations


def forwards(apps, schema_editor):
    from marketplace.core.html import html_sanitize

    Product = apps.get_model("catalogue", "Product")
    for product in Product.objects.exclude(description="").only("pk", "description").iterator(chunk_size=500):
        cleaned = html_sanitize(html=product.description)
        if cleaned != product.description:
            Product.objects.filter(pk=product.pk).update(description=cleaned)
    ProductAttributeValue = apps.get_model("catalogue", "ProductAttributeValue")
    values = ProductAttributeValue.objects.exclude(value_richtext__isnull=True).exclude(value_richtext="")
    for value in values.only("pk", "value_richtext").iterator(chunk_size=500):
        cleaned = html_sanitize(html=value.value_richtext)
        if cleaned != value.value_richtext:
            ProductAttributeValue.objects.filter(pk=value.pk).update(value_richtext=cleaned)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0037_ocop_product_groups")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
