"""Sample data for `manage.py load_demo`. Fictional producers and products: sample data only.

Places are real Phú Thọ wards and communes (GSO codes); the first four are
wards that replaced the former Việt Trì city on 1 July 2025.
"""

from marketplace.order.statuses import OrderStatus

PHU_THO_CODE = "25"

# key, name, legal type, region code, street, representative, founded
PRODUCERS = [
    ("htx-hung-lo", "HTX Nông nghiệp Hùng Lô (mẫu)", "cooperative", "07918", "Khu 3", "Nguyễn Văn An", 2012),
    ("cty-che-thanh-ba", "Công ty CP Chè Thanh Ba (mẫu)", "enterprise", "08152", "Khu 5", "Trần Thị Bình", 2004),
    ("hkd-mat-ong-tan-son", "Hộ kinh doanh Mật ong Tân Sơn (mẫu)", "household", "08566", "Xóm Chiềng", "Hà Văn Cường", 2016),
    ("htx-buoi-doan-hung", "HTX Bưởi Đoan Hùng (mẫu)", "cooperative", "07969", "Thôn Chí Chủ", "Lê Văn Dũng", 2009),
    ("lang-nghe-non-cam-khe", "Làng nghề Nón lá Cẩm Khê (mẫu)", "craft_village", "08341", "Thôn Sai Nga", "Phạm Thị Em", 1990),
    ("tht-rau-thanh-mieu", "Tổ hợp tác Rau an toàn Thanh Miếu (mẫu)", "cooperative_group", "07909", "Phố Lò Lợn", "Đỗ Văn Giang", 2018),
    ("trang-trai-ga-phu-ninh", "Trang trại Gà đồi Phù Ninh (mẫu)", "farm_owner", "08230", "Đồi Cao", "Vũ Văn Hải", 2015),
    ("cty-duoc-lieu-tam-dao", "Công ty TNHH Dược liệu Tam Đảo (mẫu)", "enterprise", "08911", "Thôn Đồng Bùa", "Ngô Thị Hoa", 2011),
    ("htx-ruou-nong-trang", "HTX Rượu men lá Nông Trang (mẫu)", "cooperative", "07894", "Phố Tân Bình", "Bùi Văn Khánh", 2010),
    ("hkd-banh-viet-tri", "Hộ kinh doanh Bánh truyền thống Việt Trì (mẫu)", "household", "07900", "Phố Hòa Phong", "Đặng Thị Lan", 2008),
    ("lang-nghe-may-tre-lam-thao", "Làng nghề Mây tre đan Lâm Thao (mẫu)", "craft_village", "08494", "Khu 7", "Hoàng Văn Minh", 1995),
    ("htx-du-lich-hy-cuong", "HTX Du lịch cộng đồng Hy Cương (mẫu)", "cooperative", "08515", "Thôn Cổ Tích", "Cao Thị Ngọc", 2019),
    ("trang-trai-hoa-van-phu", "Trang trại Hoa cây cảnh Vân Phú (mẫu)", "farm_owner", "07918", "Khu 9", "Lý Văn Phúc", 2014),
]

# Where each producer is and what it tells about itself. Coordinates are the ward's or commune's centre
# (units_2025.csv) plus this small offset in degrees (a few hundred metres), so the region maps show
# distinct markers. Stories are sample data, like the producers themselves: short HTML, as producers write
# them in their dashboard (the loader sanitizes them like any other story).
PRODUCER_DETAILS = {
    "htx-hung-lo": (
        (0.0042, -0.0031),
        "<p>Làng Hùng Lô làm <strong>mì gạo, bánh đa</strong> từ gạo bao thai của đồng bãi ven sông Lô.</p>"
        "<ul><li>Hợp tác xã gom hơn 40 hộ.</li><li>Mì phơi trên giàn tre đầu làng.</li></ul>",
    ),
    "cty-che-thanh-ba": (
        (-0.0035, 0.0044),
        "<p>Đồi chè Thanh Ba trồng từ những năm 1960.</p>"
        "<p>Công ty thu <strong>búp tím vụ xuân</strong>, sao bằng chảo gang và đóng gói ngay tại xưởng.</p>",
    ),
    "hkd-mat-ong-tan-son": (
        (0.0051, 0.0022),
        "<p>Gia đình nuôi <strong>ong nội</strong> ở bìa rừng Xuân Sơn.</p>"
        "<p>Chỉ quay mật <em>hai vụ một năm</em> để đàn ong đủ ăn qua mùa mưa.</p>",
    ),
    "htx-buoi-doan-hung": (
        (-0.0028, -0.0047),
        "<p><strong>Bưởi Sửu Chí Đám</strong> trồng trên đất phù sa sông Chảy và sông Lô.</p>"
        "<ul><li>Hợp tác xã giữ giống gốc.</li><li>Ghi nhật ký chăm sóc từng vườn.</li></ul>",
    ),
    "lang-nghe-non-cam-khe": (
        (0.0033, 0.0039),
        "<p>Làng Sai Nga chằm nón lá từ <strong>hơn trăm năm</strong>.</p>"
        "<p>Các bà, các chị vẫn khâu vành bằng sợi móc nhuộm tay.</p>",
    ),
    "tht-rau-thanh-mieu": (
        (-0.0024, 0.0027),
        "<p>Tổ hợp tác trồng <strong>rau trong nhà lưới</strong> ven sông Lô.</p>"
        "<p>Rau hái sớm, bán buổi sáng cho các chợ trong phường.</p>",
    ),
    "trang-trai-ga-phu-ninh": (
        (0.0046, -0.0018),
        "<p>Gà thả đồi bạch đàn và sim mua.</p>"
        "<ul><li>Ăn thóc, ngô của trang trại.</li><li>Mỗi lứa nuôi <strong>đủ sáu tháng</strong>.</li></ul>",
    ),
    "cty-duoc-lieu-tam-dao": (
        (-0.0039, -0.0033),
        "<p>Vùng trồng <strong>cà gai leo và trà dây</strong> dưới chân núi Tam Đảo.</p>"
        "<p>Công ty chiết cao theo quy trình của xưởng đạt chuẩn.</p>",
    ),
    "htx-ruou-nong-trang": (
        (0.0027, 0.0051),
        "<p>Rượu nấu từ gạo nếp cái với <strong>men lá rừng</strong> theo công thức của các cụ trong hợp tác xã.</p>"
        "<p>Rượu được <em>hạ thổ ba tháng</em> trước khi bán.</p>",
    ),
    "hkd-banh-viet-tri": (
        (-0.0044, 0.0016),
        "<p>Cửa hàng bánh <strong>gia truyền ba đời</strong> ở phố Hòa Phong.</p>"
        "<p>Gói bánh chưng Làng Chử vào dịp Giỗ Tổ Hùng Vương.</p>",
    ),
    "lang-nghe-may-tre-lam-thao": (
        (0.0019, -0.0043),
        "<p>Làng nghề đan giỏ, khay từ <strong>mây và tre</strong> trồng ngay trong xã.</p>"
        "<ul><li>Giỏ đựng quà Tết.</li><li>Khay, mẹt bày hoa quả.</li></ul>",
    ),
    "htx-du-lich-hy-cuong": (
        (-0.0031, -0.0025),
        "<p>Các hộ quanh Đền Hùng đón khách về thăm làng cổ.</p>"
        "<ul><li>Nghe <strong>hát Xoan</strong>.</li><li>Ăn bữa cơm quê.</li></ul>",
    ),
    "trang-trai-hoa-van-phu": (
        (-0.0052, 0.0036),
        "<p>Trang trại <strong>hoa lan, đào thế và cá Koi</strong> ở Vân Phú.</p>"
        "<p>Mở cửa đón khách vào cuối tuần.</p>",
    ),
}

# sku, title, product set, producer key, price (đồng), stock, score
PRODUCTS = [
    ("DEMO-001", "Mì gạo Hùng Lô 500g", "processed-foods", "htx-hung-lo", 35000, 200, 91),
    ("DEMO-002", "Bánh đa Hùng Lô 300g", "processed-foods", "htx-hung-lo", 28000, 150, 78),
    ("DEMO-003", "Gạo nếp cái hoa vàng 2kg", "rice-cereals", "htx-hung-lo", 90000, 80, 72),
    ("DEMO-004", "Chè búp tím Thanh Ba 200g", "tea", "cty-che-thanh-ba", 145000, 120, 92),
    ("DEMO-005", "Chè xanh Thanh Ba 500g", "tea", "cty-che-thanh-ba", 125000, 90, 81),
    ("DEMO-006", "Trà đinh Hoài Trung 100g", "tea", "cty-che-thanh-ba", 210000, 60, 75),
    ("DEMO-007", "Trà hoa vàng túi lọc", "herbal-teas", "cty-che-thanh-ba", 98000, 70, 64),
    ("DEMO-008", "Mật ong rừng Tân Sơn 500ml", "honey-farm-foods", "hkd-mat-ong-tan-son", 250000, 50, 86),
    ("DEMO-009", "Mật ong hoa nhãn 1 lít", "honey-farm-foods", "hkd-mat-ong-tan-son", 320000, 40, 68),
    ("DEMO-010", "Sáp ong nguyên chất 200g", "essential-oils", "hkd-mat-ong-tan-son", 85000, 30, 58),
    ("DEMO-011", "Bưởi Sửu Chí Đám (quả)", "fresh-produce", "htx-buoi-doan-hung", 60000, 300, 93),
    ("DEMO-012", "Bưởi Bằng Luân (quả)", "fresh-produce", "htx-buoi-doan-hung", 45000, 250, 77),
    ("DEMO-013", "Mứt vỏ bưởi 250g", "processed-foods", "htx-buoi-doan-hung", 55000, 100, 62),
    ("DEMO-014", "Nón lá Sai Nga", "household-decor", "lang-nghe-non-cam-khe", 120000, 60, 74),
    ("DEMO-015", "Nón lá thêu hoa", "household-decor", "lang-nghe-non-cam-khe", 185000, 40, 66),
    ("DEMO-016", "Khăn lụa tơ tằm", "textiles", "lang-nghe-non-cam-khe", 350000, 25, 71),
    ("DEMO-017", "Rau cải ngọt an toàn (bó 500g)", "fresh-produce", "tht-rau-thanh-mieu", 15000, 100, 55),
    ("DEMO-018", "Dưa lưới Thanh Miếu (quả)", "fresh-produce", "tht-rau-thanh-mieu", 75000, 80, 69),
    ("DEMO-019", "Gà đồi Phù Ninh (con 1,8kg)", "fresh-meat-fish", "trang-trai-ga-phu-ninh", 280000, 40, 79),
    ("DEMO-020", "Trứng gà đồi (hộp 10 quả)", "fresh-meat-fish", "trang-trai-ga-phu-ninh", 45000, 120, 63),
    ("DEMO-021", "Ruốc gà Phù Ninh 200g", "processed-foods", "trang-trai-ga-phu-ninh", 120000, 70, 70),
    ("DEMO-022", "Cao cà gai leo 100g", "functional-medicine", "cty-duoc-lieu-tam-dao", 260000, 45, 88),
    ("DEMO-023", "Trà dây Tam Đảo 250g", "herbal-teas", "cty-duoc-lieu-tam-dao", 110000, 90, 73),
    ("DEMO-024", "Dầu gội thảo dược 300ml", "herbal-cosmetics", "cty-duoc-lieu-tam-dao", 135000, 60, 61),
    ("DEMO-025", "Tinh dầu sả chanh 50ml", "essential-oils", "cty-duoc-lieu-tam-dao", 95000, 80, 57),
    ("DEMO-026", "Rượu men lá Nông Trang 500ml", "rice-spirit", "htx-ruou-nong-trang", 90000, 100, 76),
    ("DEMO-027", "Rượu nếp cẩm 500ml", "other-alcoholic", "htx-ruou-nong-trang", 110000, 60, 65),
    ("DEMO-028", "Nước bưởi ép đóng chai 330ml", "other-drinks", "htx-buoi-doan-hung", 25000, 200, 59),
    ("DEMO-029", "Nước khoáng Thanh Thủy 500ml", "bottled-water", "htx-ruou-nong-trang", 8000, 500, 60),
    ("DEMO-030", "Bánh tai Việt Trì (hộp 10 chiếc)", "processed-foods", "hkd-banh-viet-tri", 50000, 80, 67),
    ("DEMO-031", "Bánh chưng Làng Chử (chiếc)", "processed-foods", "hkd-banh-viet-tri", 70000, 50, 84),
    ("DEMO-032", "Thịt chua Thanh Sơn 300g", "processed-foods", "hkd-banh-viet-tri", 95000, 60, 90),
    ("DEMO-033", "Nước mắm cá suối 500ml", "sauces-spices", "hkd-banh-viet-tri", 85000, 70, 56),
    ("DEMO-034", "Cà phê rang xay Phú Thọ 250g", "coffee-cocoa", "cty-che-thanh-ba", 115000, 50, 53),
    ("DEMO-035", "Giỏ mây tre đan", "household-decor", "lang-nghe-may-tre-lam-thao", 160000, 35, 82),
    ("DEMO-036", "Khay tre trang trí", "household-decor", "lang-nghe-may-tre-lam-thao", 95000, 45, 60),
    ("DEMO-037", "Tour trải nghiệm làng cổ Hy Cương (1 ngày)", "community-tourism", "htx-du-lich-hy-cuong", 450000, 30, 80),
    ("DEMO-038", "Homestay Đồi chè (1 đêm)", "community-tourism", "htx-du-lich-hy-cuong", 600000, 20, 65),
    ("DEMO-039", "Cây đào thế mini", "ornamental-plants", "trang-trai-hoa-van-phu", 750000, 15, 73),
    ("DEMO-040", "Lan hồ điệp chậu 3 cành", "flowers", "trang-trai-hoa-van-phu", 650000, 20, 91),
    ("DEMO-041", "Cá chép Koi giống (con)", "ornamental-animals", "trang-trai-hoa-van-phu", 300000, 25, 58),
    ("DEMO-042", "Hoa cúc chi sấy khô 100g", "herbal-teas", "trang-trai-hoa-van-phu", 80000, 90, 71),
]

DEMO_PASSWORD = "ocop-demo-2026"  # noqa: S105 (printed to the developer on purpose)

# email, first name, last name, role
USERS = [
    ("khachhang@demo.ocop.vn", "Khách", "Hàng", "shopper"),
    ("nhasanxuat@demo.ocop.vn", "Nhà", "Sản Xuất", "producer"),
    ("dulich@demo.ocop.vn", "Cán bộ", "Du Lịch", "tourism"),
    ("canbo@demo.ocop.vn", "Cán bộ", "OCOP", "officer"),
    ("admin@demo.ocop.vn", "Quản trị", "Hệ Thống", "admin"),
]

# Certificate stories that show the whole lifecycle (the other products have one current certificate).
CERTIFICATE_STORIES = {
    "DEMO-004": "history",  # re-evaluated: a 4★ certificate from 2024 superseded by today's 5★
    "DEMO-010": "expired",  # ended in 2025, awaiting re-evaluation
    "DEMO-033": "expiring",  # ends within a month of the day the demo is loaded
    "DEMO-041": "revoked",  # revoked by the province
}

# Label facts (Decree 43/2017) for a few food and drink products; sample values.
LABEL_FACTS = {
    "DEMO-001": {
        "net_quantity": "500 g",
        "ingredients": "Gạo tẻ Khang Dân, nước",
        "shelf_life": "12 tháng kể từ ngày sản xuất",
        "storage_instructions": "Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
        "usage_instructions": "Trần qua nước sôi 1–2 phút; dùng xào, nấu canh hoặc trộn.",
        "origin": "Phường Vân Phú, tỉnh Phú Thọ",
        "food_safety_certificate": "25/2024/ATTP-CNĐK (mẫu)",
        "gtin": "8934563138165",
    },
    "DEMO-008": {
        "net_quantity": "500 ml",
        "ingredients": "100% mật ong rừng",
        "shelf_life": "24 tháng",
        "storage_instructions": "Đậy kín nắp, để nơi thoáng mát; không cần bảo quản lạnh.",
        "usage_instructions": "Pha với nước ấm (dưới 60 °C) hoặc dùng trực tiếp.",
        "origin": "Xã Tân Sơn, tỉnh Phú Thọ",
        "food_safety_certificate": "31/2025/ATTP-CNĐK (mẫu)",
    },
    "DEMO-033": {
        "net_quantity": "500 ml",
        "ingredients": "Cá suối, muối biển",
        "shelf_life": "18 tháng",
        "storage_instructions": "Để nơi khô ráo, thoáng mát.",
        "usage_instructions": "Dùng làm nước chấm hoặc nêm nếm.",
        "origin": "Phường Việt Trì, tỉnh Phú Thọ",
    },
}

# Second producer login (the first, nhasanxuat@, runs HTX Hùng Lô): a producer sees only their own orders.
PRODUCER_LOGINS = {
    "nhasanxuat@demo.ocop.vn": "htx-hung-lo",
    "nhasanxuat2@demo.ocop.vn": "cty-che-thanh-ba",
}
EXTRA_PRODUCER_USERS = [("nhasanxuat2@demo.ocop.vn", "Chè", "Thanh Ba", "producer")]

# OCOP sales points: slug, name, ward/commune code, street, hours, phone, producers that hand out orders there.
SALES_POINTS = [
    (
        "diem-ban-ocop-viet-tri",
        "Trung tâm giới thiệu sản phẩm OCOP Việt Trì (mẫu)",
        "07900",
        "Số 1 đường Hùng Vương",
        "7:30–21:00 hằng ngày",
        "0210 3840 000",
        ["htx-hung-lo", "cty-che-thanh-ba", "hkd-mat-ong-tan-son", "hkd-banh-viet-tri"],
    ),
    (
        "diem-ban-ocop-thanh-mieu",
        "Điểm bán sản phẩm OCOP Thanh Miếu (mẫu)",
        "07909",
        "Phố Lò Lợn",
        "8:00–18:00, thứ Hai – thứ Bảy",
        "0210 3850 000",
        ["tht-rau-thanh-mieu", "htx-buoi-doan-hung", "htx-hung-lo"],
    ),
]

# Sample purchases by the demo shopper: (products as (sku, quantity), payment method, final status of each order).
DEMO_PURCHASES = [
    ([("DEMO-001", 2), ("DEMO-004", 1)], "cod", OrderStatus.PENDING),
    ([("DEMO-002", 3)], "cod", OrderStatus.CONFIRMED),
    ([("DEMO-005", 1), ("DEMO-003", 1)], "cod", OrderStatus.PACKED),
    ([("DEMO-001", 1)], "cod", OrderStatus.SHIPPED),
    ([("DEMO-006", 2), ("DEMO-002", 1)], "cod", OrderStatus.DELIVERED),
    ([("DEMO-003", 1)], "cod", OrderStatus.CANCELLED),
    ([("DEMO-004", 2)], "vietqr", OrderStatus.AWAITING_PAYMENT),
]
