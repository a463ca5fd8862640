#!/usr/bin/env bash
# `make image`: the release binary with the Swift runtime linked in (--static-swift-stdlib,
# scratch path .build-static), the base image when it is the local debootstrap one, a build
# context with only the binary and the checkpoint, then deploy/Containerfile → localhost/memtx
# (tagged latest and with the commit). Prints the image's size.
#   scripts/deploy/build-image.sh
# MEMTX_BASE_IMAGE: another Debian bookworm base (e.g. docker.io/library/debian:bookworm-slim);
# MEMTX_IMAGE: the image name (localhost/memtx).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
podman_setup

log "swift build -c release --static-swift-stdlib (scratch .build-static)"
start=$SECONDS
swift build -c release --product memtx --static-swift-stdlib --scratch-path .build-static >"$STATE/swift-build.log" 2>&1 \
  || { tail -30 "$STATE/swift-build.log"; die "swift build failed (log: $STATE/swift-build.log)"; }
BINARY=$(swift build -c release --product memtx --static-swift-stdlib --scratch-path .build-static --show-bin-path)/memtx
log "binary $BINARY ($((SECONDS - start)) s, $(du -m "$BINARY" | cut -f1) MB)"

if [ "$BASE_IMAGE" = localhost/debian-base ]; then
  scripts/deploy/base-image.sh
fi

# The build context: the binary and the checkpoint, nothing else.
CONTEXT=$STATE/context
rm -rf "$CONTEXT"
mkdir -p "$CONTEXT/checkpoints"
# The binary without its symbol tables and debug information (145 MB → 79 MB).
command -v strip >/dev/null || apt_install binutils
strip -o "$CONTEXT/memtx" "$BINARY"
cp -r checkpoints/conll-en "$CONTEXT/checkpoints/"
chmod -R u=rwX,go=rX "$CONTEXT"   # readable by the image's user whatever the checkout's umask

TAG=$(git rev-parse --short HEAD 2>/dev/null || echo dev)
log "podman build $IMAGE:latest ($IMAGE:$TAG) from $BASE_IMAGE"
start=$SECONDS
podman build --quiet --format docker \
  --build-arg BASE_IMAGE="$BASE_IMAGE" \
  -f deploy/Containerfile -t "$IMAGE:latest" -t "$IMAGE:$TAG" "$CONTEXT" >"$STATE/podman-build.log" 2>&1 \
  || { tail -30 "$STATE/podman-build.log"; die "podman build failed (log: $STATE/podman-build.log)"; }
podman image prune -f >/dev/null 2>&1 || true   # the previous build's untagged layers
size=$(podman image inspect --format '{{.Size}}' "$IMAGE:latest")
log "$IMAGE:latest built ($((SECONDS - start)) s): $(awk -v s="$size" 'BEGIN {printf "%.1f MB (%.1f MiB)", s/1e6, s/1048576}')"
