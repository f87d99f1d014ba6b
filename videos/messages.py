"""User-facing messages of the video part. Tests check these constants.

Templates with %(name)s placeholders are filled in where they are raised.
"""

from django.utils.translation import gettext_lazy as _

# Submission and upload
NOT_A_REPRESENTATIVE = _(
    "Chỉ đại diện của đơn vị dự thi (đúng cấp đơn vị của cuộc thi) mới được gửi video."
)
DEADLINE_NOT_SET = _("Ban Tổ chức chưa công bố hạn gửi video: chưa nhận bài.")
DEADLINE_PASSED = _("Đã hết hạn gửi video (%(deadline)s): không nhận hoặc thay bài.")
SECOND_CLIP = _(
    "Đơn vị %(unit)s đã gửi một video cho cuộc thi này: mỗi đơn vị chỉ được một "
    "video. Muốn đổi, hãy dùng nút «Thay video đã gửi»."
)
SOURCE_REQUIRED = _("Hãy tải lên một tệp video hoặc dán một đường dẫn công khai.")
SOURCE_BOTH = _("Chỉ chọn một trong hai: tệp video hoặc đường dẫn, không cả hai.")
UPLOAD_NOT_ALLOWED = _("Cuộc thi này không nhận tệp video tải lên, chỉ nhận đường dẫn.")
LINK_NOT_ALLOWED = _("Cuộc thi này không nhận đường dẫn, chỉ nhận tệp video tải lên.")
BAD_LINK = _(
    "Đường dẫn «%(url)s» không hợp lệ: chỉ nhận liên kết công khai Facebook, YouTube "
    "hoặc TikTok (bắt đầu bằng https://)."
)
FILE_TOO_LARGE = _(
    "Tệp «%(name)s» nặng %(size_mb)s MB, vượt giới hạn %(limit_mb)s MB của cuộc thi."
)
FILE_EMPTY = _("Tệp «%(name)s» rỗng.")
BAD_FILE_TYPE = _(
    "Tệp «%(name)s» không phải video %(formats)s (kiểm tra theo nội dung tệp, không "
    "theo tên)."
)
NOT_A_VIDEO = _(
    "Tệp «%(name)s» không đọc được như một video (ffprobe không thấy hình)."
)
UPLOAD_NOT_FOUND = _("Không tìm thấy lượt tải lên này.")
UPLOAD_INCOMPLETE = _("Tệp «%(name)s» chưa tải lên xong (%(received)s/%(size)s byte).")
UPLOAD_OFFSET_MISMATCH = _(
    "Vị trí phần tệp không khớp: máy chủ đã nhận %(offset)s byte."
)
UPLOAD_BEYOND_SIZE = _("Phần tệp gửi vượt quá dung lượng đã khai báo (%(size)s byte).")
CHUNK_TOO_LARGE = _("Mỗi phần tệp gửi lên tối đa %(max_mb)s MB.")
CHUNK_EMPTY = _("Phần tệp gửi lên rỗng.")
FIRST_CHUNK_TOO_SMALL = _("Phần đầu tiên của tệp phải có ít nhất %(n)s byte.")
UPLOAD_LOST = _("Phần tệp đã nhận bị mất trên máy chủ: tải lại từ đầu.")
CLIP_SUBMITTED = _("Đã gửi video «%(title)s» của đơn vị %(unit)s.")
CLIP_REPLACED = _("Đã thay video của đơn vị %(unit)s bằng «%(title)s».")

# Judging
NOT_A_JUDGE = _("%(user)s không phải giám khảo của cuộc thi này.")
NOT_ASSIGNED = _("Bạn không được phân công chấm video này.")
OWN_UNIT = _("Giám khảo không chấm video của chính đơn vị mình (%(unit)s).")
JUDGING_LOCKED = _("Ban Tổ chức đã khoá chấm điểm: không thể sửa điểm.")
JUDGING_NOT_OPEN = _("Chưa hết hạn gửi video: chưa mở chấm điểm.")
NO_CRITERIA = _("Cuộc thi chưa có tiêu chí chấm: Ban Tổ chức cần nhập tiêu chí trước.")
SCORE_MISSING = _("Chưa nhập điểm tiêu chí «%(criterion)s».")
SCORE_OUT_OF_RANGE = _(
    "Điểm tiêu chí «%(criterion)s» phải từ 0 đến %(max)s (nhận được %(value)s)."
)
SCORE_NOT_A_NUMBER = _(
    "Điểm tiêu chí «%(criterion)s» phải là số, tối đa một chữ số thập phân "
    "(nhận được «%(value)s»)."
)
SCORES_SAVED = _("Đã lưu điểm video «%(title)s».")
JUDGES_ASSIGNED = _("Đã phân công %(judge)s chấm %(count)s video.")
JUDGE_CONFLICTS_SKIPPED = _(
    "Không phân công %(judge)s chấm video của đơn vị mình: %(units)s."
)
ASSIGNMENT_REMOVED = _("Đã bỏ phân công %(judge)s chấm «%(title)s».")

# Interaction
INTERACTIONS_SAVED = _("Đã lưu số lượt tương tác của video «%(title)s».")
INTERACTIONS_IMPORTED = _("Đã nhập số lượt tương tác cho %(count)s video.")
RESULTS_ARE_PUBLISHED = _(
    "Kết quả đã công bố: hãy huỷ công bố trước khi sửa số liệu hoặc tổng kết lại."
)
NOT_EXCEL = _("Tệp «%(name)s» không phải tệp Excel (.xlsx) đọc được.")
EXCEL_TOO_LARGE = _("Tệp Excel quá lớn (tối đa %(limit_mb)s MB).")
EXCEL_BAD_HEADERS = _(
    "Trang tính «%(sheet)s» thiếu cột: %(missing)s. Dòng 1 phải có các cột: "
    "Mã đơn vị, Bày tỏ cảm xúc, Chia sẻ, Bình luận."
)
EXCEL_EMPTY = _("Trang tính «%(sheet)s» không có dòng số liệu nào.")
EXCEL_UNKNOWN_UNIT = _(
    "Dòng %(row)s: đơn vị mã «%(code)s» không có video trong cuộc thi."
)
EXCEL_DUPLICATE_UNIT = _("Dòng %(row)s: đơn vị mã «%(code)s» đã có ở dòng %(first)s.")
EXCEL_BAD_COUNT = _(
    "Dòng %(row)s, cột «%(column)s»: phải là số nguyên không âm "
    "(nhận được «%(value)s»)."
)
EXCEL_MISSING_CODE = _("Dòng %(row)s: thiếu mã đơn vị.")

# Finalising and publishing
NOTHING_TO_FINALISE = _("Chưa có video nào để tổng kết.")
UNSCORED_ASSIGNMENT = _("Giám khảo %(judge)s chưa chấm xong video «%(title)s».")
CLIP_WITHOUT_JUDGE = _("Video «%(title)s» (%(unit)s) chưa có giám khảo nào chấm.")
FINALISED = _("Đã tổng kết %(count)s video và trao %(prizes)s giải.")
NOT_FINALISED = _("Chưa tổng kết: hãy tổng kết trước khi công bố kết quả.")
RESULTS_PUBLISHED = _("Đã công bố kết quả phần thi video.")
RESULTS_UNPUBLISHED = _("Đã huỷ công bố kết quả phần thi video.")
JUDGING_LOCKED_NOW = _("Đã khoá chấm điểm.")
JUDGING_UNLOCKED_NOW = _("Đã mở lại chấm điểm.")
CLIPS_PUBLISHED = _("Đã cập nhật thư viện video công khai (%(count)s video).")

# A judge's unit (conflicts of interest)
JUDGE_UNIT_LOCKED = _(
    "Bạn đang là giám khảo của cuộc thi %(contests)s nên không tự đổi đơn vị được "
    "khi kết quả phần thi video chưa công bố (đơn vị quyết định bạn không được chấm "
    "video nào). Hãy liên hệ Ban Tổ chức để đổi đơn vị."
)
JUDGE_IN = _("Giám khảo cuộc thi «%(contest)s».")
AFFILIATION_SAVED = _("Đã ghi đơn vị công tác của giám khảo %(judge)s: %(unit)s.")
AFFILIATION_CLEARED = _("Đã xoá đơn vị công tác đã ghi của giám khảo %(judge)s.")
AFFILIATION_REMOVED_ASSIGNMENTS = _(
    "Đã gỡ phân công %(judge)s chấm video của đơn vị mình: %(titles)s."
)
CONFLICTED_ASSIGNMENT = _(
    "Giám khảo %(judge)s được phân công video «%(title)s» của đơn vị mình "
    "(%(unit)s): hãy gỡ phân công này trước khi tổng kết."
)
AFFILIATION_NOT_A_JUDGE = _(
    "Giám khảo: người được chọn không phải giám khảo của cuộc thi này."
)
AFFILIATION_UNKNOWN_UNIT = _(
    "Đơn vị công tác: không có đơn vị đã chọn trong danh sách."
)
