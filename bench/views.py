"""The reference for the answer save: the least a Django view on this stack can do
for an authenticated write. Same middleware (session, CSRF, auth), login required,
then one INSERT ... ON CONFLICT UPDATE by primary key and a tiny response."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

TABLE_SQL = """CREATE TABLE IF NOT EXISTS bench_answer (
    user_id bigint NOT NULL, position smallint NOT NULL, answer smallint NOT NULL,
    PRIMARY KEY (user_id, position))"""
UPSERT_SQL = """INSERT INTO bench_answer (user_id, position, answer) VALUES (%s, %s, %s)
    ON CONFLICT (user_id, position) DO UPDATE SET answer = EXCLUDED.answer"""


@never_cache
@login_required
@require_POST
def upsert(request):
    try:
        position = int(request.POST.get("position", ""))
        answer = int(request.POST.get("choice", ""))
    except ValueError:
        return HttpResponse("bad", status=400)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SQL, [request.user.id, position, answer])
    return HttpResponse('<span data-ok="1">Đã lưu</span>')
