#!/usr/bin/env bash
# The base image localhost/debian-base, made locally (no registry needed): a minimal
# Debian root filesystem from debootstrap, using the mirror apt is configured with on this
# machine, imported into the project-local podman storage. Skips the work when the image
# exists already (--force rebuilds it). About 45 s.
#   scripts/deploy/base-image.sh [--force]
# Elsewhere, any Debian bookworm image works instead (deploy/Containerfile's BASE_IMAGE).
source "$(dirname "$0")/common.sh"
podman_setup
if [ "${1:-}" != "--force" ] && podman image exists "$BASE_IMAGE"; then
  log "$BASE_IMAGE exists (--force to rebuild)"
  exit 0
fi
apt_install debootstrap

# The mirror apt uses here: deb822 .sources files first, then the one-line sources.list.
# (Comment lines are skipped: Debian's own files carry a snapshot address as a comment.)
sources() { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v '^[[:space:]]*#' || true; }
MIRROR=${MEMTX_DEBIAN_MIRROR:-$(sources | grep -oE 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' | head -1 | tr -d '[:space:]' || true)}
SECURITY=$(sources | grep -oE 'https?://[^[:space:]]+/debian-security/?([[:space:]]|$)' | head -1 | tr -d '[:space:]' || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
ROOTFS=$STATE/rootfs
rm -rf "$ROOTFS"
log "debootstrap --variant=minbase $SUITE from $MIRROR"
start=$SECONDS
debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$STATE/debootstrap.log" 2>&1 \
  || { tail -20 "$STATE/debootstrap.log"; die "debootstrap failed (log: $STATE/debootstrap.log)"; }
{
  echo "deb $MIRROR $SUITE main"
  echo "deb $MIRROR $SUITE-updates main"
  [ -n "$SECURITY" ] && echo "deb $SECURITY $SUITE-security main"
} > "$ROOTFS/etc/apt/sources.list"
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/log/*.log \
       "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/*
tar -C "$ROOTFS" --numeric-owner -c . | podman import --quiet - "$BASE_IMAGE" >/dev/null
rm -rf "$ROOTFS"
log "$BASE_IMAGE imported ($((SECONDS - start)) s): $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
