# One app server of the dashboard, as `make run` serves it. For several servers behind
# nginx, see deploy/nginx.conf and README "Deploy".
#
#   docker build -t regional-dashboard .
#   docker run --rm -p 8501:8501 -v dashboard-var:/app/var regional-dashboard
#   # shared store: -e DASHBOARD_DATABASE_URL=postgresql+psycopg://user:pass@host/dashboard
#
# Secrets (database password, [auth] settings) come from the environment or a mounted
# /app/.streamlit/secrets.toml, never from the image (.dockerignore leaves it out).
# No Chromium in the image: the PNG/SVG/PowerPoint chart exports are greyed out.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The dependencies, pinned by the same constraints file as `make run`, in their own layer.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -c constraints.txt -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The package, editable like the Makefile's `pip install -c constraints.txt -e .`: it finds
# data/, presentations/ and var/ relative to its source tree (/app), which a regular install
# into site-packages would not.
COPY README.md ./
COPY src/ src/
RUN pip install -c constraints.txt --no-deps -e .

COPY app.py serve.py ./
COPY app_pages/ app_pages/
COPY data/ data/
COPY presentations/ presentations/
COPY static/ static/
COPY .streamlit/ .streamlit/

# Leaflet into static/vendor/ now, so the running app never writes into /app/static.
RUN python -c "from pathlib import Path; from dashboard import assets; assets.ensure_leaflet(Path('static'))" \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin dashboard \
 && mkdir -p /app/var/presentations \
 && chown -R dashboard /app/var

# Everything the app writes lives in /app/var (mount a volume there for a SQLite store).
# Analyst accounts and saved presentations go to the store; analysts.json and presentations/
# are where releases before that kept them, still read (never written) from a volume that
# has them.
ENV DASHBOARD_DATABASE_URL=sqlite:////app/var/dashboard.sqlite3 \
    DASHBOARD_USERS_FILE=/app/var/analysts.json \
    DASHBOARD_PRESENTATIONS_DIR=/app/var/presentations

USER dashboard
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]

# Create/upgrade and seed the store before the first visitor (the app would otherwise do it
# on the first page view), then serve; exec makes Streamlit PID 1, which handles SIGTERM.
CMD ["sh", "-c", "dashboard seed && exec streamlit run serve.py --server.address 0.0.0.0 --server.port 8501"]
