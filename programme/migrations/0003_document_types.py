"""The dossier's document types and which product sets require them (data, editable later by officers).

Every product set requires the business registration, the quality self-declaration, the label and packaging
sample, the product story and photos; the food, beverage and herbal groups also require a food-safety
certificate and test results; a trademark registration is optional everywhere. Product sets are the catalogue's
categories under the six OCOP groups (catalogue migration 0037). Reversible: the way back removes the rows this
migration made (types by code) unless documents already point at them.
"""

from django.db import migrations

# (code, Vietnamese name, English name, what to send, required where: "all", "food-like" or "optional")
DOCUMENT_TYPES = (
    (
        "business-registration",
        "Giấy chứng nhận đăng ký kinh doanh",
        "Business registration certificate",
        "Bản chụp giấy chứng nhận đăng ký doanh nghiệp, hợp tác xã hoặc hộ kinh doanh.",
        "all",
    ),
    (
        "quality-declaration",
        "Bản tự công bố chất lượng sản phẩm",
        "Quality self-declaration",
        "Bản tự công bố sản phẩm hoặc tiêu chuẩn cơ sở đã nộp cho cơ quan có thẩm quyền.",
        "all",
    ),
    (
        "food-safety-certificate",
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "Food-safety certificate",
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hoặc giấy tờ tương đương) còn hiệu lực.",
        "food-like",
    ),
    (
        "test-results",
        "Phiếu kết quả kiểm nghiệm",
        "Test results",
        "Phiếu kết quả kiểm nghiệm sản phẩm của phòng thử nghiệm được công nhận, trong vòng 12 tháng.",
        "food-like",
    ),
    (
        "label-packaging",
        "Mẫu nhãn và bao bì sản phẩm",
        "Label and packaging sample",
        "Ảnh chụp hoặc bản in nhãn và bao bì đang dùng.",
        "all",
    ),
    (
        "product-story",
        "Câu chuyện sản phẩm",
        "Product story",
        "Câu chuyện về nguồn gốc, con người và giá trị của sản phẩm.",
        "all",
    ),
    (
        "product-photos",
        "Ảnh sản phẩm",
        "Product photos",
        "Ảnh sản phẩm, cơ sở sản xuất và vùng nguyên liệu (gộp trong một tệp PDF nếu có nhiều ảnh).",
        "all",
    ),
    (
        "trademark-registration",
        "Giấy chứng nhận đăng ký nhãn hiệu",
        "Trademark registration",
        "Giấy chứng nhận đăng ký nhãn hiệu hoặc đơn đăng ký đã được chấp nhận (nếu có).",
        "optional",
    ),
)
FOOD_LIKE_GROUPS = ("food", "beverages", "herbal")
OCOP_GROUP_KEYS = ("food", "beverages", "herbal", "handicrafts", "ornamental", "tourism")


def _product_sets(Category):
    """(product set, its group's key) for every set under the six OCOP group roots."""
    for group in Category.objects.filter(depth=1, slug__in=OCOP_GROUP_KEYS):
        for product_set in Category.objects.filter(depth=2, path__startswith=group.path):
            yield product_set, group.slug


def document_types_create(apps, schema_editor):
    Category = apps.get_model("catalogue", "Category")
    DocumentType = apps.get_model("programme", "DocumentType")
    DocumentRequirement = apps.get_model("programme", "DocumentRequirement")
    types = {}
    for position, (code, name, name_en, help_text, where) in enumerate(DOCUMENT_TYPES):
        document_type, _created = DocumentType.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "help_text": help_text, "position": (position + 1) * 10},
        )
        types[code] = (document_type, where)
    for product_set, group_key in _product_sets(Category):
        for document_type, where in types.values():
            if where == "food-like" and group_key not in FOOD_LIKE_GROUPS:
                continue
            DocumentRequirement.objects.get_or_create(
                product_set=product_set, document_type=document_type, defaults={"required": where != "optional"}
            )


def document_types_delete(apps, schema_editor):
    DocumentType = apps.get_model("programme", "DocumentType")
    DocumentRequirement = apps.get_model("programme", "DocumentRequirement")
    codes = [row[0] for row in DOCUMENT_TYPES]
    unused = DocumentType.objects.filter(code__in=codes, documents__isnull=True)
    DocumentRequirement.objects.filter(document_type__in=unused).delete()
    unused.delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0002_roles"), ("catalogue", "0039_certification_decision_signer_and_more")]

    operations = [migrations.RunPython(document_types_create, document_types_delete)]
