"""Seeds 001 to 004: Bắc Kạn 2023, Thanh Hóa 2024, Đắk Lắk 2023 (whose in-person
final is live/demo.py) and Bắc Sơn 2023, configured as their plans state."""

from __future__ import annotations

import datetime

from accounts.models import Unit

from ..models import Contest
from . import filling as fill
from .filling import COL, IND, LATER, PER_ROUND, WHOLE, G

_IND_FIRST = "Bằng khen của Chủ tịch UBND tỉnh (1.800.000 đồng/Bằng khen), Giấy "
_COL_FIRST = "Bằng khen của Chủ tịch UBND tỉnh (3.600.000 đồng/Bằng khen), Giấy "
_CERT = "chứng nhận của Ban Tổ chức Cuộc thi kèm theo tiền Giải."
# Seed 003, III.1: 20 individual and 12 collective prizes over the 04 periods.
DAK_LAK_TIERS = [
    dict(part=IND, scope=PER_ROUND, position=0, name="Giải Nhất", count=1,
         note=_IND_FIRST + _CERT),
    dict(part=IND, scope=PER_ROUND, position=1, name="Giải Nhì", count=1,
         note="Giấy " + _CERT),
    dict(part=IND, scope=PER_ROUND, position=2, name="Giải Ba", count=1,
         note="Giấy " + _CERT),
    dict(part=IND, scope=PER_ROUND, position=3, name="Giải Khuyến khích",
         count=2, note="Giấy " + _CERT),
    dict(part=COL, scope=PER_ROUND, position=0, name="Giải Nhất", count=1,
         note=_COL_FIRST + _CERT),
    dict(part=COL, scope=PER_ROUND, position=1, name="Giải Nhì", count=1,
         note="Giấy " + _CERT),
    dict(part=COL, scope=PER_ROUND, position=2, name="Giải Ba", count=1,
         note="Giấy " + _CERT),
]  # fmt: skip


def bac_kan(stdout) -> None:
    contest = fill.contest(
        "bac-kan-2023",
        title="Cuộc thi trực tuyến “Tìm hiểu về chuyển đổi số tỉnh Bắc Kạn” năm 2023",
        organizer_name="Ủy ban nhân dân tỉnh Bắc Kạn",
        description=(
            "Câu hỏi được hệ thống phần mềm lựa chọn tự động, ngẫu nhiên từ ngân "
            "hàng câu hỏi. Tổng kết và trao giải cuộc thi: dự kiến ngày 10/10/2023."
        ),
        rules=(
            "1. Đối tượng dự thi: Công dân Việt Nam từ 15 tuổi trở lên, hiện đang "
            "sinh sống, làm việc và học tập trên địa bàn tỉnh Bắc Kạn, được chia "
            "thành 02 nhóm: Nhóm 1: Cán bộ, công chức, viên chức, người lao động, "
            "lực lượng vũ trang của tỉnh. Nhóm 2: Nhân dân trên địa bàn tỉnh (bao "
            "gồm học sinh, sinh viên, người lao động trong các doanh nghiệp và "
            "người dân không thuộc nhóm đối tượng 1).\n"
            "Lưu ý: Thành viên Ban Tổ chức, Tổ soạn thảo câu hỏi - đáp án Cuộc thi "
            "và Tổ thư ký giúp việc Ban Tổ chức Cuộc thi không được tham gia thi.\n"
            "2. Thời gian mở hệ thống thi trực tuyến: Từ 10/9/2023 đến hết ngày "
            "30/9/2023.\n"
            "3. Giải thưởng: Giải thưởng tập thể: 02 giải cho “Đơn vị dẫn đầu cuộc "
            "thi”. Giải thưởng cá nhân: 04 nhóm giải (gồm: Giải nhất, nhì, ba và "
            "khuyến khích). Số lượng giải thưởng, giá trị giải thưởng do Ban Tổ "
            "chức Cuộc thi quy định cụ thể tại Thể lệ cuộc thi."
        ),
        is_published=True,
        min_age=15,
        allow_no_unit=True,
    )
    fill.single_round(
        contest, "Đợt thi 10/9-30/9/2023", fill.at(2023, 9, 10), fill.at(2023, 10, 1)
    )
    fill.ranking_groups(
        contest,
        [
            {
                "name": "Nhóm 1",
                "description": "Cán bộ, công chức, viên chức, người lao động, lực "
                "lượng vũ trang của tỉnh",
                "participant_groups": [G.OFFICIAL, G.ARMED_FORCES],
            },
            {
                "name": "Nhóm 2",
                "description": "Nhân dân trên địa bàn tỉnh (học sinh, sinh viên, "
                "người lao động trong các doanh nghiệp và người dân)",
                "participant_groups": [G.WORKER, G.STUDENT, G.RESIDENT],
            },
        ],
    )
    fill.tiers(
        contest,
        [
            dict(part=IND, scope=WHOLE, position=i, name=name, count=0, note=LATER)
            for i, name in enumerate(
                ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"]
            )
        ]
        + [
            dict(part=COL, scope=WHOLE, position=0, name="Đơn vị dẫn đầu cuộc thi",
                 count=2, note="Giá trị giải do Thể lệ cuộc thi quy định."),
        ],
    )  # fmt: skip
    stdout.write("  Bắc Kạn 2023: 10/9-30/9/2023, từ 15 tuổi, 2 nhóm xếp hạng")


def thanh_hoa(stdout) -> None:
    contest = fill.contest(
        "thanh-hoa-2024",
        title="Cuộc thi trực tuyến trắc nghiệm tìm hiểu về chuyển đổi số tỉnh Thanh "
        "Hóa năm 2024",
        organizer_name="Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
        description=(
            "Hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia năm 2024. Kế hoạch "
            "nêu thời gian thực hiện từ tháng 8/2024 đến tháng 9/2024; lịch 04 tuần "
            "dưới đây bắt đầu từ thứ Hai đầu tiên của tháng 8/2024."
        ),
        rules=(
            "1. Hình thức thi: trắc nghiệm trực tuyến hằng tuần. Cuộc thi có 04 "
            "tuần thi, mỗi tuần thí sinh dự thi trả lời câu hỏi trắc nghiệm và 01 "
            "câu hỏi phụ dự đoán có bao nhiêu người trả lời đúng với đáp án. Mỗi "
            "câu hỏi có từ 03 đến 04 phương án trả lời và chỉ có duy nhất một "
            "phương án đúng.\n"
            "2. Đối tượng tham gia: Cán bộ, công chức, viên chức, đoàn viên, hội "
            "viên và các tầng lớp Nhân dân đang sinh sống, học tập và lao động trên "
            "địa bàn tỉnh Thanh Hóa (các thành viên trong Ban Tổ chức, Ban Giám "
            "khảo, Ban Đề thi, Tổ thư ký giúp việc Cuộc thi không được tham gia dự "
            "thi).\n"
            "3. Thời gian thực hiện: Từ tháng 8/2024 đến tháng 9/2024."
        ),
        is_published=True,
        allow_no_unit=True,
        prediction_enabled=True,
        prediction_target=Contest.PredictionTarget.PEOPLE_ALL_CORRECT,
        prediction_question="Dự đoán: có bao nhiêu người trả lời đúng với đáp án "
        "của tuần thi này?",
    )
    fill.schedule(contest, kind="weekly", start=datetime.date(2024, 8, 5), count=4)
    stdout.write(
        "  Thanh Hóa 2024: 4 tuần từ 05/8/2024 (Kế hoạch chỉ nêu tháng 8-9/2024), "
        "có câu hỏi dự đoán; giải tuần chưa nêu trong Kế hoạch"
    )


def dak_lak(stdout) -> None:
    contest = fill.contest(
        "dak-lak-2023",
        title="Cuộc thi tìm hiểu “Đề án 06 - Chuyển đổi số, vì lợi ích cộng đồng” "
        "trên địa bàn tỉnh Đắk Lắk năm 2023",
        organizer_name="Ủy ban nhân dân tỉnh Đắk Lắk (Công an tỉnh chủ trì)",
        description=(
            "Thi trực tuyến chia thành 04 kỳ thi, mỗi kỳ 10 ngày; hoàn thành cuộc "
            "thi trước ngày 31/12/2023. Kế hoạch giao thời gian các kỳ cho Thể lệ; "
            "lịch dưới đây là lịch mẫu trong phạm vi Kế hoạch. Thi trực tiếp “Rung "
            "chuông vàng” dự kiến 01 ngày trong tháng 12/2023."
        ),
        rules=(
            "1. Đối tượng thi trực tuyến: Cán bộ, đảng viên, công chức, viên chức, "
            "người lao động; cán bộ, chiến sĩ các lực lượng vũ trang; đoàn viên, hội "
            "viên, công đoàn viên các đoàn thể chính trị - xã hội; học sinh trung "
            "học phổ thông, sinh viên các trường Trung cấp, Cao đẳng, Đại học và các "
            "tầng lớp Nhân dân đang sinh sống, công tác, học tập trên địa bàn tỉnh "
            "Đắk Lắk. Thành viên Ban Tổ chức, Ban Giám khảo, Tổ Thư kí và Tổ giúp "
            "việc không được tham gia dự thi.\n"
            "2. Nội dung: (1) Ứng dụng định danh điện tử (VNeID); (2) Mã QR; (3) 25 "
            "dịch vụ công thiết yếu; (4) Thẻ Căn cước công dân, thiết bị đọc QR "
            "code, chíp trên thẻ; (5) Phương pháp tuyên truyền, thực hiện, hướng dẫn "
            "người dân triển khai các nội dung Đề án 06; (6) Dự thảo Luật Căn cước "
            "công dân (sửa đổi); (7) Một số nội dung khác có liên quan.\n"
            "3. Giải thưởng trực tuyến: Giải cá nhân 20 giải (04 Nhất, 04 Nhì, 04 "
            "Ba, 08 Khuyến khích); Giải tập thể 12 giải (04 Nhất, 04 Nhì, 04 Ba). "
            "Căn cứ kết quả cụ thể Cuộc thi, Ban Tổ chức có thể điều chỉnh về cơ "
            "cấu, số lượng giải thưởng cho phù hợp."
        ),
        is_published=True,
        allow_no_unit=True,
    )
    fill.schedule(
        contest,
        kind="period",
        start=datetime.date(2023, 11, 1),
        count=4,
        days=10,
        opens_at=datetime.time(0, 0),
        title_format="Kỳ thi thứ {n}",
    )
    fill.tiers(contest, DAK_LAK_TIERS)
    fill.documents(
        contest,
        [
            "Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ về phê "
            "duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác "
            "thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm "
            "nhìn đến năm 2030 (Đề án 06).",
            "Chỉ thị số 33-CT/TU, ngày 20/03/2023 của Ban Thường vụ Tỉnh ủy Đắk Lắk.",
            "Kế hoạch số 28/KH-UBND, ngày 24/02/2023 của UBND tỉnh Đắk Lắk về triển "
            "khai thực hiện nhiệm vụ Đề án 06 trên địa bàn tỉnh Đắk Lắk năm 2023.",
        ],
    )
    stdout.write(
        "  Đắk Lắk 2023: 4 kỳ x 10 ngày từ 01/11/2023 (Kế hoạch: trước 31/12/2023), "
        "mỗi kỳ 1/1/1/2 giải cá nhân, 1/1/1 giải tập thể"
    )


def bac_son(stdout) -> None:
    district = fill.unit(Unit.Kind.DISTRICT, "Bắc Sơn")
    contest = fill.contest(
        "bac-son-2023",
        title="Phong trào thi đua tìm hiểu về chuyển đổi số tỉnh Lạng Sơn năm 2023 "
        "— huyện Bắc Sơn",
        organizer_name="Ủy ban nhân dân huyện Bắc Sơn",
        description=(
            "Hưởng ứng Cuộc thi trắc nghiệm tìm hiểu về Chuyển đổi số tỉnh Lạng Sơn "
            "năm 2023 (Kế hoạch số 76/KH-UBND ngày 30/3/2023 của UBND tỉnh Lạng "
            "Sơn). Thời gian thi đua: từ ngày phát động (Kế hoạch ban hành tháng "
            "7/2023) đến hết ngày 30/7/2023. Căn cứ kết quả cuộc thi, huyện xét "
            "khen thưởng tập thể, cá nhân (Giấy khen của Chủ tịch UBND huyện)."
        ),
        rules=(
            "1. Đối tượng thi đua: Các phòng, ban, ngành, MTTQ và các tổ chức chính "
            "trị - xã hội huyện, các đơn vị sự nghiệp, các cơ quan trung ương trên "
            "địa bàn huyện, UBND các xã, thị trấn. Cán bộ, công chức, viên chức, "
            "đoàn viên, hội viên và các tầng lớp Nhân dân đang sinh sống, học tập và "
            "lao động trên địa bàn huyện Bắc Sơn.\n"
            "2. Tiêu chí đối với cá nhân: có tài khoản đăng ký dự thi thuộc huyện "
            "Bắc Sơn; tích cực tham gia cuộc thi và đạt kết quả tốt được Ban Tổ "
            "chức cuộc thi công nhận.\n"
            "3. Hình thức khen thưởng: Giấy khen của Chủ tịch UBND huyện."
        ),
        is_published=True,
        unit_root=district,
        allow_no_unit=False,
        collective_unit_kind="",
    )
    fill.single_round(
        contest,
        "Đợt thi đua đến hết 30/7/2023",
        fill.at(2023, 7, 1),
        fill.at(2023, 7, 31),
    )
    fill.documents(
        contest,
        [
            "Quyết định số 749/QĐ-TTg, ngày 03/6/2020 của Thủ tướng Chính phủ phê "
            "duyệt Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng đến "
            "năm 2030.",
            "Quyết định số 942/QĐ-TTg, ngày 15/6/2021 của Thủ tướng Chính phủ phê "
            "duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số "
            "giai đoạn 2021-2025, định hướng đến năm 2030.",
            "Quyết định số 411/QĐ-TTg, ngày 31/3/2022 của Thủ tướng Chính phủ phê "
            "duyệt Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm "
            "2025, định hướng đến năm 2030.",
            "Nghị quyết số 49-NQ/TU, ngày 28/9/2021 của Ban Thường vụ Tỉnh ủy về "
            "chuyển đổi số tỉnh Lạng Sơn đến năm 2025, định hướng đến năm 2030.",
            "Tìm hiểu về Chỉ số chuyển đổi số (DTI).",
        ],
    )
    fill.tiers(contest, [])
    stdout.write(
        "  Bắc Sơn 2023: đến hết 30/7/2023 (mở từ 01/7/2023, tháng ban hành Kế "
        f"hoạch); phạm vi đơn vị: {district or 'chưa có huyện Bắc Sơn trong danh mục'}"
    )
