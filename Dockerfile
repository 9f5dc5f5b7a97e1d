# The harvester image: this repository and its Python dependencies, nothing else.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY harvester harvester
RUN pip install --no-cache-dir ".[serve]"
ENV HARVESTER_DB=/data/harvest.sqlite
VOLUME ["/data"]
CMD ["harvester", "nightly", "--help"]
