"""The six OCOP product groups and their product sets (Decision 148/QĐ-TTg), as data.

Kept as data, not constants in code: a later decision may restate them.
Each entry: (key, Vietnamese name, English name, [sets as (key, vi, en)]).
"""

OCOP_GROUPS = [
    (
        "food",
        "Thực phẩm",
        "Food",
        [
            ("fresh-produce", "Rau, củ, quả, hạt tươi", "Fresh vegetables, fruit and nuts"),
            ("fresh-meat-fish", "Thịt, cá, trứng, sữa tươi", "Fresh meat, fish, eggs and milk"),
            ("rice-cereals", "Gạo, ngũ cốc", "Rice and cereals"),
            ("honey-farm-foods", "Mật ong, nông sản khác", "Honey and other farm foods"),
            ("processed-foods", "Thực phẩm chế biến", "Processed foods"),
            ("sauces-spices", "Nước mắm, nước chấm, gia vị", "Fish sauce, sauces and spices"),
            ("tea", "Chè", "Tea"),
            ("herbal-teas", "Trà từ thực vật khác", "Teas from other plants"),
            ("coffee-cocoa", "Cà phê, ca cao", "Coffee and cocoa"),
        ],
    ),
    (
        "beverages",
        "Đồ uống",
        "Beverages",
        [
            ("rice-spirit", "Rượu trắng", "White rice spirit"),
            ("other-alcoholic", "Đồ uống có cồn khác", "Other alcoholic drinks"),
            ("bottled-water", "Nước khoáng, nước uống đóng chai", "Mineral and bottled water"),
            ("other-drinks", "Đồ uống không cồn khác", "Other non-alcoholic drinks"),
        ],
    ),
    (
        "herbal",
        "Thảo dược",
        "Herbal products",
        [
            ("functional-medicine", "Thực phẩm chức năng, thuốc dược liệu", "Functional foods and traditional medicines"),
            ("herbal-cosmetics", "Mỹ phẩm từ thảo dược", "Herbal cosmetics"),
            ("essential-oils", "Tinh dầu, thảo dược khác", "Essential oils and other herbs"),
        ],
    ),
    (
        "handicrafts",
        "Thủ công mỹ nghệ",
        "Handicrafts and textiles",
        [
            ("household-decor", "Đồ gia dụng, trang trí", "Household and decorative crafts"),
            ("textiles", "Vải, may mặc", "Textiles and garments"),
        ],
    ),
    (
        "ornamental",
        "Hoa, cây cảnh, sinh vật cảnh",
        "Flowers, ornamental plants and animals",
        [
            ("flowers", "Hoa", "Flowers"),
            ("ornamental-plants", "Cây cảnh", "Ornamental plants"),
            ("ornamental-animals", "Động vật cảnh", "Ornamental animals"),
        ],
    ),
    (
        "tourism",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community tourism, eco-tourism and tourist sites",
        [
            ("community-tourism", "Du lịch cộng đồng, sinh thái", "Community and eco-tourism services"),
        ],
    ),
]
