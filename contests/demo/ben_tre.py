"""Seed 000: Bến Tre 2024, the trade union's contest on digital transformation
(five weekly rounds, weekly individual prizes, a collective prize by participation
rate and prizes won, and a video-clip part: videos/demo.py)."""

from __future__ import annotations

import datetime

from accounts.models import Unit

from . import filling as fill
from .filling import COL, IND, PER_ROUND, WHOLE, G

SLUG = "ben-tre-2024"
RULES = (
    "1. Đối tượng: Cán bộ công đoàn chuyên trách, đoàn viên công đoàn, "
    "CNVCLĐ trong hệ thống Công đoàn tỉnh Bến Tre (trừ các đồng chí trong "
    "Ban Tổ chức, Ban Giám khảo và Tổ giúp việc).\n"
    "2. Hình thức thi: Thi trắc nghiệm trực tuyến.\n"
    "3. Thời gian: 05 tuần từ ngày 10/6/2024 đến ngày 14/7/2024; bắt đầu "
    "vào thi lúc 08 giờ ngày thứ Hai và kết thúc lúc 24 giờ ngày Chủ nhật "
    "hàng tuần.\n"
    "4. Giải cá nhân: Mỗi tuần 03 giải (01 giải nhất, 01 giải nhì, 01 giải "
    "ba) cho 03 thí sinh đạt kết quả cao nhất.\n"
    "5. Giải tập thể: trao cho các công đoàn cấp trên trực tiếp cơ sở căn "
    "cứ vào số lượng thí sinh tham gia (tính tỷ lệ phần trăm trên tổng số "
    "cán bộ, công chức, người lao động của đơn vị) và số lần đạt giải cá "
    "nhân của các đơn vị qua các lần thi."
)
BADGE = "Tặng kèm biểu trưng."
TIERS = [
    dict(part=IND, scope=PER_ROUND, position=0, name="Giải Nhất", count=1,
         amount_vnd=1_000_000, note=BADGE),
    dict(part=IND, scope=PER_ROUND, position=1, name="Giải Nhì", count=1,
         amount_vnd=800_000, note=BADGE),
    dict(part=IND, scope=PER_ROUND, position=2, name="Giải Ba", count=1,
         amount_vnd=600_000, note=BADGE),
    dict(part=COL, scope=WHOLE, position=0, name="Giải Nhất", count=1,
         amount_vnd=2_000_000, note=BADGE),
    dict(part=COL, scope=WHOLE, position=1, name="Giải Nhì", count=1,
         amount_vnd=1_500_000, note=BADGE),
    dict(part=COL, scope=WHOLE, position=2, name="Giải Ba", count=1,
         amount_vnd=1_000_000, note=BADGE),
]  # fmt: skip
DOCUMENTS = [
    "Luật Công nghệ thông tin ngày 29/6/2006.",
    "Luật An toàn thông tin mạng ngày 19/11/2015.",
    "Luật An ninh mạng ngày 12/6/2018.",
    "Luật Giao dịch điện tử ngày 22/6/2023.",
    "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê "
    "duyệt “Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng "
    "đến năm 2030”.",
    "Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ phê "
    "duyệt chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số "
    "giai đoạn 2021 - 2025, định hướng năm 2030.",
    "Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê "
    "duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác "
    "thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, "
    "tầm nhìn đến năm 2030.",
    "Quyết định số 411/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ phê "
    "duyệt Chiến lược quốc gia phát triển kinh tế số đến năm 2025, định "
    "hướng đến năm 2030.",
    "Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ quy định về "
    "việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà "
    "nước trên môi trường mạng.",
    "Quyết định số 924/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ phê "
    "duyệt Chương trình chuyển đổi số trong xây dựng nông thôn mới, hướng "
    "tới nông thôn mới thông minh giai đoạn 2021 - 2025.",
    "Nghị quyết số 01-NQ/TU ngày 20/10/2020 của Tỉnh ủy Bến Tre về chuyển "
    "đổi số tỉnh Bến Tre giai đoạn 2020 - 2025, tầm nhìn đến năm 2030.",
    "Quyết định số 2581/QĐ-UBND ngày 09/10/2020 của Ủy ban nhân dân tỉnh "
    "Bến Tre về việc Phê duyệt Đề án chuyển đổi số tỉnh Bến Tre giai đoạn "
    "2020 - 2025, tầm nhìn đến năm 2030.",
    "Quyết định số 34/QĐ-UBND ngày 07/01/2021 của Ủy ban nhân dân tỉnh Bến "
    "Tre về việc phê duyệt Kiến trúc Chính phủ điện tử tỉnh Bến Tre, phiên "
    "bản 2.0.",
    "Kế hoạch số 6748/KH-UBND ngày 21/10/2022 của Ủy ban nhân dân tỉnh Bến "
    "Tre về xây dựng Chính quyền số, phát triển kinh tế số và xã hội số "
    "trên địa bàn tỉnh Bến Tre đến năm 2025, định hướng đến năm 2030.",
    "Quyết định số 288/QĐ-UBND ngày 08/02/2024 của Ủy ban nhân dân tỉnh Bến "
    "Tre về việc điều chỉnh danh mục nhiệm vụ thực hiện Đề án chuyển đổi số "
    "tỉnh Bến Tre giai đoạn 2020 - 2025, tầm nhìn đến năm 2030.",
    "Cẩm nang chuyển đổi số; sự khác nhau giữa công nghệ thông tin và chuyển đổi số.",
    "Các Văn bản chỉ đạo, kế hoạch, hướng dẫn xây dựng chính quyền điện tử, "
    "CĐS do Bộ Thông tin và Truyền thông và UBND tỉnh ban hành từ năm 2020 "
    "đến nay.",
    "Chương trình số 07/CTr-LĐLĐ ngày 26/02/2024 của Liên đoàn Lao động tỉnh "
    "Bến Tre về chuyển đổi số trong hệ thống Công đoàn tỉnh Bến Tre giai "
    "đoạn 2023 - 2028, định hướng đến năm 2030.",
]


def seed(stdout) -> None:
    province = fill.unit(Unit.Kind.PROVINCE, "Bến Tre")
    contest = fill.contest(
        SLUG,
        title="Cuộc thi tìm hiểu về Chuyển đổi số năm 2024",
        organizer_name=(
            "Liên đoàn Lao động tỉnh Bến Tre phối hợp Sở Thông tin và Truyền thông"
        ),
        description=(
            "Kế hoạch phối hợp số /KHPH-LĐLĐ-STTTT. Gồm 02 phần: Phần 1 tìm hiểu "
            "kiến thức về chuyển đổi số (thi trắc nghiệm trực tuyến); Phần 2 video "
            "clip chuyển đổi số."
        ),
        rules=RULES,
        is_published=True,
        allowed_groups=[G.OFFICIAL, G.WORKER],
        unit_root=province,
        allow_no_unit=False,
        collective_unit_kind=Unit.Kind.UPPER,
        collective_order=["rate", "prizes"],
    )
    fill.schedule(contest, kind="weekly", start=datetime.date(2024, 6, 10), count=5)
    fill.tiers(contest, TIERS)
    fill.documents(contest, DOCUMENTS)
    stdout.write(
        "  Bến Tre 2024: 5 tuần 10/6-14/7/2024; phạm vi đơn vị: "
        f"{province or 'chưa có đơn vị tỉnh trong danh mục (để trống)'}"
    )
