# Shared by scripts/deploy/*.sh (sourced, not run): project paths, the project-local podman
# configuration, apt installs on demand, and small helpers.
#
# Everything the deploy scripts make lives under .build-deploy/ (gitignored): podman's
# containers.conf and storage.conf, its image storage (graphroot/runroot), the debootstrap
# root filesystem, the kubernetes-validate venv. Removing it: `podman` containers first
# (deploy-check removes its own), then `rm -rf .build-deploy` (overlay mounts may need
# `umount` of .build-deploy/storage/overlay first if a container still runs).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${MEMTX_DEPLOY_STATE:-$ROOT/.build-deploy}
IMAGE=${MEMTX_IMAGE:-localhost/memtx}
BASE_IMAGE=${MEMTX_BASE_IMAGE:-localhost/debian-base}
SUITE=${MEMTX_BASE_SUITE:-bookworm}
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$STATE"

log() { printf '[deploy %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

# apt_install PKG...: installs the packages not yet installed (root or sudo).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Rootful podman (the scripts need root: debootstrap, overlay storage), configured by
# project-local files so nothing under /etc/containers changes: runc (crun fails on this
# kind of host's hybrid cgroups), ulimits the host can grant, cgroupfs and file events (no
# systemd as PID 1 needed), netavark networking, storage under .build-deploy/.
podman_setup() {
  [ "$(id -u)" = 0 ] || die "the deploy scripts run rootful podman: run them as root (sudo make ...)"
  # Without recommended packages: podman's network stack (netavark, aardvark-dns, iptables)
  # and catatonit (the pause image of `podman kube play`) named explicitly.
  apt_install podman buildah runc netavark aardvark-dns iptables catatonit
  mkdir -p "$STATE/containers" "$STATE/storage" "$STATE/run"
  cat > "$STATE/containers/containers.conf" <<CONF
# Written by scripts/deploy/common.sh; selected with CONTAINERS_CONF.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
network_backend = "netavark"
events_logger = "file"
CONF
  cat > "$STATE/containers/storage.conf" <<CONF
# Written by scripts/deploy/common.sh; selected with CONTAINERS_STORAGE_CONF.
[storage]
driver = "overlay"
graphroot = "$STATE/storage"
runroot = "$STATE/run"
CONF
  export CONTAINERS_CONF="$STATE/containers/containers.conf"
  export CONTAINERS_STORAGE_CONF="$STATE/containers/storage.conf"
}

# A TCP port nobody listens on at 127.0.0.1 right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL STATUS SECONDS: polls until URL answers STATUS; fails after SECONDS.
wait_http() {
  local url=$1 want=$2 limit=$3 start=$SECONDS code
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.5
  done
  return 1
}
