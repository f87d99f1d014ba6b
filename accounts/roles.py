"""The staff roles, as Django groups. Their permissions are kept by sync_roles()."""

ORGANIZER = "Ban Tổ chức"
JUDGE = "Ban Giám khảo"
UNIT_REPRESENTATIVE = "Đại diện đơn vị"
SECRETARY = "Tổ thư ký"

ALL_ROLES = (ORGANIZER, JUDGE, UNIT_REPRESENTATIVE, SECRETARY)
