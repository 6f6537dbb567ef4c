"""The sample criteria set shipped with the software (``programme.sample_criteria``): the real part structure of
Decision 148/QĐ-TTg (A 40, B 25, C 35) with sample wording, for the product sets of the food group.

Forwards creates it once (a set of the same name marked as sample is left alone); backwards deletes it unless a
round has already scored products on it.
"""

from django.db import migrations


def _food_sets(apps, group_keys):
    Category = apps.get_model("catalogue", "Category")
    sets = []
    for root in Category.objects.filter(depth=1, slug__in=group_keys):
        sets.extend(Category.objects.filter(depth=2, path__startswith=root.path).order_by("path"))
    return sets


def create_sample_set(apps, schema_editor):
    from programme import sample_criteria as sample

    CriteriaSet = apps.get_model("programme", "CriteriaSet")
    CriteriaPart = apps.get_model("programme", "CriteriaPart")
    CriteriaGroup = apps.get_model("programme", "CriteriaGroup")
    Criterion = apps.get_model("programme", "Criterion")
    CriterionAnswer = apps.get_model("programme", "CriterionAnswer")

    if CriteriaSet.objects.filter(name=sample.NAME, is_sample=True).exists():
        return
    criteria_set = CriteriaSet.objects.create(
        name=sample.NAME,
        legal_basis=sample.LEGAL_BASIS,
        valid_from=sample.VALID_FROM,
        valid_until=sample.VALID_UNTIL,
        is_sample=sample.IS_SAMPLE,
    )
    criteria_set.product_sets.set(_food_sets(apps, sample.GROUP_KEYS))
    for part_position, (code, title, max_points, groups) in enumerate(sample.PARTS):
        part = CriteriaPart.objects.create(
            criteria_set=criteria_set, code=code, title=title, max_points=max_points, position=part_position
        )
        for group_position, (group_title, criteria) in enumerate(groups):
            group = CriteriaGroup.objects.create(part=part, title=group_title, position=group_position)
            for criterion_position, (c_code, c_text, c_max, knockout, answers) in enumerate(criteria):
                criterion = Criterion.objects.create(
                    group=group,
                    code=c_code,
                    text=c_text,
                    max_points=c_max,
                    is_knockout=knockout,
                    position=criterion_position,
                )
                CriterionAnswer.objects.bulk_create(
                    CriterionAnswer(criterion=criterion, text=text, points=points, fails=fails, position=position)
                    for position, (text, points, fails) in enumerate(answers)
                )


def delete_sample_set(apps, schema_editor):
    from programme import sample_criteria as sample

    CriteriaSet = apps.get_model("programme", "CriteriaSet")
    CriteriaSet.objects.filter(name=sample.NAME, is_sample=True, round_entries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0003_document_types"),
        ("catalogue", "0037_ocop_product_groups"),
    ]

    operations = [migrations.RunPython(create_sample_set, delete_sample_set)]
