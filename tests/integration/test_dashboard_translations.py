"""Oscar's dashboard strings in good Vietnamese, and the dashboard's own pages in the visitor's language."""

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from tests.factories import (
    UserFactory,
)

Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# Oscar's dashboard strings in Vietnamese ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("choose action", "chọn thao tác"),
        ("Make products public", "Hiển thị công khai các sản phẩm"),
        ("Make products non-public", "Ẩn các sản phẩm khỏi cửa hàng"),
        ("Search engine optimisation", "Tối ưu hóa cho công cụ tìm kiếm"),
        ("Leave blank to generate from product title", "Để trống để tạo tự động từ tên sản phẩm"),
        (
            "Drag images to re-order them. Space for additional images will appear when images are added.",
            "Kéo ảnh để sắp xếp lại thứ tự. Ô cho ảnh tiếp theo sẽ hiện ra khi bạn thêm ảnh.",
        ),
        ("Offers, vouchers", "Ưu đãi, mã giảm giá"),
        ("New customers", "Khách hàng mới"),
        (
            "Your submitted data was not valid - please correct the errors below",
            "Dữ liệu bạn gửi chưa hợp lệ - vui lòng kiểm tra lại thông tin bên dưới",
        ),
        ("Average order costs", "Giá trị đơn hàng trung bình"),
    ],
)
def test_oscar_dashboard_strings_are_in_good_vietnamese(msgid, expected):
    with translation.override("vi"):
        assert translation.gettext(msgid) == expected


def test_the_image_reorder_button_is_translated():
    with translation.override("vi"):
        assert translation.pgettext("Change the sequence order", "Re-order") == "Sắp xếp lại"


def test_the_vietnamese_product_list_offers_its_actions_in_vietnamese(client, producer_user):
    client.force_login(producer_user)

    page = _text(client.get("/dashboard/catalogue/"))

    assert "-- chọn thao tác --" in page
    assert "Hiển thị công khai các sản phẩm" in page
    assert "choose action" not in page and "Make products public" not in page


def test_the_officers_dashboard_home_has_no_typos(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = _text(client.get("/dashboard/"))

    assert "Khách hàng mới" in page and "hách hàng mới" not in page.replace("Khách hàng mới", "")
    assert "Giá trị đơn hàng trung bình" in page and "Chi phí đặt hàng trung bình" not in page
    assert "Offers, vouchers" not in page
