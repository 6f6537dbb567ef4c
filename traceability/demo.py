"""Sample traceability data for `load_demo`: a few lots with their journey, for a handful of products.

Deterministic (fixed dates and lot numbers) and idempotent: a lot is found by product and lot number, and
its steps are added only while it has none. Trace codes are random, as for real lots.
"""

import datetime
from datetime import date

from catalogue.selectors import producer_of
from traceability.models import Lot
from traceability.services import lot_add_step, lot_create

DEMO_NOTE = "Dữ liệu mẫu / sample data."
PRODUCTS_WITH_LOTS = 4
# Production dates of a product's first, second and third lot (all in the past).
LOT_DATES = (date(2026, 3, 12), date(2026, 7, 20), date(2026, 10, 5))

# Journeys by demo SKU: lot prefix, raw-material origin, shelf life in days, lot size, and steps as
# (days from the production date, step, place).
JOURNEYS = {
    "DEMO-001": (
        "HL",
        "Gạo Bao thai vùng Hùng Lô, Phú Thọ",
        365,
        1200,
        [
            (-20, "Thu mua gạo Bao thai", "Phường Nông Trang, Phú Thọ"),
            (-2, "Ngâm, xay bột và tráng bánh", "Xưởng HTX Hùng Lô"),
            (0, "Phơi, cắt sợi và sấy", "Xưởng HTX Hùng Lô"),
            (1, "Đóng gói 500 g, dán tem truy xuất", "Xưởng HTX Hùng Lô"),
            (3, "Kiểm tra chất lượng trước khi bán", "Phòng kiểm nghiệm nội bộ"),
        ],
    ),
    "DEMO-004": (
        "TB",
        "Vùng chè Thanh Ba, Phú Thọ",
        540,
        800,
        [
            (-3, "Hái búp chè tím (một tôm hai lá)", "Đồi chè Thanh Ba"),
            (-2, "Làm héo và vò chè", "Xưởng chế biến Thanh Ba"),
            (-1, "Sao khô bằng chảo gang", "Xưởng chế biến Thanh Ba"),
            (0, "Phân loại và đóng túi 200 g", "Xưởng chế biến Thanh Ba"),
            (2, "Nhập kho thành phẩm", "Kho công ty, Thanh Ba"),
        ],
    ),
    "DEMO-008": (
        "MO",
        "Đàn ong nuôi dưới tán rừng Tân Sơn, Phú Thọ",
        730,
        300,
        [
            (-10, "Kiểm tra đàn ong và cầu mật", "Rừng Tân Sơn"),
            (-1, "Quay mật", "Rừng Tân Sơn"),
            (0, "Lọc và hạ thủy phần", "Cơ sở Mật ong Tân Sơn"),
            (1, "Đóng chai 500 ml", "Cơ sở Mật ong Tân Sơn"),
            (4, "Gửi mẫu kiểm nghiệm", "Trung tâm kiểm nghiệm tỉnh Phú Thọ"),
        ],
    ),
    "DEMO-011": (
        "BSC",
        "Vườn bưởi Sửu Chí Đám, Đoan Hùng",
        30,
        2000,
        [
            (-1, "Thu hái bưởi chín", "Vườn bưởi Chí Đám"),
            (0, "Phân loại, làm sạch và dán tem", "Nhà sơ chế HTX"),
            (1, "Đóng thùng và vận chuyển", "Nhà sơ chế HTX"),
            (2, "Giao đến điểm bán", "Điểm bán OCOP Việt Trì"),
        ],
    ),
}

GENERIC_STEPS = [
    (-7, "Nhận nguyên liệu đầu vào"),
    (-1, "Sơ chế"),
    (0, "Sản xuất"),
    (1, "Đóng gói và dán tem truy xuất"),
    (3, "Nhập kho thành phẩm"),
]


def _pick(products) -> list:
    """Products with a written journey first (in the order given), then others up to PRODUCTS_WITH_LOTS."""
    products = list(products)
    known = [p for p in products if p.upc in JOURNEYS]
    others = [p for p in products if p.upc not in JOURNEYS]
    return (known + others)[:PRODUCTS_WITH_LOTS]


def _journey(product, index: int):
    if product.upc in JOURNEYS:
        return JOURNEYS[product.upc]
    producer = producer_of(product)
    place = (producer.full_address or producer.name) if producer else ""
    steps = [(offset, step, place) for offset, step in GENERIC_STEPS]
    return (f"L{index + 1}", place, 365, 500, steps)


def lots_load_demo(*, products) -> list:
    """Create 2–3 lots with 3–5 steps each for up to four of the given products; returns the lots."""
    lots = []
    for index, product in enumerate(_pick(products)):
        prefix, origin, shelf_days, size, steps = _journey(product, index)
        lot_count = 3 if index % 2 == 0 else 2
        for number, produced in enumerate(LOT_DATES[:lot_count]):
            lot_number = f"{prefix}-{produced:%y%m%d}"
            lot = Lot.objects.filter(product=product, lot_number=lot_number).first() or lot_create(
                product=product,
                lot_number=lot_number,
                production_date=produced,
                expiry_date=produced + datetime.timedelta(days=shelf_days),
                quantity=size + 100 * number,
                raw_material_origin=origin,
            )
            if not lot.steps.exists():
                for position, (offset, step, place) in enumerate(steps[: max(3, len(steps) - number)]):
                    lot_add_step(
                        lot=lot,
                        date=produced + datetime.timedelta(days=offset),
                        step=step,
                        place=place,
                        note=DEMO_NOTE if position == 0 else "",
                    )
            lots.append(lot)
    return lots
