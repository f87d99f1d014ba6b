"""Demo contests: the five seed contests (shared/seeds/) configured as their plans
state, and one demo contest open now on the demo question bank.

Facts (dates, prizes, amounts, documents, who may enter) come from the seed texts
only. Where a plan leaves something to its later rules (thể lệ), it is left empty
(count 0, amount 0) and the note says so. Where a plan gives only a month or a
deadline, the dates chosen inside it are said on stdout and in the contest text.
Safe to run again: everything is keyed on slugs and numbers (update_or_create).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.models import ParticipantGroup, Unit, User

from . import services
from .models import (
    Contest,
    ContestStaff,
    PrizeTier,
    RankingGroup,
    ReferenceDocument,
    Round,
)

TZ = ZoneInfo(settings.TIME_ZONE)
G = ParticipantGroup
IND, COL = PrizeTier.Part.INDIVIDUAL, PrizeTier.Part.COLLECTIVE
PER_ROUND, WHOLE = PrizeTier.Scope.ROUND, PrizeTier.Scope.CONTEST
LATER = "Số lượng, giá trị giải do Thể lệ cuộc thi quy định."
DEMO_SLUG = "thi-thu-chuyen-doi-so"
SEED_SLUGS = (
    "ben-tre-2024",
    "bac-kan-2023",
    "thanh-hoa-2024",
    "dak-lak-2023",
    "bac-son-2023",
    DEMO_SLUG,
)
# Demo logins made by accounts/demo.py and their role on every demo contest:
# rights are per contest (contests.permissions), so without these rows the demo
# organizer could neither close nor publish anything.
DEMO_STAFF = (
    ("bantochuc", ContestStaff.Role.ORGANIZER),
    ("thuky", ContestStaff.Role.SECRETARY),
)


def _contest(slug: str, **fields) -> Contest:
    contest, _ = Contest.objects.update_or_create(slug=slug, defaults=fields)
    return contest


def _documents(contest: Contest, titles: list[str]) -> None:
    for i, title in enumerate(titles):
        ReferenceDocument.objects.update_or_create(
            contest=contest, position=i, defaults={"title": title}
        )
    ReferenceDocument.objects.filter(
        contest=contest, position__gte=len(titles)
    ).delete()


def _tiers(contest: Contest, tiers: list[dict]) -> None:
    """Replace the contest's prize tiers by ``tiers`` (keyed by part/scope/position)."""
    keep = []
    for tier in tiers:
        key = {
            "contest": contest,
            "part": tier["part"],
            "scope": tier["scope"],
            "round": tier.get("round"),
            "ranking_group": tier.get("ranking_group"),
            "position": tier["position"],
        }
        values = {k: v for k, v in tier.items() if k not in key}
        row, _ = PrizeTier.objects.update_or_create(**key, defaults=values)
        keep.append(row.pk)
    PrizeTier.objects.filter(contest=contest).exclude(pk__in=keep).delete()


def _single_round(contest: Contest, title: str, opens, closes) -> None:
    Round.objects.update_or_create(
        contest=contest,
        number=1,
        defaults={"title": title, "opens_at": opens, "closes_at": closes},
    )


def _at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=TZ)


def _unit(kind: str, name_part: str) -> Unit | None:
    return Unit.objects.filter(kind=kind, name__icontains=name_part).first()


def _ben_tre(stdout) -> None:
    province = _unit(Unit.Kind.PROVINCE, "Bến Tre")
    contest = _contest(
        "ben-tre-2024",
        title="Cuộc thi tìm hiểu về Chuyển đổi số năm 2024",
        organizer_name=(
            "Liên đoàn Lao động tỉnh Bến Tre phối hợp Sở Thông tin và Truyền thông"
        ),
        description=(
            "Kế hoạch phối hợp số /KHPH-LĐLĐ-STTTT. Gồm 02 phần: Phần 1 tìm hiểu "
            "kiến thức về chuyển đổi số (thi trắc nghiệm trực tuyến); Phần 2 video "
            "clip chuyển đổi số."
        ),
        rules=(
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
        ),
        is_published=True,
        allowed_groups=[G.OFFICIAL, G.WORKER],
        unit_root=province,
        allow_no_unit=False,
        collective_unit_kind=Unit.Kind.UPPER,
        collective_order=["rate", "prizes"],
    )
    services.create_round_schedule(
        contest, kind="weekly", start=datetime.date(2024, 6, 10), count=5
    )
    badge = "Tặng kèm biểu trưng."
    _tiers(
        contest,
        [
            dict(part=IND, scope=PER_ROUND, position=0, name="Giải Nhất", count=1,
                 amount_vnd=1_000_000, note=badge),
            dict(part=IND, scope=PER_ROUND, position=1, name="Giải Nhì", count=1,
                 amount_vnd=800_000, note=badge),
            dict(part=IND, scope=PER_ROUND, position=2, name="Giải Ba", count=1,
                 amount_vnd=600_000, note=badge),
            dict(part=COL, scope=WHOLE, position=0, name="Giải Nhất", count=1,
                 amount_vnd=2_000_000, note=badge),
            dict(part=COL, scope=WHOLE, position=1, name="Giải Nhì", count=1,
                 amount_vnd=1_500_000, note=badge),
            dict(part=COL, scope=WHOLE, position=2, name="Giải Ba", count=1,
                 amount_vnd=1_000_000, note=badge),
        ],
    )  # fmt: skip
    _documents(
        contest,
        [
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
            "Cẩm nang chuyển đổi số; sự khác nhau giữa công nghệ thông tin và chuyển "
            "đổi số.",
            "Các Văn bản chỉ đạo, kế hoạch, hướng dẫn xây dựng chính quyền điện tử, "
            "CĐS do Bộ Thông tin và Truyền thông và UBND tỉnh ban hành từ năm 2020 "
            "đến nay.",
            "Chương trình số 07/CTr-LĐLĐ ngày 26/02/2024 của Liên đoàn Lao động tỉnh "
            "Bến Tre về chuyển đổi số trong hệ thống Công đoàn tỉnh Bến Tre giai "
            "đoạn 2023 - 2028, định hướng đến năm 2030.",
        ],
    )
    stdout.write(
        "  Bến Tre 2024: 5 tuần 10/6-14/7/2024; phạm vi đơn vị: "
        f"{province or 'chưa có đơn vị tỉnh trong danh mục (để trống)'}"
    )


def _bac_kan(stdout) -> None:
    contest = _contest(
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
    _single_round(contest, "Đợt thi 10/9-30/9/2023", _at(2023, 9, 10), _at(2023, 10, 1))
    RankingGroup.objects.update_or_create(
        contest=contest,
        name="Nhóm 1",
        defaults={
            "position": 0,
            "description": "Cán bộ, công chức, viên chức, người lao động, lực lượng "
            "vũ trang của tỉnh",
            "participant_groups": [G.OFFICIAL, G.ARMED_FORCES],
        },
    )
    RankingGroup.objects.update_or_create(
        contest=contest,
        name="Nhóm 2",
        defaults={
            "position": 1,
            "description": "Nhân dân trên địa bàn tỉnh (học sinh, sinh viên, người "
            "lao động trong các doanh nghiệp và người dân)",
            "participant_groups": [G.WORKER, G.STUDENT, G.RESIDENT],
        },
    )
    _tiers(
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


def _thanh_hoa(stdout) -> None:
    contest = _contest(
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
    services.create_round_schedule(
        contest, kind="weekly", start=datetime.date(2024, 8, 5), count=4
    )
    stdout.write(
        "  Thanh Hóa 2024: 4 tuần từ 05/8/2024 (Kế hoạch chỉ nêu tháng 8-9/2024), "
        "có câu hỏi dự đoán; giải tuần chưa nêu trong Kế hoạch"
    )


def _dak_lak(stdout) -> None:
    contest = _contest(
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
    services.create_round_schedule(
        contest,
        kind="period",
        start=datetime.date(2023, 11, 1),
        count=4,
        days=10,
        opens_at=datetime.time(0, 0),
        title_format="Kỳ thi thứ {n}",
    )
    ind_first = "Bằng khen của Chủ tịch UBND tỉnh (1.800.000 đồng/Bằng khen), Giấy "
    col_first = "Bằng khen của Chủ tịch UBND tỉnh (3.600.000 đồng/Bằng khen), Giấy "
    cert = "chứng nhận của Ban Tổ chức Cuộc thi kèm theo tiền Giải."
    _tiers(
        contest,
        [
            dict(part=IND, scope=PER_ROUND, position=0, name="Giải Nhất", count=1,
                 note=ind_first + cert),
            dict(part=IND, scope=PER_ROUND, position=1, name="Giải Nhì", count=1,
                 note="Giấy " + cert),
            dict(part=IND, scope=PER_ROUND, position=2, name="Giải Ba", count=1,
                 note="Giấy " + cert),
            dict(part=IND, scope=PER_ROUND, position=3, name="Giải Khuyến khích",
                 count=2, note="Giấy " + cert),
            dict(part=COL, scope=PER_ROUND, position=0, name="Giải Nhất", count=1,
                 note=col_first + cert),
            dict(part=COL, scope=PER_ROUND, position=1, name="Giải Nhì", count=1,
                 note="Giấy " + cert),
            dict(part=COL, scope=PER_ROUND, position=2, name="Giải Ba", count=1,
                 note="Giấy " + cert),
        ],
    )  # fmt: skip
    _documents(
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


def _bac_son(stdout) -> None:
    district = _unit(Unit.Kind.DISTRICT, "Bắc Sơn")
    contest = _contest(
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
    _single_round(
        contest,
        "Đợt thi đua đến hết 30/7/2023",
        _at(2023, 7, 1),
        _at(2023, 7, 31),
    )
    _documents(
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
    _tiers(contest, [])
    stdout.write(
        "  Bắc Sơn 2023: đến hết 30/7/2023 (mở từ 01/7/2023, tháng ban hành Kế "
        f"hoạch); phạm vi đơn vị: {district or 'chưa có huyện Bắc Sơn trong danh mục'}"
    )


def _demo_bank():
    try:
        from quizzes.demo import DEMO_BANK_NAME
    except ImportError:
        return None, "chưa có quizzes.demo.DEMO_BANK_NAME"
    from quizzes.models import Question, QuestionBank

    bank = QuestionBank.objects.filter(name=DEMO_BANK_NAME).first()
    if bank is None:
        return None, f"chưa có ngân hàng «{DEMO_BANK_NAME}»"
    active = Question.objects.filter(bank=bank, is_active=True).count()
    if active == 0:
        return None, f"ngân hàng «{DEMO_BANK_NAME}» chưa có câu hỏi"
    return bank, active


PRACTICE_BANK_NAME = "Ngân hàng câu hỏi thi thử — Chuyển đổi số"
PRACTICE_FILE = Path(__file__).with_name("demo_practice_questions.json")


def _practice_bank():
    """The demo practice round's own bank (demo_practice_questions.json): other
    facts of the seed plans than the graded demo bank's, so practising never
    reveals a graded key. Adds only what is missing."""
    from quizzes.demo import demo_rows
    from quizzes.models import QuestionBank
    from quizzes.services import add_question_rows

    bank, _ = QuestionBank.objects.get_or_create(
        name=PRACTICE_BANK_NAME,
        defaults={
            "description": "Câu hỏi thi thử của cuộc thi mẫu, lấy từ các kế hoạch "
            "cuộc thi; không trùng câu hỏi nào của ngân hàng chính thức."
        },
    )
    existing = set(bank.questions.values_list("text_key", flat=True))
    rows = [row for row in demo_rows(PRACTICE_FILE) if row.key not in existing]
    add_question_rows(bank, rows)
    return bank


def _open_demo(stdout) -> None:
    bank, info = _demo_bank()
    practice_bank = _practice_bank()
    today = timezone.localdate()
    contest = _contest(
        DEMO_SLUG,
        title="Cuộc thi mẫu: Tìm hiểu về chuyển đổi số (đang diễn ra)",
        organizer_name="Ban Tổ chức cuộc thi mẫu",
        description=(
            "Cuộc thi dùng để dùng thử cổng thi: đợt thi thử mở liên tục, đợt chính "
            "thức đang diễn ra tuần này. Đợt thi thử dùng bộ câu hỏi riêng, không "
            "trùng với câu hỏi của các đợt chính thức, và cho xem đáp án ngay sau "
            "khi nộp bài."
        ),
        rules=(
            "Mỗi lượt thi gồm các câu hỏi trắc nghiệm chọn ngẫu nhiên từ ngân hàng "
            "câu hỏi, làm trong 15 phút. Mỗi đợt chính thức được thi 2 lượt, tính "
            "lượt có kết quả tốt nhất. Câu hỏi phụ: dự đoán số người trả lời đúng "
            "tất cả các câu hỏi."
        ),
        is_published=True,
        allow_no_unit=True,
        time_limit_minutes=15,
        attempts_per_round=2,
        prediction_enabled=True,
        prediction_target=Contest.PredictionTarget.PEOPLE_ALL_CORRECT,
        review_after_close=True,
        practice_bank=practice_bank,
        **(
            {"bank": bank, "questions_per_attempt": min(20, info)}
            if bank is not None
            else {}
        ),
    )
    day = datetime.timedelta(days=1)
    start = datetime.datetime.combine(today, datetime.time(0), tzinfo=TZ)
    rounds = [
        (0, "Thi thử", start - 7 * day, start + 21 * day, True),
        (1, "Tuần 1", start - 7 * day, start, False),
        (2, "Tuần 2", start, start + 7 * day, False),
        (3, "Tuần 3", start + 7 * day, start + 14 * day, False),
    ]
    for number, title, opens, closes, practice in rounds:
        Round.objects.update_or_create(
            contest=contest,
            number=number,
            defaults={
                "title": title,
                "opens_at": opens,
                "closes_at": closes,
                "is_practice": practice,
            },
        )
    _tiers(
        contest,
        [
            dict(part=IND, scope=PER_ROUND, position=0, name="Giải Nhất", count=1),
            dict(part=IND, scope=PER_ROUND, position=1, name="Giải Nhì", count=1),
            dict(part=IND, scope=PER_ROUND, position=2, name="Giải Ba", count=1),
        ],
    )
    if bank is None:
        stdout.write(
            f"  Cuộc thi mẫu đang mở: CHƯA gắn ngân hàng câu hỏi ({info}); "
            "chạy lại seed_demo sau khi có ngân hàng mẫu."
        )
    else:
        stdout.write(
            f"  Cuộc thi mẫu đang mở: /cuoc-thi/{DEMO_SLUG}/ — {bank} "
            f"({contest.questions_per_attempt} câu mỗi lượt); thi thử: {practice_bank}"
        )


def seed(stdout) -> None:
    """Configure the five seed contests and the open demo contest. Idempotent."""
    stdout.write("Cuộc thi:")
    _ben_tre(stdout)
    _bac_kan(stdout)
    _thanh_hoa(stdout)
    _dak_lak(stdout)
    _bac_son(stdout)
    _open_demo(stdout)
    _staff(stdout)


def _staff(stdout) -> None:
    contests = list(Contest.objects.filter(slug__in=SEED_SLUGS))
    for username, role in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        for contest in contests:
            ContestStaff.objects.get_or_create(contest=contest, user=user, role=role)
        stdout.write(
            f"  {user.username}: {ContestStaff.Role(role).label} của "
            f"{len(contests)} cuộc thi mẫu"
        )
