# syntax=docker/dockerfile:1
#
# One image for every BITC service and for the one-shot `bitc` commands:
#   python -m services.tenancy | services.booking | services.notifications
#   bitc setup | bitc seed-demo ...
# docker-compose.yml picks the command per container.

# --- builder: resolve and install runtime dependencies into a self-contained venv -------------
FROM python:3.11-slim AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# The venv lives at the same path in both stages: console scripts carry its absolute path
# in their shebang line.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src

# Dependencies first, from pyproject.toml alone, with empty package folders: this layer is
# rebuilt only when the dependency list changes, not on every source edit.
COPY pyproject.toml ./
RUN mkdir -p shared services contracts bitc \
    && pip install . \
    && pip uninstall -y bitc-space-ops \
    && rm -rf build ./*.egg-info

# Then the project itself, without touching the dependencies again. Only runtime
# dependencies: the [test] extra (pytest, testcontainers, ruff...) never enters the image.
COPY shared/ ./shared/
COPY services/ ./services/
COPY contracts/ ./contracts/
COPY bitc/ ./bitc/
RUN pip install --no-deps .

# --- final: slim runtime, no compilers, no pip cache, non-root ---------------------------------
FROM python:3.11-slim AS runtime

LABEL org.opencontainers.image.title="bitc-space-ops" \
      org.opencontainers.image.description="BITC Space Operations services (tenancy, booking, notifications)" \
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

# tenancy, booking, notifications (each container uses one of them).
EXPOSE 8001 8002 8003

# No service by default: the container command chooses one (see docker-compose.yml).
CMD ["bitc", "--help"]
