"""The programme office's demo data: the Việt Trì city 2023 OCOP plan from the seed (section II.2 targets,
section III.8 and appendix 02 budget: 250 million đồng in seven lines). Loaded once: a second run finds the plan
and changes nothing. Sample data, like the rest of the demo."""

from django.db import transaction

from programme.models import BudgetLine, PlanTarget, ProgrammePlan

PLAN_TITLE = "Kế hoạch thực hiện Chương trình OCOP thành phố Việt Trì năm 2023 (mẫu)"
PROVINCE_CODE = "25"  # Phú Thọ
# The wards that replaced the former Việt Trì city (as programme.demo.VIET_TRI_WARDS).
VIET_TRI_WARDS = ("07900", "07894", "07909", "07918")

# Section II.2: 3 new products at 3★ or more, 1 upgraded, 14 certified in all by the end of 2023; section III.1:
# every commune registers a product.
TARGETS = (
    (PlanTarget.Kind.NEW_PRODUCTS, 3, ""),
    (PlanTarget.Kind.UPGRADES, 1, ""),
    (PlanTarget.Kind.CUMULATIVE, 14, ""),
    (PlanTarget.Kind.COMMUNE_COVERAGE, 100, "%"),
)

# Section III.8 / appendix 02 (đồng).
BUDGET_LINES = (
    ("Kinh phí tổ chức đánh giá phân hạng sản phẩm (hoạt động hội đồng OCOP)", BudgetLine.Source.CITY, 20_000_000),
    ("Kinh phí tập huấn, thông tin tuyên truyền về Chương trình OCOP", BudgetLine.Source.CITY, 20_000_000),
    ("Kinh phí xúc tiến thương mại, giới thiệu, quảng bá sản phẩm", BudgetLine.Source.CITY, 58_000_000),
    ("Kinh phí hỗ trợ điểm giới thiệu và bán sản phẩm OCOP", BudgetLine.Source.CITY, 60_000_000),
    ("Kinh phí hỗ trợ tư vấn phát triển sản phẩm, xây dựng hồ sơ sản phẩm", BudgetLine.Source.CENTRAL, 30_000_000),
    (
        "Kinh phí hỗ trợ nâng cấp, tiêu chuẩn hóa và phát triển sản phẩm (tem nhãn, logo, bao bì, kiểm nghiệm, "
        "mã số mã vạch, tem truy xuất nguồn gốc, chứng nhận quản lý chất lượng)",
        BudgetLine.Source.PROVINCE,
        50_000_000,
    ),
    ("Thưởng sản phẩm OCOP (10% ngân sách thành phố)", BudgetLine.Source.CITY, 12_000_000),
)


@transaction.atomic
def office_load_demo(*, actor=None) -> ProgrammePlan | None:
    """The seed's 2023 plan with its targets and budget lines; None when the province is not loaded."""
    from marketplace.regions.models import Region

    province = Region.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return None
    wards = list(Region.objects.filter(code__in=VIET_TRI_WARDS, parent=province))
    level = ProgrammePlan.Level.CITY if wards else ProgrammePlan.Level.PROVINCE
    plan, created = ProgrammePlan.objects.get_or_create(
        year=2023,
        level=level,
        region=province,
        title=PLAN_TITLE,
        defaults={"decision_ref": "Kế hoạch của UBND thành phố Việt Trì (mẫu)", "created_by": actor},
    )
    if not created:
        return plan
    plan.communes.set(wards)
    for position, (kind, value, unit) in enumerate(TARGETS):
        PlanTarget.objects.create(plan=plan, kind=kind, value=value, unit=unit, position=position)
    for position, (name, source, amount) in enumerate(BUDGET_LINES):
        BudgetLine.objects.create(plan=plan, name=name, source=source, planned_amount=amount, position=position)
    return plan
