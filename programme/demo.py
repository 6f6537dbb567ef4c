"""The OCOP cycle's sample data for ``load_demo``: the people of the cycle and a 2026 round with five products
in different states. Sample data only, like the rest of the demo.

The steps before the round (ideas, plans, dossiers and their documents) are written as rows: the demo shows
their result, not a producer's typing. The round, the council's cards, the closing and the decision go through
the services, so the demo's figures are the ones the software computes.
"""

import datetime
import hashlib
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from catalogue.selectors import producer_of
from marketplace.core import roles
from programme.models import (
    BusinessPlan,
    CommuneAssignment,
    CriterionAnswer,
    DocumentRequirement,
    Dossier,
    DossierDocument,
    EvaluationRound,
    ProductIdea,
    ReviewStatus,
)
from programme.services.criteria import criteria_set_sample_ensure
from programme.services.decisions import decision_record
from programme.services.dossiers import dossier_return
from programme.services.rounds import round_close, round_open, scorecard_save

ROUND_NAME = "Đợt đánh giá sản phẩm OCOP năm 2026 (mẫu)"
# The wards that replaced the former Việt Trì city (GSO codes), checked by the demo's commune officer.
VIET_TRI_WARDS = ("07900", "07894", "07909", "07918")
COMMUNE_OFFICER = ("canbophuong@demo.ocop.vn", "Cán bộ", "Phường Việt Trì")
COUNCIL = [
    ("hoidong1@demo.ocop.vn", "Thành viên", "Hội đồng 1"),
    ("hoidong2@demo.ocop.vn", "Thành viên", "Hội đồng 2"),
    ("hoidong3@demo.ocop.vn", "Thành viên", "Hội đồng 3"),
]
SECRETARY = ("thuky@demo.ocop.vn", "Thư ký", "Hội đồng")

# sku → (state in the demo, the three members' target totals). Products of the Việt Trì wards, all in food sets
# (the sample criteria set scores the food group).
STATES = {
    "DEMO-030": ("returned", None),
    "DEMO-031": ("scored", (74, 76, 72)),
    "DEMO-002": ("recognised", (80, 82, 81)),
    "DEMO-001": ("proposed_central", (92, 93, 91)),
    "DEMO-033": ("knocked_out", (70, 71, 69)),
}
DECISION = {"number": "125/QĐ-UBND (mẫu)", "signer": "Phó Chủ tịch UBND tỉnh Phú Thọ (mẫu)"}
RETURN_COMMENT = "Dữ liệu mẫu: bổ sung phiếu kết quả kiểm nghiệm còn hiệu lực và ảnh nhãn sản phẩm."


def _user(email: str, first_name: str, last_name: str, *, group: str, password: str):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(username=email.split("@")[0], email=email, first_name=first_name, last_name=last_name)
        user.set_password(password)
        user.save()
    user.groups.add(roles.roles_ensure_groups()[group])
    return user


def _sample_pdf(title: str) -> bytes:
    from fpdf import FPDF

    from programme.minutes import FONT_DIR

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 10, f"{title}\nTài liệu mẫu (dữ liệu demo).")
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def _dossier(*, product, idea_status: str, dossier_status: str, officer, year: int) -> Dossier:
    producer = producer_of(product)
    product_set = product.categories.filter(depth=2).first()
    idea = ProductIdea.objects.create(
        producer=producer,
        commune=producer.region,
        name=product.title,
        product_set=product_set,
        raw_materials="Nguyên liệu địa phương (mẫu)",
        raw_material_origin=f"Vùng nguyên liệu tại {producer.region.name} (mẫu)",
        intended_market="Tỉnh Phú Thọ, Hà Nội và sàn thương mại điện tử (mẫu)",
        yearly_volume="10 tấn (mẫu)",
        product=product,
        status=idea_status,
        year=year,
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
        decided_by=officer,
    )
    BusinessPlan.objects.create(
        idea=idea,
        production_capacity="1.000 sản phẩm mỗi tháng (mẫu)",
        investment=300_000_000,
        target_markets="Cửa hàng OCOP, hội chợ và bán trực tuyến (mẫu)",
        plan="Phương án sản xuất kinh doanh mẫu: chuẩn hóa quy trình, bao bì, truy xuất nguồn gốc.",
        status=ReviewStatus.ACCEPTED,
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
        decided_by=officer,
    )
    dossier = Dossier.objects.create(
        idea=idea, product=product, year=year, status=dossier_status, submitted_at=timezone.now()
    )
    requirements = DocumentRequirement.objects.filter(product_set=product_set, required=True).select_related(
        "document_type"
    )
    for requirement in requirements:
        content = _sample_pdf(requirement.document_type.name)
        document = DossierDocument(
            dossier=dossier,
            document_type=requirement.document_type,
            version=1,
            original_name=f"{requirement.document_type.code}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        document.file.save(f"{requirement.document_type.code}.pdf", ContentFile(content), save=False)
        document.save()
    return dossier


def _answers_for(criteria_set, *, target: int, fail_knockout: bool) -> dict:
    """Answers giving ``target`` points (or as near as the answers allow), criterion by criterion."""
    answers = {}
    remaining = target
    criteria = (
        CriterionAnswer.objects.filter(criterion__group__part__criteria_set=criteria_set)
        .select_related("criterion")
        .order_by("criterion__group__part__position", "criterion__group__position", "criterion__position")
    )
    by_criterion: dict = {}
    for answer in criteria:
        by_criterion.setdefault(answer.criterion, []).append(answer)
    failed = False
    for criterion, options in by_criterion.items():
        if criterion.is_knockout and fail_knockout and not failed:
            choice = next(option for option in options if option.fails)
            failed = True
        else:
            allowed = [option for option in options if not option.fails and option.points <= remaining]
            choice = (
                max(allowed, key=lambda option: option.points)
                if allowed
                else min((option for option in options if not option.fails), key=lambda option: option.points)
            )
        remaining -= choice.points
        answers[criterion.pk] = (choice.pk, "")
    return answers


def programme_load_demo(*, products: list, password: str) -> list[tuple[str, str]]:
    """The cycle's people and its 2026 round (once: a second run finds the round and changes nothing).

    Returns the logins to print as (role, e-mail).
    """
    from marketplace.regions.models import Region

    officer = get_user_model().objects.filter(email="canbo@demo.ocop.vn").first()
    commune_officer = _user(*COMMUNE_OFFICER, group=roles.COMMUNE_OFFICERS, password=password)
    for ward in Region.objects.filter(code__in=VIET_TRI_WARDS):
        CommuneAssignment.objects.get_or_create(user=commune_officer, region=ward)
    members = [_user(*member, group=roles.COUNCIL_MEMBERS, password=password) for member in COUNCIL]
    secretary = _user(*SECRETARY, group=roles.COUNCIL_MEMBERS, password=password)
    logins = [("commune", COMMUNE_OFFICER[0])]
    logins += [("council", member[0]) for member in COUNCIL]
    logins.append(("secretary", SECRETARY[0]))
    criteria_set_sample_ensure()
    if EvaluationRound.objects.filter(name=ROUND_NAME).exists():
        return logins

    year = 2026
    by_sku = {product.stockrecords.all()[0].partner_sku: product for product in products}
    dossiers = {}
    for sku, (state, _targets) in STATES.items():
        product = by_sku[sku]
        if state == "returned":
            dossier = _dossier(
                product=product,
                idea_status=ReviewStatus.ACCEPTED,
                dossier_status=Dossier.Status.SUBMITTED,
                officer=commune_officer,
                year=year,
            )
            # Through the service: the producer's timeline shows the return and its comment.
            dossier_return(dossier=dossier, user=commune_officer, comment=RETURN_COMMENT)
            continue
        dossiers[sku] = _dossier(
            product=product,
            idea_status=ReviewStatus.ACCEPTED,
            dossier_status=Dossier.Status.PROPOSED,
            officer=commune_officer,
            year=year,
        )
        dossiers[sku].proposed_at = timezone.now()
        dossiers[sku].proposed_by = commune_officer
        dossiers[sku].save(update_fields=["proposed_at", "proposed_by"])

    evaluation_round = round_open(
        name=ROUND_NAME,
        year=year,
        level=EvaluationRound.Level.PROVINCE,
        scoring_deadline=max(timezone.localdate(), datetime.date(2026, 11, 30)),
        members=members,
        secretary=secretary,
        dossiers=list(dossiers.values()),
        actor=officer,
    )
    entries = {entry.dossier_id: entry for entry in evaluation_round.entries.select_related("criteria_set")}
    for sku, dossier in dossiers.items():
        state, targets = STATES[sku]
        entry = entries[dossier.pk]
        for index, (member, target) in enumerate(zip(members, targets, strict=True)):
            answers = _answers_for(
                entry.criteria_set, target=target, fail_knockout=(state == "knocked_out" and index == 0)
            )
            scorecard_save(entry=entry, member=member, answers=answers, submit=True)
    round_close(evaluation_round=evaluation_round, actor=secretary)

    recognised = entries[dossiers["DEMO-002"].pk]
    decision_record(
        number=DECISION["number"],
        date=min(timezone.localdate(), datetime.date(2026, 12, 1)),
        signer=DECISION["signer"],
        level="province",
        entries=[recognised],
        actor=officer,
    )
    return logins
