"""Steps 2 and 3 of the cycle: a producer registers a product idea (with private photos), submits it; the commune
officer of its commune (or a programme officer) returns it with comments or accepts it; then the business plan,
with attachments, goes the same way. Every decision is recorded and e-mailed; nobody reaches another's ideas."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from programme.models import BusinessPlan, CycleEvent, IdeaPhoto, PlanAttachment, ProductIdea
from programme.services import ideas as services
from tests.factories import (
    CouncilMemberFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductIdeaFactory,
    ProvinceFactory,
    UserFactory,
    WardFactory,
    _product_set,
)
from tests.integration.programme.dossier_helpers import messages_of, pdf, png, private_files, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages", "document_types")]


def idea_post(commune, product_set, **overrides) -> dict:
    data = {
        "name": "Mật ong hoa nhãn Việt Trì",
        "product_set": product_set.pk,
        "commune": commune.pk,
        "raw_materials": "Mật ong hoa nhãn",
        "raw_material_origin": "Đàn ong của hợp tác xã",
        "intended_market": "Phú Thọ, Hà Nội",
        "yearly_volume": "5 tấn",
        "description": "Mật ong nguyên chất.",
    }
    data.update(overrides)
    return data


# Registering an idea -----------------------------------------------------------------------------------------------


def test_a_producer_registers_an_idea_with_photos_kept_private(client, cast, wards):
    client.force_login(cast["user_a"])
    form_page = client.get(url("idea-create"))
    assert form_page.status_code == 200
    # The commune defaults to the producer's own; the product sets come grouped by the six groups.
    assert f'<option value="{wards[0].pk}" selected>' in form_page.content.decode()
    assert "<optgroup" in form_page.content.decode()
    response = client.post(
        url("idea-create"),
        idea_post(wards[0], _product_set(), photos=[png("to-ong.png"), png("vuon-nhan.png")]),
    )
    idea = ProductIdea.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(url("idea-detail", pk=idea.pk))
    assert idea.producer == cast["producer_a"] and idea.status == "draft" and idea.created_by == cast["user_a"]
    assert idea.commune == wards[0] and idea.product_set == _product_set()
    photos = list(idea.photos.all())
    assert [p.original_name for p in photos] == ["to-ong.png", "vuon-nhan.png"]
    assert len(private_files()) == 2
    photo_response = client.get(url("idea-photo", pk=photos[0].pk))
    assert photo_response.status_code == 200 and photo_response["Content-Type"] == "image/png"
    assert photo_response["Cache-Control"] == "private, no-store"
    # Another producer's user, a copied link: not found.
    client.force_login(cast["user_b"])
    assert client.get(url("idea-photo", pk=photos[0].pk)).status_code == 404


def test_bad_input_re_renders_with_errors_and_writes_nothing(client, cast, wards):
    client.force_login(cast["user_a"])
    response = client.post(url("idea-create"), idea_post(wards[0], _product_set(), name="", raw_materials=""))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "raw_materials"}
    # A group (not a product set) is not a choice.
    group = _product_set().get_parent()
    response = client.post(url("idea-create"), idea_post(wards[0], group))
    assert response.status_code == 200 and "product_set" in response.context["form"].errors
    assert not ProductIdea.objects.exists()


def test_six_photos_or_a_false_photo_are_refused_and_nothing_is_stored(client, cast, wards):
    client.force_login(cast["user_a"])
    six = [png(f"anh-{n}.png") for n in range(6)]
    response = client.post(url("idea-create"), idea_post(wards[0], _product_set(), photos=six))
    assert response.status_code == 200
    assert "An idea has at most 5 photos." in response.context["form"].errors["photos"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.png", b"this is not a picture", content_type="image/png")
    response = client.post(url("idea-create"), idea_post(wards[0], _product_set(), photos=[png(), fake]))
    assert response.status_code == 200
    assert any("anh.png:" in error for error in response.context["form"].errors["photos"])
    assert not ProductIdea.objects.exists() and not IdeaPhoto.objects.exists() and private_files() == []


def test_a_user_of_several_producers_picks_which_one(client, cast, wards):
    other = ProducerFactory(name="HTX Thứ hai", region=wards[0])
    other.users.add(cast["user_a"])
    client.force_login(cast["user_a"])
    assert "producer" in client.get(url("idea-create")).context["form"].fields
    client.post(url("idea-create"), idea_post(wards[0], _product_set(), producer=other.pk))
    assert ProductIdea.objects.get().producer == other
    # Someone else's producer is not a choice.
    response = client.post(url("idea-create"), idea_post(wards[0], _product_set(), producer=cast["producer_b"].pk))
    assert response.status_code == 200 and "producer" in response.context["form"].errors
    assert ProductIdea.objects.count() == 1


def test_the_service_refuses_another_producers_user():
    producer = ProducerFactory()
    stranger = ProducerUserFactory(producer=ProducerFactory())
    with pytest.raises(PermissionDenied):
        services.idea_create(
            user=stranger,
            producer=producer,
            name="X",
            product_set=_product_set(),
            commune=producer.region,
            raw_materials="x",
            raw_material_origin="x",
            intended_market="x",
            yearly_volume="x",
        )
    assert not ProductIdea.objects.exists()


# Review ------------------------------------------------------------------------------------------------------------


def test_submit_return_edit_resubmit_accept(client, cast, wards, django_capture_on_commit_callbacks):
    idea = ProductIdeaFactory(producer=cast["producer_a"], status="draft")
    client.force_login(cast["user_a"])
    response = client.post(url("idea-submit", pk=idea.pk), follow=True)
    assert "The idea is submitted to the commune for a check." in messages_of(response)
    idea.refresh_from_db()
    assert idea.status == "submitted" and idea.submitted_at is not None
    # Submitting twice is refused with a message.
    response = client.post(url("idea-submit", pk=idea.pk), follow=True)
    assert "This idea has already been submitted; wait for the reviewer's decision." in messages_of(response)
    # A submitted idea cannot be changed.
    assert client.get(url("idea-edit", pk=idea.pk), follow=True).redirect_chain

    officer = cast["commune_a"]
    client.force_login(officer)
    detail = client.get(url("idea-detail", pk=idea.pk))
    assert b'data-testid="idea-review"' in detail.content
    # Returning needs a comment: the form comes back with the message.
    response = client.post(url("idea-review", pk=idea.pk), {"action": "return", "comment": " "})
    assert response.status_code == 200
    assert "Write what the producer should change." in response.context["review_form"].errors["comment"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("idea-review", pk=idea.pk), {"action": "return", "comment": "Bổ sung nguồn nguyên liệu."})
    idea.refresh_from_db()
    assert idea.status == "returned" and idea.review_comment == "Bổ sung nguồn nguyên liệu."
    assert idea.decided_by == officer
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.vn", cast["user_a"].email]
    assert "Bổ sung nguồn nguyên liệu." in mail.outbox[0].body

    client.force_login(cast["user_a"])
    data = idea_post(wards[0], _product_set(), raw_material_origin="Đàn ong 200 thùng tại Việt Trì")
    response = client.post(url("idea-edit", pk=idea.pk), data)
    assert response.status_code == 302
    client.post(url("idea-submit", pk=idea.pk))
    idea.refresh_from_db()
    assert idea.status == "submitted" and idea.raw_material_origin == "Đàn ong 200 thùng tại Việt Trì"

    client.force_login(cast["officer"])  # a programme officer may decide too
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("idea-review", pk=idea.pk), {"action": "accept", "comment": ""})
    idea.refresh_from_db()
    assert idea.status == "accepted"
    kinds = list(idea.events.values_list("kind", flat=True))
    assert kinds == ["idea_submitted", "idea_returned", "idea_submitted", "idea_accepted"]
    assert len(mail.outbox) == 2  # the return and the acceptance; the producer's own steps are not e-mailed
    # The history shows on the page.
    client.force_login(cast["user_a"])
    assert client.get(url("idea-detail", pk=idea.pk)).content.count(b"list-group-item") >= 4


def test_state_errors_are_refused_with_a_message(cast):
    draft = ProductIdeaFactory(producer=cast["producer_a"], status="draft")
    with pytest.raises(ValidationError, match="Only a submitted idea can be returned"):
        services.idea_return(idea=draft, user=cast["officer"], comment="x")
    with pytest.raises(ValidationError, match="Only a submitted idea can be accepted"):
        services.idea_accept(idea=draft, user=cast["officer"])
    accepted = ProductIdeaFactory(producer=cast["producer_a"])
    with pytest.raises(ValidationError, match="Only a draft or a returned idea can be submitted"):
        services.idea_submit(idea=accepted, user=cast["user_a"])
    with pytest.raises(ValidationError, match="Only a draft or a returned idea can be changed"):
        services.idea_update(idea=accepted, user=cast["user_a"], name="Tên mới")
    assert not CycleEvent.objects.exists()


def test_only_the_communes_officer_decides(cast):
    idea = ProductIdeaFactory(producer=cast["producer_a"], status="submitted")
    with pytest.raises(PermissionDenied):
        services.idea_accept(idea=idea, user=cast["commune_b"])
    with pytest.raises(PermissionDenied):
        services.idea_accept(idea=idea, user=cast["user_a"])  # not one's own idea
    idea.refresh_from_db()
    assert idea.status == "submitted"


# Reach -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["idea-detail", "idea-edit"])
def test_role_matrix_over_an_idea(client, cast, name):
    idea = ProductIdeaFactory(producer=cast["producer_a"], status="draft")
    target = url(name, pk=idea.pk)
    assert client.get(target).status_code == 302 and "/login/" in client.get(target)["Location"]
    expected = {
        "user_a": 200,
        "user_b": 404,  # another producer's idea does not exist for them
        "commune_a": 404 if name == "idea-detail" else 403,  # a draft is the producer's own
        "commune_b": 404 if name == "idea-detail" else 403,
        "officer": 200 if name == "idea-detail" else 403,
    }
    for who, status in expected.items():
        client.force_login(cast[who])
        assert client.get(target).status_code == status, who
    client.force_login(CouncilMemberFactory())
    assert client.get(target).status_code == 403
    client.force_login(UserFactory())
    assert client.get(target).status_code == 403
    idea.status = "submitted"
    idea.save()
    client.force_login(cast["commune_a"])
    if name == "idea-detail":
        assert client.get(target).status_code == 200
    client.force_login(cast["commune_b"])
    # Outside their commune the idea does not exist for them; the edit screen is a producer's only (403 first).
    assert client.get(target).status_code == (404 if name == "idea-detail" else 403)
    assert client.get(url("idea-detail", pk=idea.pk)).status_code == 404


@pytest.mark.parametrize("name", ["idea-submit", "idea-review", "plan-submit", "plan-review"])
def test_actions_are_post_only_and_reach_checked(client, cast, name):
    idea = ProductIdeaFactory(producer=cast["producer_a"], status="submitted")
    target = url(name, pk=idea.pk)
    client.force_login(cast["officer"] if "review" in name else cast["user_a"])
    assert client.get(target).status_code == 405
    client.force_login(cast["user_b"] if "submit" in name else cast["commune_b"])
    assert client.post(target, {"action": "accept"}).status_code == 404
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_the_list_shows_each_role_its_reach_with_a_status_filter(client, cast):
    mine = ProductIdeaFactory(producer=cast["producer_a"], name="Ý tưởng A", status="submitted")
    ProductIdeaFactory(producer=cast["producer_a"], name="Nháp A", status="draft")
    ProductIdeaFactory(producer=cast["producer_b"], name="Ý tưởng B", status="submitted")
    client.force_login(cast["user_a"])
    names = {i.name for i in client.get(url("idea-list")).context["ideas"]}
    assert names == {"Ý tưởng A", "Nháp A"}
    client.force_login(cast["commune_a"])
    assert [i.name for i in client.get(url("idea-list")).context["ideas"]] == [mine.name]
    client.force_login(cast["officer"])
    assert len(client.get(url("idea-list")).context["ideas"]) == 3
    response = client.get(url("idea-list") + "?status=draft")
    assert [i.name for i in response.context["ideas"]] == ["Nháp A"]
    client.force_login(CouncilMemberFactory())
    assert client.get(url("idea-list")).status_code == 403


@pytest.mark.parametrize("rows", [5, 50])
def test_the_idea_list_keeps_a_fixed_query_budget(client, cast, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ProductIdeaFactory(producer=cast["producer_a"], status="submitted")
    for who in ("officer", "user_a", "commune_a"):
        client.force_login(cast[who])
        with django_assert_max_num_queries(20):
            response = client.get(url("idea-list"))
        assert len(response.context["ideas"]) == rows


# Business plans ----------------------------------------------------------------------------------------------------


def plan_post(**overrides) -> dict:
    data = {
        "production_capacity": "2 tấn mỗi tháng",
        "investment": "150000000",
        "target_markets": "Siêu thị, sàn thương mại điện tử",
        "plan": "Mở rộng đàn ong, chuẩn hoá bao bì, tem truy xuất.",
    }
    data.update(overrides)
    return data


def test_the_business_plan_goes_through_its_review(client, cast, django_capture_on_commit_callbacks):
    idea = ProductIdeaFactory(producer=cast["producer_a"])  # accepted
    client.force_login(cast["user_a"])
    assert client.get(url("plan-edit", pk=idea.pk)).status_code == 200
    # Money is whole đồng: a decimal amount is refused with the message.
    response = client.post(url("plan-edit", pk=idea.pk), plan_post(investment="150000000.5"))
    assert response.status_code == 200 and "investment" in response.context["form"].errors
    response = client.post(url("plan-edit", pk=idea.pk), plan_post(attachments=[pdf("phuong-an.pdf")]))
    assert response.status_code == 302
    plan = BusinessPlan.objects.get(idea=idea)
    assert plan.investment == 150_000_000 and plan.status == "draft"
    attachment = plan.attachments.get()
    assert attachment.original_name == "phuong-an.pdf" and attachment.uploaded_by == cast["user_a"]
    download = client.get(url("plan-attachment", pk=attachment.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    client.post(url("plan-submit", pk=idea.pk))
    plan.refresh_from_db()
    assert plan.status == "submitted"
    response = client.post(url("plan-submit", pk=idea.pk), follow=True)
    assert any("already been submitted" in m for m in messages_of(response))

    client.force_login(cast["commune_a"])
    assert client.get(url("plan-attachment", pk=attachment.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("plan-review", pk=idea.pk), {"action": "return", "comment": "Ghi rõ tiến độ."})
    plan.refresh_from_db()
    assert plan.status == "returned" and plan.review_comment == "Ghi rõ tiến độ."
    assert len(mail.outbox) == 1 and "Ghi rõ tiến độ." in mail.outbox[0].body

    client.force_login(cast["user_a"])
    client.post(
        url("plan-edit", pk=idea.pk), plan_post(plan="Có tiến độ theo quý.", remove_attachments=[attachment.pk])
    )
    assert not PlanAttachment.objects.exists()
    client.post(url("plan-submit", pk=idea.pk))
    client.force_login(cast["commune_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("plan-review", pk=idea.pk), {"action": "accept"})
    plan.refresh_from_db()
    assert plan.status == "accepted" and plan.decided_by == cast["commune_a"]
    assert len(mail.outbox) == 2
    assert list(idea.events.values_list("kind", flat=True)) == [
        "plan_submitted",
        "plan_returned",
        "plan_submitted",
        "plan_accepted",
    ]
    # Accepted: nobody changes it any more.
    client.force_login(cast["user_a"])
    response = client.post(url("plan-edit", pk=idea.pk), plan_post(plan="Đổi sau khi duyệt"))
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.plan == "Có tiến độ theo quý."
    # The other producer reaches neither the plan nor its attachments.
    client.force_login(cast["user_b"])
    assert client.get(url("plan-edit", pk=idea.pk)).status_code == 404


def test_a_plan_waits_for_the_accepted_idea_and_refuses_a_false_attachment(client, cast):
    draft = ProductIdeaFactory(producer=cast["producer_a"], status="submitted")
    client.force_login(cast["user_a"])
    response = client.get(url("plan-edit", pk=draft.pk), follow=True)
    assert "A business plan is written once the idea is accepted." in messages_of(response)
    with pytest.raises(ValidationError):
        services.plan_save(
            idea=draft, user=cast["user_a"], production_capacity="x", investment=1, target_markets="x", plan="x"
        )
    accepted = ProductIdeaFactory(producer=cast["producer_a"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("phuong-an.pdf", b"plain text, not a PDF", content_type="application/pdf")
    response = client.post(url("plan-edit", pk=accepted.pk), plan_post(attachments=[fake]))
    assert response.status_code == 200
    assert any("whatever its name says" in e for e in response.context["form"].errors["attachments"])
    assert not BusinessPlan.objects.exists() and private_files() == []


# Review findings: bad input is refused with a message, never a 500 ---------------------------------------------------


@pytest.mark.parametrize("amount", ["9" * 30, str(services.MAX_PLAN_INVESTMENT + 1)])
def test_a_huge_investment_is_refused_with_a_message(client, cast, amount):
    idea = ProductIdeaFactory(producer=cast["producer_a"])  # accepted
    client.force_login(cast["user_a"])
    response = client.post(url("plan-edit", pk=idea.pk), plan_post(investment=amount))
    assert response.status_code == 200
    assert response.context["form"].errors["investment"] == [
        "The investment can be at most 1,000,000,000,000,000 đồng."
    ]
    assert not BusinessPlan.objects.exists()
    # The limit itself is a plan like any other.
    response = client.post(url("plan-edit", pk=idea.pk), plan_post(investment=str(services.MAX_PLAN_INVESTMENT)))
    assert response.status_code == 302
    assert BusinessPlan.objects.get().investment == services.MAX_PLAN_INVESTMENT


def test_the_service_refuses_a_huge_investment_too(cast):
    idea = ProductIdeaFactory(producer=cast["producer_a"])
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.plan_save(
            idea=idea,
            user=cast["user_a"],
            production_capacity="x",
            investment=10**30,
            target_markets="x",
            plan="x",
        )
    assert list(caught.value.message_dict) == ["investment"]
    assert "1.000.000.000.000.000" in caught.value.message_dict["investment"][0]
    assert not BusinessPlan.objects.exists()


def test_the_investment_is_shown_as_money(client, cast):
    idea = ProductIdeaFactory(producer=cast["producer_a"])
    BusinessPlan.objects.create(
        idea=idea, production_capacity="x", investment=300_000_000, target_markets="x", plan="x"
    )
    client.force_login(cast["user_a"])
    with translation.override("vi"):
        vi_url = reverse("ocop:idea-detail", kwargs={"pk": idea.pk})
    page = client.get(vi_url).content.decode()
    assert '<td data-testid="plan-investment">300.000.000\xa0₫</td>' in page  # a no-break space before ₫
    assert "300000000" not in page
    assert "₫300,000,000" in client.get(url("idea-detail", pk=idea.pk)).content.decode()


@pytest.mark.parametrize("name", ["Mật ong\nhoa nhãn", "Mật ong\thoa nhãn", "Mật ong\x07", "Mật\r\nong"])
def test_a_name_with_control_characters_is_refused(client, cast, wards, name):
    client.force_login(cast["user_a"])
    response = client.post(url("idea-create"), idea_post(wards[0], _product_set(), name=name))
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Write the name on one line, without tabs or other control characters."
    ]
    assert not ProductIdea.objects.exists()
    with pytest.raises(ValidationError) as caught:
        services.idea_create(
            user=cast["user_a"],
            producer=cast["producer_a"],
            name=name,
            product_set=_product_set(),
            commune=wards[0],
            raw_materials="x",
            raw_material_origin="x",
            intended_market="x",
            yearly_volume="x",
        )
    assert list(caught.value.message_dict) == ["name"]
    idea = ProductIdeaFactory(producer=cast["producer_a"], status="draft", name="Mật ong")
    with pytest.raises(ValidationError):
        services.idea_update(idea=idea, user=cast["user_a"], name=name)
    idea.refresh_from_db()
    assert idea.name == "Mật ong"


@pytest.fixture
def ha_noi_ward(db):
    ha_noi = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", slug="ha-noi")
    return WardFactory(code="00004", name="Phường Ba Đình", short_name="Ba Đình", slug="ba-dinh", parent=ha_noi)


def test_a_commune_of_another_province_is_refused(client, cast, wards, ha_noi_ward):
    client.force_login(cast["user_a"])
    form_page = client.get(url("idea-create"))
    listed = [pk for pk, _name in form_page.context["form"].fields["commune"].widget.choices if pk]
    assert wards[1].pk in listed and ha_noi_ward.pk not in listed
    assert "Phường Ba Đình" not in form_page.content.decode()
    response = client.post(url("idea-create"), idea_post(ha_noi_ward, _product_set()))
    assert response.status_code == 200
    assert response.context["form"].errors["commune"] == [
        "Choose a commune or ward of the producer's province from the list."
    ]
    assert not ProductIdea.objects.exists()
    # The producer's own province: any of its communes is fine.
    assert client.post(url("idea-create"), idea_post(wards[1], _product_set())).status_code == 302


def test_an_ideas_current_commune_stays_allowed_after_the_producer_moves(client, cast, wards, ha_noi_ward):
    idea = ProductIdeaFactory(producer=cast["producer_a"], status="draft", commune=ha_noi_ward)
    client.force_login(cast["user_a"])
    assert "Phường Ba Đình" in client.get(url("idea-edit", pk=idea.pk)).content.decode()
    response = client.post(url("idea-edit", pk=idea.pk), idea_post(ha_noi_ward, _product_set(), name="Mật ong mới"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.name == "Mật ong mới" and idea.commune == ha_noi_ward
    # …but not a different commune of that other province.
    other = WardFactory(
        code="00008", name="Phường Ngọc Hà", short_name="Ngọc Hà", slug="ngoc-ha", parent=ha_noi_ward.parent
    )
    response = client.post(url("idea-edit", pk=idea.pk), idea_post(other, _product_set()))
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    idea.refresh_from_db()
    assert idea.commune == ha_noi_ward


@pytest.mark.parametrize(("page", "expected"), [("abc", 1), ("2.5", 1), ("0", 2), ("999", 2), ("2", 2)])
def test_a_bad_page_number_shows_the_first_or_last_page(client, cast, monkeypatch, page, expected):
    """Like the dashboard's other lists (Paginator.get_page): not a number → the first page, out of range → the last."""
    from programme.views.ideas import IdeaListView

    monkeypatch.setattr(IdeaListView, "paginate_by", 2)
    for n in range(3):
        ProductIdeaFactory(producer=cast["producer_a"], name=f"Ý tưởng {n}")
    client.force_login(cast["user_a"])
    response = client.get(url("idea-list") + f"?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected
    assert len(response.context["ideas"]) == (2 if expected == 1 else 1)
