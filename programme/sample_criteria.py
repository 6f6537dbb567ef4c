"""The sample criteria set shipped with the software, as plain data (read by migration 0004 and by the template).

The part structure is the real one of Decision 148/QĐ-TTg (24/02/2023): A "Sản phẩm và sức mạnh cộng đồng" 40
points (tổ chức sản xuất; phát triển sản phẩm; sức mạnh cộng đồng), B "Khả năng tiếp thị" 25 (tiếp thị; câu
chuyện sản phẩm), C "Chất lượng sản phẩm" 35 (chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo; tiêu chuẩn sản phẩm;
khả năng xuất khẩu/phân phối quốc tế). The wording of the criteria and answers below is SAMPLE TEXT written for
the software: an officer replaces it by importing the official annex (Phụ lục) for each product set as XLSX.

It scores the product sets of the food group (Thực phẩm): its knock-out criteria (a food-safety certificate, a
quality self-declaration) are food rules. Other groups need their own sets, imported from their annexes.

Plain Python data only (no models): migrations import this module.
"""

import datetime

# "mẫu": the name itself says the wording is sample text; the screens and the XLSX say it again (``is_sample``).
NAME = "Bộ tiêu chí mẫu theo Quyết định 148/QĐ-TTg (2023)"
LEGAL_BASIS = "Quyết định 148/QĐ-TTg, 2023"
VALID_FROM = datetime.date(2023, 2, 24)
VALID_UNTIL = None
IS_SAMPLE = True
# The product sets it scores: every set of these groups (keys of catalogue.groups.OCOP_GROUPS).
GROUP_KEYS = ("food",)

# Parts: (code, title, max points, groups); groups: (title, criteria);
# criteria: (code, text, max points, knock-out, answers); answers: (text, points, fails the knock-out).
PARTS = [
    (
        "A",
        "Sản phẩm và sức mạnh cộng đồng",
        40,
        [
            (
                "Tổ chức sản xuất",
                [
                    (
                        "A1.1",
                        "Nguồn nguyên liệu",
                        5,
                        False,
                        [
                            ("Không chứng minh được nguồn gốc nguyên liệu", 0, False),
                            ("Dưới 50% nguyên liệu từ địa phương, có nguồn gốc rõ ràng", 2, False),
                            ("Từ 50% nguyên liệu trở lên từ địa phương, có hợp đồng cung ứng", 4, False),
                            ("Toàn bộ nguyên liệu từ vùng nguyên liệu của địa phương được chứng nhận", 5, False),
                        ],
                    ),
                    (
                        "A1.2",
                        "Gia tăng giá trị của sản phẩm",
                        3,
                        False,
                        [
                            ("Sản phẩm thô, chưa sơ chế", 0, False),
                            ("Có sơ chế, phân loại", 1, False),
                            ("Có chế biến", 2, False),
                            ("Chế biến sâu, tạo nhiều giá trị gia tăng", 3, False),
                        ],
                    ),
                    (
                        "A1.3",
                        "Công suất và quy mô sản xuất",
                        3,
                        False,
                        [
                            ("Sản xuất nhỏ lẻ, không ổn định", 0, False),
                            ("Đáp ứng được đơn hàng nhỏ, trong tỉnh", 1, False),
                            ("Sản xuất ổn định, đáp ứng đơn hàng ngoài tỉnh", 2, False),
                            ("Quy mô lớn, đáp ứng đơn hàng lớn và xuất khẩu", 3, False),
                        ],
                    ),
                    (
                        "A1.4",
                        "Liên kết sản xuất",
                        4,
                        False,
                        [
                            ("Không có liên kết", 0, False),
                            ("Có liên kết, không có hợp đồng", 1, False),
                            ("Có hợp đồng liên kết với hộ sản xuất", 2, False),
                            ("Có chuỗi liên kết sản xuất và tiêu thụ từ 5 hộ trở lên", 4, False),
                        ],
                    ),
                    (
                        "A1.5",
                        "Bảo vệ môi trường trong quá trình sản xuất",
                        3,
                        False,
                        [
                            ("Không có cam kết hoặc kế hoạch bảo vệ môi trường", 0, False),
                            ("Có cam kết hoặc kế hoạch bảo vệ môi trường", 1, False),
                            ("Có xử lý chất thải theo quy định", 2, False),
                            ("Có đánh giá tác động môi trường, xử lý chất thải đạt chuẩn", 3, False),
                        ],
                    ),
                ],
            ),
            (
                "Phát triển sản phẩm",
                [
                    (
                        "A2.1",
                        "Tính mới, sáng tạo của sản phẩm",
                        3,
                        False,
                        [
                            ("Không có cải tiến", 0, False),
                            ("Có cải tiến nhỏ về mẫu mã, bao bì", 1, False),
                            ("Có cải tiến về chất lượng, công nghệ", 2, False),
                            ("Sản phẩm mới, sáng tạo, có giá trị cao", 3, False),
                        ],
                    ),
                    (
                        "A2.2",
                        "Bao bì và nhãn hàng hóa",
                        4,
                        False,
                        [
                            ("Không có bao bì hoặc nhãn", 0, False),
                            ("Có bao bì, nhãn chưa đúng quy định", 1, False),
                            ("Bao bì, nhãn đúng quy định về nhãn hàng hóa", 3, False),
                            ("Bao bì, nhãn đúng quy định, thân thiện môi trường và có thiết kế riêng", 4, False),
                        ],
                    ),
                    (
                        "A2.3",
                        "Truy xuất nguồn gốc sản phẩm",
                        3,
                        False,
                        [
                            ("Không có hệ thống truy xuất nguồn gốc", 0, False),
                            ("Có ghi chép, truy xuất được trong nội bộ", 1, False),
                            ("Có tem truy xuất nguồn gốc (mã QR) cho từng lô", 3, False),
                        ],
                    ),
                    (
                        "A2.4",
                        "Sở hữu trí tuệ (nhãn hiệu)",
                        2,
                        False,
                        [
                            ("Chưa nộp đơn đăng ký nhãn hiệu", 0, False),
                            ("Đã nộp đơn đăng ký nhãn hiệu", 1, False),
                            ("Có giấy chứng nhận đăng ký nhãn hiệu", 2, False),
                        ],
                    ),
                ],
            ),
            (
                "Sức mạnh cộng đồng",
                [
                    (
                        "A3.1",
                        "Loại hình tổ chức sản xuất",
                        3,
                        False,
                        [
                            ("Hộ gia đình chưa đăng ký kinh doanh", 0, False),
                            ("Hộ kinh doanh có đăng ký", 1, False),
                            ("Doanh nghiệp", 2, False),
                            ("Hợp tác xã, tổ hợp tác có đông thành viên tham gia", 3, False),
                        ],
                    ),
                    (
                        "A3.2",
                        "Sử dụng lao động địa phương",
                        2,
                        False,
                        [
                            ("Dưới 30% lao động là người địa phương", 0, False),
                            ("Từ 30% đến dưới 50% lao động là người địa phương", 1, False),
                            ("Từ 50% lao động trở lên là người địa phương", 2, False),
                        ],
                    ),
                    (
                        "A3.3",
                        "Năng lực của người quản lý, điều hành",
                        3,
                        False,
                        [
                            ("Chưa qua đào tạo", 0, False),
                            ("Đã tham gia tập huấn OCOP hoặc quản trị kinh doanh", 1, False),
                            ("Có trình độ trung cấp trở lên phù hợp với sản xuất", 2, False),
                            ("Có trình độ đại học trở lên và kinh nghiệm quản lý", 3, False),
                        ],
                    ),
                    (
                        "A3.4",
                        "Hệ thống sổ sách kế toán",
                        2,
                        False,
                        [
                            ("Không có sổ sách kế toán", 0, False),
                            ("Có sổ sách ghi chép thu chi", 1, False),
                            ("Có kế toán theo quy định", 2, False),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        "B",
        "Khả năng tiếp thị",
        25,
        [
            (
                "Tiếp thị",
                [
                    (
                        "B1.1",
                        "Kênh phân phối sản phẩm",
                        5,
                        False,
                        [
                            ("Chỉ bán tại nơi sản xuất", 0, False),
                            ("Phân phối trong tỉnh", 2, False),
                            ("Phân phối ngoài tỉnh", 3, False),
                            ("Phân phối toàn quốc và trên sàn thương mại điện tử", 5, False),
                        ],
                    ),
                    (
                        "B1.2",
                        "Kế hoạch kinh doanh",
                        4,
                        False,
                        [
                            ("Không có kế hoạch kinh doanh", 0, False),
                            ("Có kế hoạch kinh doanh đơn giản", 2, False),
                            ("Có kế hoạch kinh doanh chi tiết, được thực hiện và theo dõi", 4, False),
                        ],
                    ),
                    (
                        "B1.3",
                        "Quảng bá sản phẩm, thương mại điện tử",
                        4,
                        False,
                        [
                            ("Không có hoạt động quảng bá", 0, False),
                            ("Có tờ rơi, tài liệu giới thiệu", 1, False),
                            ("Có trang mạng xã hội, website giới thiệu sản phẩm", 3, False),
                            ("Bán hàng trực tuyến, tham gia hội chợ, livestream thường xuyên", 4, False),
                        ],
                    ),
                    (
                        "B1.4",
                        "Tăng trưởng doanh thu",
                        3,
                        False,
                        [
                            ("Doanh thu giảm hoặc không theo dõi", 0, False),
                            ("Doanh thu ổn định", 1, False),
                            ("Doanh thu tăng dưới 10% mỗi năm", 2, False),
                            ("Doanh thu tăng từ 10% mỗi năm trở lên", 3, False),
                        ],
                    ),
                ],
            ),
            (
                "Câu chuyện sản phẩm",
                [
                    (
                        "B2.1",
                        "Có câu chuyện về sản phẩm",
                        3,
                        False,
                        [
                            ("Không có câu chuyện sản phẩm", 0, False),
                            ("Có câu chuyện sản phẩm nhưng sơ sài", 1, False),
                            ("Có câu chuyện sản phẩm đầy đủ bằng văn bản", 3, False),
                        ],
                    ),
                    (
                        "B2.2",
                        "Tính hấp dẫn và trung thực của câu chuyện",
                        3,
                        False,
                        [
                            ("Không hấp dẫn hoặc không đúng sự thật", 0, False),
                            ("Có nội dung về lịch sử, văn hóa địa phương", 2, False),
                            ("Hấp dẫn, gắn với văn hóa và con người địa phương, có tư liệu chứng minh", 3, False),
                        ],
                    ),
                    (
                        "B2.3",
                        "Thể hiện câu chuyện trên bao bì, tài liệu quảng bá",
                        3,
                        False,
                        [
                            ("Không thể hiện", 0, False),
                            ("Thể hiện trên tài liệu quảng bá", 2, False),
                            ("Thể hiện trên bao bì và tài liệu quảng bá", 3, False),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        "C",
        "Chất lượng sản phẩm",
        35,
        [
            (
                "Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo",
                [
                    (
                        "C1.1",
                        "Tính đặc trưng, độc đáo của sản phẩm",
                        5,
                        False,
                        [
                            ("Không có tính đặc trưng", 0, False),
                            ("Có tính đặc trưng nhưng không nổi bật", 2, False),
                            ("Có tính đặc trưng rõ, gắn với vùng sản xuất", 4, False),
                            ("Độc đáo, chỉ có ở địa phương", 5, False),
                        ],
                    ),
                    (
                        "C1.2",
                        "Chỉ tiêu cảm quan (màu sắc, mùi, vị, trạng thái)",
                        5,
                        False,
                        [
                            ("Có lỗi về cảm quan", 0, False),
                            ("Đạt yêu cầu", 2, False),
                            ("Tốt", 4, False),
                            ("Rất tốt, hài hòa, hấp dẫn", 5, False),
                        ],
                    ),
                    (
                        "C1.3",
                        "Giá trị dinh dưỡng",
                        3,
                        False,
                        [
                            ("Không công bố giá trị dinh dưỡng", 0, False),
                            ("Có công bố giá trị dinh dưỡng trên nhãn", 2, False),
                            ("Có giá trị dinh dưỡng cao, được kiểm nghiệm xác nhận", 3, False),
                        ],
                    ),
                ],
            ),
            (
                "Tiêu chuẩn sản phẩm",
                [
                    (
                        "C2.1",
                        "Có bản tự công bố chất lượng",
                        3,
                        True,
                        [
                            ("Không", 0, True),
                            ("Có", 3, False),
                        ],
                    ),
                    (
                        "C2.2",
                        "Có giấy chứng nhận đủ điều kiện an toàn thực phẩm",
                        3,
                        True,
                        [
                            ("Không", 0, True),
                            ("Có", 3, False),
                        ],
                    ),
                    (
                        "C2.3",
                        "Hệ thống quản lý chất lượng",
                        5,
                        False,
                        [
                            ("Không áp dụng", 0, False),
                            ("Đang xây dựng hệ thống quản lý chất lượng", 1, False),
                            ("Áp dụng VietGAP, GMP hoặc tương đương", 3, False),
                            ("Được chứng nhận HACCP, ISO 22000 hoặc tương đương", 5, False),
                        ],
                    ),
                    (
                        "C2.4",
                        "Kiểm tra định kỳ chất lượng sản phẩm",
                        4,
                        False,
                        [
                            ("Không kiểm nghiệm", 0, False),
                            ("Có phiếu kết quả kiểm nghiệm khi công bố", 2, False),
                            ("Kiểm nghiệm định kỳ hằng năm tại phòng thí nghiệm được công nhận", 4, False),
                        ],
                    ),
                ],
            ),
            (
                "Khả năng xuất khẩu/phân phối quốc tế",
                [
                    (
                        "C3.1",
                        "Sản phẩm đã xuất khẩu hoặc phân phối quốc tế",
                        4,
                        False,
                        [
                            ("Chưa xuất khẩu", 0, False),
                            ("Đã có hợp đồng xuất khẩu thử", 2, False),
                            ("Xuất khẩu thường xuyên", 4, False),
                        ],
                    ),
                    (
                        "C3.2",
                        "Đáp ứng yêu cầu của thị trường nhập khẩu (mã số mã vạch, nhãn tiếng nước ngoài)",
                        3,
                        False,
                        [
                            ("Chưa đáp ứng", 0, False),
                            ("Có mã số mã vạch", 1, False),
                            ("Có mã số mã vạch và nhãn phụ bằng tiếng nước ngoài", 2, False),
                            ("Đáp ứng tiêu chuẩn của thị trường nhập khẩu", 3, False),
                        ],
                    ),
                ],
            ),
        ],
    ),
]
