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

# The parts, as a table: a part "code | title | max points" at the margin; its groups' titles indented by two
# spaces; a group's criteria "code | text | max points [| knock-out]" by four; a criterion's answers
# "text | points [| fails]" (fails: the answer fails the knock-out criterion) by six.
TABLE = """
A | Sản phẩm và sức mạnh cộng đồng | 40
  Tổ chức sản xuất
    A1.1 | Nguồn nguyên liệu | 5
      Không chứng minh được nguồn gốc nguyên liệu | 0
      Dưới 50% nguyên liệu từ địa phương, có nguồn gốc rõ ràng | 2
      Từ 50% nguyên liệu trở lên từ địa phương, có hợp đồng cung ứng | 4
      Toàn bộ nguyên liệu từ vùng nguyên liệu của địa phương được chứng nhận | 5
    A1.2 | Gia tăng giá trị của sản phẩm | 3
      Sản phẩm thô, chưa sơ chế | 0
      Có sơ chế, phân loại | 1
      Có chế biến | 2
      Chế biến sâu, tạo nhiều giá trị gia tăng | 3
    A1.3 | Công suất và quy mô sản xuất | 3
      Sản xuất nhỏ lẻ, không ổn định | 0
      Đáp ứng được đơn hàng nhỏ, trong tỉnh | 1
      Sản xuất ổn định, đáp ứng đơn hàng ngoài tỉnh | 2
      Quy mô lớn, đáp ứng đơn hàng lớn và xuất khẩu | 3
    A1.4 | Liên kết sản xuất | 4
      Không có liên kết | 0
      Có liên kết, không có hợp đồng | 1
      Có hợp đồng liên kết với hộ sản xuất | 2
      Có chuỗi liên kết sản xuất và tiêu thụ từ 5 hộ trở lên | 4
    A1.5 | Bảo vệ môi trường trong quá trình sản xuất | 3
      Không có cam kết hoặc kế hoạch bảo vệ môi trường | 0
      Có cam kết hoặc kế hoạch bảo vệ môi trường | 1
      Có xử lý chất thải theo quy định | 2
      Có đánh giá tác động môi trường, xử lý chất thải đạt chuẩn | 3
  Phát triển sản phẩm
    A2.1 | Tính mới, sáng tạo của sản phẩm | 3
      Không có cải tiến | 0
      Có cải tiến nhỏ về mẫu mã, bao bì | 1
      Có cải tiến về chất lượng, công nghệ | 2
      Sản phẩm mới, sáng tạo, có giá trị cao | 3
    A2.2 | Bao bì và nhãn hàng hóa | 4
      Không có bao bì hoặc nhãn | 0
      Có bao bì, nhãn chưa đúng quy định | 1
      Bao bì, nhãn đúng quy định về nhãn hàng hóa | 3
      Bao bì, nhãn đúng quy định, thân thiện môi trường và có thiết kế riêng | 4
    A2.3 | Truy xuất nguồn gốc sản phẩm | 3
      Không có hệ thống truy xuất nguồn gốc | 0
      Có ghi chép, truy xuất được trong nội bộ | 1
      Có tem truy xuất nguồn gốc (mã QR) cho từng lô | 3
    A2.4 | Sở hữu trí tuệ (nhãn hiệu) | 2
      Chưa nộp đơn đăng ký nhãn hiệu | 0
      Đã nộp đơn đăng ký nhãn hiệu | 1
      Có giấy chứng nhận đăng ký nhãn hiệu | 2
  Sức mạnh cộng đồng
    A3.1 | Loại hình tổ chức sản xuất | 3
      Hộ gia đình chưa đăng ký kinh doanh | 0
      Hộ kinh doanh có đăng ký | 1
      Doanh nghiệp | 2
      Hợp tác xã, tổ hợp tác có đông thành viên tham gia | 3
    A3.2 | Sử dụng lao động địa phương | 2
      Dưới 30% lao động là người địa phương | 0
      Từ 30% đến dưới 50% lao động là người địa phương | 1
      Từ 50% lao động trở lên là người địa phương | 2
    A3.3 | Năng lực của người quản lý, điều hành | 3
      Chưa qua đào tạo | 0
      Đã tham gia tập huấn OCOP hoặc quản trị kinh doanh | 1
      Có trình độ trung cấp trở lên phù hợp với sản xuất | 2
      Có trình độ đại học trở lên và kinh nghiệm quản lý | 3
    A3.4 | Hệ thống sổ sách kế toán | 2
      Không có sổ sách kế toán | 0
      Có sổ sách ghi chép thu chi | 1
      Có kế toán theo quy định | 2
B | Khả năng tiếp thị | 25
  Tiếp thị
    B1.1 | Kênh phân phối sản phẩm | 5
      Chỉ bán tại nơi sản xuất | 0
      Phân phối trong tỉnh | 2
      Phân phối ngoài tỉnh | 3
      Phân phối toàn quốc và trên sàn thương mại điện tử | 5
    B1.2 | Kế hoạch kinh doanh | 4
      Không có kế hoạch kinh doanh | 0
      Có kế hoạch kinh doanh đơn giản | 2
      Có kế hoạch kinh doanh chi tiết, được thực hiện và theo dõi | 4
    B1.3 | Quảng bá sản phẩm, thương mại điện tử | 4
      Không có hoạt động quảng bá | 0
      Có tờ rơi, tài liệu giới thiệu | 1
      Có trang mạng xã hội, website giới thiệu sản phẩm | 3
      Bán hàng trực tuyến, tham gia hội chợ, livestream thường xuyên | 4
    B1.4 | Tăng trưởng doanh thu | 3
      Doanh thu giảm hoặc không theo dõi | 0
      Doanh thu ổn định | 1
      Doanh thu tăng dưới 10% mỗi năm | 2
      Doanh thu tăng từ 10% mỗi năm trở lên | 3
  Câu chuyện sản phẩm
    B2.1 | Có câu chuyện về sản phẩm | 3
      Không có câu chuyện sản phẩm | 0
      Có câu chuyện sản phẩm nhưng sơ sài | 1
      Có câu chuyện sản phẩm đầy đủ bằng văn bản | 3
    B2.2 | Tính hấp dẫn và trung thực của câu chuyện | 3
      Không hấp dẫn hoặc không đúng sự thật | 0
      Có nội dung về lịch sử, văn hóa địa phương | 2
      Hấp dẫn, gắn với văn hóa và con người địa phương, có tư liệu chứng minh | 3
    B2.3 | Thể hiện câu chuyện trên bao bì, tài liệu quảng bá | 3
      Không thể hiện | 0
      Thể hiện trên tài liệu quảng bá | 2
      Thể hiện trên bao bì và tài liệu quảng bá | 3
C | Chất lượng sản phẩm | 35
  Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo
    C1.1 | Tính đặc trưng, độc đáo của sản phẩm | 5
      Không có tính đặc trưng | 0
      Có tính đặc trưng nhưng không nổi bật | 2
      Có tính đặc trưng rõ, gắn với vùng sản xuất | 4
      Độc đáo, chỉ có ở địa phương | 5
    C1.2 | Chỉ tiêu cảm quan (màu sắc, mùi, vị, trạng thái) | 5
      Có lỗi về cảm quan | 0
      Đạt yêu cầu | 2
      Tốt | 4
      Rất tốt, hài hòa, hấp dẫn | 5
    C1.3 | Giá trị dinh dưỡng | 3
      Không công bố giá trị dinh dưỡng | 0
      Có công bố giá trị dinh dưỡng trên nhãn | 2
      Có giá trị dinh dưỡng cao, được kiểm nghiệm xác nhận | 3
  Tiêu chuẩn sản phẩm
    C2.1 | Có bản tự công bố chất lượng | 3 | knock-out
      Không | 0 | fails
      Có | 3
    C2.2 | Có giấy chứng nhận đủ điều kiện an toàn thực phẩm | 3 | knock-out
      Không | 0 | fails
      Có | 3
    C2.3 | Hệ thống quản lý chất lượng | 5
      Không áp dụng | 0
      Đang xây dựng hệ thống quản lý chất lượng | 1
      Áp dụng VietGAP, GMP hoặc tương đương | 3
      Được chứng nhận HACCP, ISO 22000 hoặc tương đương | 5
    C2.4 | Kiểm tra định kỳ chất lượng sản phẩm | 4
      Không kiểm nghiệm | 0
      Có phiếu kết quả kiểm nghiệm khi công bố | 2
      Kiểm nghiệm định kỳ hằng năm tại phòng thí nghiệm được công nhận | 4
  Khả năng xuất khẩu/phân phối quốc tế
    C3.1 | Sản phẩm đã xuất khẩu hoặc phân phối quốc tế | 4
      Chưa xuất khẩu | 0
      Đã có hợp đồng xuất khẩu thử | 2
      Xuất khẩu thường xuyên | 4
    C3.2 | Đáp ứng yêu cầu của thị trường nhập khẩu (mã số mã vạch, nhãn tiếng nước ngoài) | 3
      Chưa đáp ứng | 0
      Có mã số mã vạch | 1
      Có mã số mã vạch và nhãn phụ bằng tiếng nước ngoài | 2
      Đáp ứng tiêu chuẩn của thị trường nhập khẩu | 3
"""


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|")]


def parts_from_table(table: str) -> list:
    """``table`` as nested data: parts (code, title, max points, groups); groups (title, criteria); criteria (code,
    text, max points, knock-out, answers); answers (text, points, fails the knock-out)."""
    parts = []
    for line in table.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        cells = _cells(line)
        if depth == 0:
            code, title, max_points = cells
            parts.append((code, title, int(max_points), []))
        elif depth == 1:
            parts[-1][3].append((cells[0], []))
        elif depth == 2:
            code, text, max_points, *flags = cells
            parts[-1][3][-1][1].append((code, text, int(max_points), flags == ["knock-out"], []))
        else:
            text, points, *flags = cells
            parts[-1][3][-1][1][-1][4].append((text, int(points), flags == ["fails"]))
    return parts


PARTS = parts_from_table(TABLE)
