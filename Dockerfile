# syntax=docker/dockerfile:1
#
# One image for every BITC service and for the one-shot `bitc` commands:
#   python -m services.tenancy | services.booking | services.notifications | services.console
#   bitc setup | bitc seed-demo | bitc backup ...
# docker-compose.yml picks the command per container.

# The base image by digest, not by tag: a tag moves when Debian or Python publish a rebuild, a
# digest never does, so the same commit builds the same image (docs/operations.md, "Dependencies",
# says how to move it).
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

# --- builder: install the locked runtime dependencies into a self-contained venv ---------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# The venv lives at the same path in both stages: console scripts carry its absolute path
# in their shebang line.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src

# Dependencies first, from the lock alone (exact versions, hash-checked): this layer is rebuilt
# only when the lock changes, not on every source edit.
COPY requirements/runtime.lock ./requirements/
RUN pip install --require-hashes -r requirements/runtime.lock

# Then the project itself, without touching the dependencies again. Only runtime
# dependencies: the [test] extra (pytest, testcontainers, ruff...) never enters the image.
COPY shared/ ./shared/
COPY services/ ./services/
COPY contracts/ ./contracts/
COPY bitc/ ./bitc/
COPY pyproject.toml ./
RUN pip install --no-deps .

# --- final: slim runtime, no compilers, no pip cache, non-root ---------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="bitc-space-ops" \
      org.opencontainers.image.description="BITC Space Operations services (tenancy, booking, notifications, console)" \
      org.opencontainers.image.licenses="Apache-2.0"

# HTTP_HOST: inside a container the service must listen beyond loopback to be reachable at
# all; the code's default (127.0.0.1) is right for native runs only.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HTTP_HOST=0.0.0.0

# A fixed numeric uid/gid (not a name) so orchestrators can verify runAsNonRoot, and so
# files on mounted volumes get a predictable owner.
RUN groupadd --gid 10001 bitc \
    && useradd --uid 10001 --gid bitc --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin bitc

# pg_dump and pg_restore for `bitc backup` and `bitc restore`: Debian's PostgreSQL client, which
# must be at least the server's major version (docs/operations.md, "Back up and restore").
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY --from=builder /opt/venv /opt/venv

# The source tree, too: `python -m services.<name>` runs from the working directory. Owned by
# root and not writable by the service user, so a compromised process cannot alter the code.
WORKDIR /app
COPY shared/ ./shared/
COPY services/ ./services/
COPY contracts/ ./contracts/
COPY bitc/ ./bitc/
COPY pyproject.toml ./
# Byte-compile now: the service user cannot write __pycache__ here at run time.
RUN python -m compileall -q /app

USER 10001:10001

# tenancy, booking, notifications, console (each container uses one of them).
EXPOSE 8001 8002 8003 8004

# No service by default: the container command chooses one (see docker-compose.yml).
CMD ["bitc", "--help"]
