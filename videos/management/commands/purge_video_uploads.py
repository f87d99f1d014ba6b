"""python manage.py purge_video_uploads: drop abandoned chunked uploads."""

from django.core.management.base import BaseCommand

from videos.uploads import purge_stale_uploads


class Command(BaseCommand):
    help = "Xoá các lượt tải video dở dang hoặc không dùng quá 2 ngày (và tệp tạm)."

    def handle(self, *args, **options):
        count = purge_stale_uploads()
        self.stdout.write(f"Đã xoá {count} lượt tải video bỏ dở.")
