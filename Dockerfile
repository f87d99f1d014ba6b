FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# pango (+ harfbuzz's subsetter): WeasyPrint, the certificates' PDF renderer.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg gettext \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=1 python manage.py collectstatic --noinput -v0
RUN useradd --system portal && mkdir -p /app/var/media /app/var/uploads && chown -R portal /app/var
USER portal
EXPOSE 8000
# granian (config/serve.py: workers, threads, timeouts, chosen from BENCHMARKS.md).
CMD ["python", "-m", "config.serve"]
