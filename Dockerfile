# Production image for web (gunicorn), worker and beat (celery). Built by docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=greenhouse_office.settings.base

# Pango and fonts for WeasyPrint's PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 greenhouse
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=greenhouse:greenhouse . .
# Static files are collected into the image; the build-only key never reaches a running container.
RUN DJANGO_SECRET_KEY=build-only-not-secret GREENHOUSE_EVENT_LOG_KEYS=build:only-not-secret \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/media-private /app/var && chown greenhouse:greenhouse /app/media-private /app/var

USER greenhouse
EXPOSE 8000
# Its settings (workers, recycling after 1,000 requests with jitter, limits): gunicorn.conf.py.
CMD ["gunicorn", "greenhouse_office.wsgi"]
