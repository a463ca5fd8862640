#!/usr/bin/env bash
# `make deploy-check`: builds the image (scripts/deploy/build-image.sh), then
#   1. runs it on a free loopback port (read-only root, a volume for the data dir, an API
#      key from the environment): /health/ready, the image's HEALTHCHECK, 401 without the
#      key, a real POST /v1/label answer, then `podman stop` timed (memtx is PID 1 and
#      must exit 0 on SIGTERM well before podman's 10 s time-out);
#   1b. runs two containers of it as two replicas sharing a throwaway PostgreSQL on
#      loopback (MEMTX_STORE=postgres://…, host network, as the Kubernetes Deployment is
#      configured): a session made on one takes a chunk on the other and both report it;
#   2. validates every Kubernetes manifest (deploy/k8s/, deploy/podman/) with
#      kubernetes-validate --strict -k 1.30.0 (PyPI, in .build-deploy/venv); any warning,
#      such as an unknown apiVersion, fails;
#   3. verifies deploy/systemd/memtx.service with systemd-analyze verify in a scratch root
#      holding the binary at /usr/local/bin/memtx (any output fails), then runs it under a
#      real systemd in a throwaway container (deploy/systemd/Containerfile.try): ready, a
#      label answer, a clean stop, a restart after kill -9;
#   4. plays deploy/podman/memtx-local.yaml with `podman kube play` (on a free port) and gets
#      /health/ready and a label answer through it, then `podman kube down`.
# Every container, pod and volume it makes is removed on exit, failed or not.
#   scripts/deploy/deploy-check.sh [--no-build]    (--no-build: use the image as it is)
source "$(dirname "$0")/common.sh"
cd "$ROOT"
K8S_VERSION=1.30.0
STOP_LIMIT=5          # seconds podman stop may take
READY_LIMIT=120       # seconds the model may take to load and warm up
RUN_ID=memtx-check-$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/memtx-deploy-check.XXXXXX")
KUBE_FILE=$WORK/memtx-local.yaml
failures=0
fail() { log "FAIL: $*"; failures=$((failures + 1)); }
pass() { log "ok: $*"; }

cleanup() {
  set +e
  podman rm -f -t 0 "$RUN_ID" >/dev/null 2>&1
  podman rm -f -t 0 "$RUN_ID-systemd" >/dev/null 2>&1
  podman rm -f -t 0 "$RUN_ID-pg-a" "$RUN_ID-pg-b" >/dev/null 2>&1
  [ -n "${PG_DIR:-}" ] && scripts/postgres/scratch.sh stop "$PG_DIR/data" && rm -rf "$PG_DIR"
  podman volume rm -f "$RUN_ID-data" >/dev/null 2>&1
  if [ -f "$KUBE_FILE" ]; then
    podman kube down "$KUBE_FILE" >/dev/null 2>&1
    podman volume rm -f "$RUN_ID-kube-data" >/dev/null 2>&1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

total_start=$SECONDS
podman_setup   # this shell's podman: the project-local configuration and storage
[ "${1:-}" = "--no-build" ] || scripts/deploy/build-image.sh
build_s=$((SECONDS - total_start))
podman image exists "$IMAGE:latest" || die "no image $IMAGE:latest: run make image"
apt_install curl

TEXT='Peter Blackburn visited Brussels on Monday to meet officials of the European Commission .'
label_request() { # PORT [curl args...]: POST /v1/label, prints the body; fails unless 200
  local port=$1; shift
  curl -sS -f --max-time 30 "http://127.0.0.1:$port/v1/label" -H 'Content-Type: application/json' \
    -d "{\"text\": \"$TEXT\"}" "$@"
}
has_entity() { # BODY: the answer names Peter Blackburn a PER and Brussels a LOC
  python3 -c '
import json, sys
ents = {(e["text"], e["label"]) for e in json.loads(sys.argv[1])["entities"]}
sys.exit(0 if {("Peter Blackburn", "PER"), ("Brussels", "LOC")} <= ents else 1)' "$1"
}

# -- 1. the image, run ------------------------------------------------------------------------
step_start=$SECONDS
PORT=$(free_port)
KEY=$(python3 -c 'import secrets; print(secrets.token_hex(20))')
log "podman run $IMAGE:latest on 127.0.0.1:$PORT (read-only root, volume $RUN_ID-data)"
podman volume create "$RUN_ID-data" >/dev/null
# podman 4.3 schedules health checks with systemd timers and, without systemd as PID 1,
# logs errors about it (harmless: the check runs the HEALTHCHECK itself with `podman
# healthcheck run`); podman's stderr goes to a file, shown when something fails.
podman run -d --name "$RUN_ID" --read-only -p "127.0.0.1:$PORT:8080" \
  -v "$RUN_ID-data:/var/lib/memtx" -e MEMTX_API_KEYS="$KEY" "$IMAGE:latest" >/dev/null 2>>"$WORK/podman.err" \
  || { cat "$WORK/podman.err" >&2; die "podman run failed"; }
ready_start=$SECONDS
if wait_http "http://127.0.0.1:$PORT/health/ready" 200 "$READY_LIMIT"; then
  pass "/health/ready 200 after $((SECONDS - ready_start)) s: $(curl -s "http://127.0.0.1:$PORT/health/ready")"
else
  fail "/health/ready not 200 after $READY_LIMIT s"; podman logs --tail 30 "$RUN_ID" >&2
fi
pid1=$(podman exec "$RUN_ID" cat /proc/1/cmdline | tr '\0' ' ')
user=$(podman exec "$RUN_ID" id -u)
[ "$user" = 10001 ] && pass "runs as uid $user; PID 1 is: $pid1" || fail "runs as uid $user, not 10001"
podman healthcheck run "$RUN_ID" >/dev/null 2>&1 && pass "HEALTHCHECK healthy" || fail "HEALTHCHECK failed"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v1/label" -H 'Content-Type: application/json' -d '{"text": "x"}')
[ "$code" = 401 ] && pass "POST /v1/label without the key: 401" || fail "POST /v1/label without the key: $code, not 401"
if body=$(label_request "$PORT" -H "Authorization: Bearer $KEY") && has_entity "$body"; then
  pass "POST /v1/label: $(python3 -c 'import json,sys; print(", ".join(e["text"] + "/" + e["label"] for e in json.loads(sys.argv[1])["entities"]))' "$body")"
else
  fail "POST /v1/label: no PER Peter Blackburn / LOC Brussels in: ${body:-no answer}"
fi
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/v1/sessions" -H "Authorization: Bearer $KEY")
if [ "$code" = 201 ] && podman exec "$RUN_ID" test -s /var/lib/memtx/sessions.sqlite; then
  pass "POST /v1/sessions: 201, kept in the volume (/var/lib/memtx/sessions.sqlite)"
else
  fail "POST /v1/sessions: $code, or no /var/lib/memtx/sessions.sqlite in the volume"
fi
podman exec "$RUN_ID" sh -c 'touch /usr/local/bin/x' 2>/dev/null && fail "the root filesystem is writable" || pass "root filesystem read-only"
stop_start=$(date +%s.%N)
podman stop -t 10 "$RUN_ID" >/dev/null 2>>"$WORK/podman.err"
stop_s=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$stop_start" "$(date +%s.%N)")
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$RUN_ID")
if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= $STOP_LIMIT else 1)" "$stop_s" && [ "$exit_code" = 0 ]; then
  pass "podman stop took $stop_s s, exit code $exit_code"
else
  fail "podman stop took $stop_s s (limit $STOP_LIMIT), exit code $exit_code"
fi
podman logs "$RUN_ID" 2>&1 | tail -3 | sed 's/^/    /' >&2
podman rm -f "$RUN_ID" >/dev/null 2>>"$WORK/podman.err"; podman volume rm -f "$RUN_ID-data" >/dev/null
run_s=$((SECONDS - step_start))

# -- 1b. the image as two replicas sharing PostgreSQL --------------------------------------------
step_start=$SECONDS
PG_DIR=$(mktemp -d /tmp/memtx-deploy-pg.XXXXXX); chmod 755 "$PG_DIR"
PG_URL=$(scripts/postgres/scratch.sh start "$PG_DIR/data" "$(free_port)")
log "two replicas of $IMAGE:latest sharing $PG_URL (host network: the container reaches loopback)"
replica_ports=()
for name in a b; do
  port=$(free_port); replica_ports+=("$port")
  podman run -d --name "$RUN_ID-pg-$name" --read-only --network host -e MEMTX_HOST=127.0.0.1 -e MEMTX_PORT="$port" \
    -e MEMTX_STORE="$PG_URL" -e MEMTX_API_KEYS="$KEY" "$IMAGE:latest" >/dev/null 2>>"$WORK/podman.err" \
    || { cat "$WORK/podman.err" >&2; fail "podman run (PostgreSQL replica $name) failed"; }
done
if wait_http "http://127.0.0.1:${replica_ports[0]}/health/ready" 200 "$READY_LIMIT" \
   && wait_http "http://127.0.0.1:${replica_ports[1]}/health/ready" 200 "$READY_LIMIT"; then
  auth=(-H "Authorization: Bearer $KEY")
  sid=$(curl -s -X POST "${auth[@]}" "http://127.0.0.1:${replica_ports[0]}/v1/sessions" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' 2>/dev/null || true)
  code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
         "http://127.0.0.1:${replica_ports[1]}/v1/sessions/$sid/chunks" \
         -d '{"seq": 0, "text": "Peter Blackburn reports from Brussels . "}' || true)
  words=$(curl -s "${auth[@]}" "http://127.0.0.1:${replica_ports[0]}/v1/sessions/$sid/memory" \
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["words_total"])' 2>/dev/null || true)
  if [ -n "$sid" ] && [ "$code" = 200 ] && [ "$words" = 6 ]; then
    pass "PostgreSQL store: session made on replica A, chunk appended on B (200), A reports its 6 words"
  else
    fail "PostgreSQL store across replicas: session '${sid}', chunk on B $code, words on A '${words}' (want 6)"
    podman logs --tail 20 "$RUN_ID-pg-a" >&2
  fi
else
  fail "the PostgreSQL replicas were not ready after $READY_LIMIT s"; podman logs --tail 30 "$RUN_ID-pg-a" >&2
fi
podman rm -f -t 5 "$RUN_ID-pg-a" "$RUN_ID-pg-b" >/dev/null 2>>"$WORK/podman.err"
scripts/postgres/scratch.sh stop "$PG_DIR/data"; rm -rf "$PG_DIR"; PG_DIR=
replicas_s=$((SECONDS - step_start))

# -- 2. Kubernetes manifests ----------------------------------------------------------------
step_start=$SECONDS
VENV=$STATE/venv
if [ ! -x "$VENV/bin/kubernetes-validate" ]; then
  log "installing kubernetes-validate (PyPI) into $VENV"
  python3 -m venv "$VENV" >/dev/null 2>&1 || { apt_install python3-venv; python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check kubernetes-validate \
    || die "cannot install kubernetes-validate"
fi
manifests=(deploy/k8s/*.yaml deploy/k8s/examples/*.yaml deploy/podman/*.yaml)
for f in "${manifests[@]}"; do
  out=$("$VENV/bin/kubernetes-validate" --strict -k "$K8S_VERSION" "$f" 2>&1); rc=$?
  # Every line must say "INFO FILE passed for resource ...": a WARN (unknown apiVersion) fails too.
  if [ $rc -eq 0 ] && [ -n "$out" ] && ! grep -vqE '^INFO .* passed for resource ' <<<"$out"; then
    pass "kubernetes-validate $f: $(grep -c . <<<"$out") resources valid"
  else
    fail "kubernetes-validate $f (exit $rc):"; sed 's/^/    /' <<<"$out" >&2
  fi
done
k8s_s=$((SECONDS - step_start))

# -- 3. the systemd unit --------------------------------------------------------------------
step_start=$SECONDS
command -v systemd-analyze >/dev/null || apt_install systemd
SYSROOT=$WORK/sysroot
mkdir -p "$SYSROOT/usr/local/bin" "$SYSROOT/etc/systemd/system" "$SYSROOT/usr/lib/systemd"
cp -l "$STATE/context/memtx" "$SYSROOT/usr/local/bin/memtx" 2>/dev/null || cp "$STATE/context/memtx" "$SYSROOT/usr/local/bin/memtx"
cp -r "$(dirname "$(readlink -f /lib/systemd/system/sysinit.target)")" "$SYSROOT/usr/lib/systemd/system"
cp deploy/systemd/memtx.service "$SYSROOT/etc/systemd/system/memtx.service"
out=$(systemd-analyze verify --root="$SYSROOT" /etc/systemd/system/memtx.service 2>&1); rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then
  pass "systemd-analyze verify deploy/systemd/memtx.service: silent"
else
  fail "systemd-analyze verify deploy/systemd/memtx.service (exit $rc):"; sed 's/^/    /' <<<"$out" >&2
fi

# The unit under a real systemd (PID 1 in a throwaway container, deploy/systemd/Containerfile.try):
# it starts with all its sandboxing, answers, stops with exit 0, and restarts after kill -9.
TRY=$RUN_ID-systemd
cp deploy/systemd/memtx.service "$STATE/context/memtx.service"
if podman build --quiet --format docker --build-arg BASE_IMAGE="$BASE_IMAGE" -f deploy/systemd/Containerfile.try \
     -t localhost/memtx-systemd-try "$STATE/context" >"$WORK/systemd-try-build.log" 2>&1 \
   && podman run -d --name "$TRY" --systemd=always localhost/memtx-systemd-try >/dev/null 2>>"$WORK/podman.err"; then
  in_try() { podman exec "$TRY" "$@" 2>/dev/null; }
  ready_in_try() { local i; for i in $(seq 120); do [ "$(in_try curl -s -o /dev/null -w '%{http_code}' 127.0.0.1:8080/health/ready)" = 200 ] && return 0; sleep 0.5; done; return 1; }
  if ready_in_try; then
    code=$(in_try curl -s -o /dev/null -w '%{http_code}' 127.0.0.1:8080/v1/label -H 'Content-Type: application/json' \
      -H 'Authorization: Bearer try-key-0123456789abcdef' -d "{\"text\": \"$TEXT\"}")
    [ "$code" = 200 ] && pass "systemd: memtx.service active, /health/ready 200, POST /v1/label with the key from memtx.env 200" \
      || fail "systemd: POST /v1/label answered $code"
    in_try systemctl stop memtx
    result=$(in_try systemctl show memtx -p Result -p ExecMainStatus --value | tr '\n' ' ')
    [ "$result" = "success 0 " ] && pass "systemd: systemctl stop → Result=success, exit status 0" || fail "systemd: stop gave '$result'"
    in_try systemctl start memtx
    ready_in_try && in_try sh -c 'kill -9 "$(systemctl show memtx -p MainPID --value)"'
    sleep 3
    if ready_in_try && [ "$(in_try systemctl show memtx -p NRestarts --value)" = 1 ]; then
      pass "systemd: restarted after kill -9 (Restart=on-failure), ready again"
    else
      fail "systemd: not restarted after kill -9"
    fi
  else
    fail "systemd: memtx.service not ready:"; in_try journalctl -u memtx --no-pager | tail -15 >&2
  fi
else
  fail "systemd: cannot build or start the systemd container:"; tail -15 "$WORK/systemd-try-build.log" "$WORK/podman.err" >&2
fi
podman rm -f -t 2 "$TRY" >/dev/null 2>&1
unit_s=$((SECONDS - step_start))

# -- 4. podman kube play ----------------------------------------------------------------------
step_start=$SECONDS
KPORT=$(free_port)
sed -e "s/hostPort: 8080/hostPort: $KPORT/" -e "s/claimName: memtx-data/claimName: $RUN_ID-kube-data/" \
    -e "s/name: memtx-data/name: $RUN_ID-kube-data/" -e "s/name: memtx-local/name: $RUN_ID-kube/" \
    deploy/podman/memtx-local.yaml > "$KUBE_FILE"
log "podman kube play deploy/podman/memtx-local.yaml on 127.0.0.1:$KPORT"
if podman kube play "$KUBE_FILE" >"$WORK/kube-play.log" 2>&1; then
  if wait_http "http://127.0.0.1:$KPORT/health/ready" 200 "$READY_LIMIT"; then
    pass "kube play: /health/ready 200 after $((SECONDS - step_start)) s"
    if body=$(label_request "$KPORT") && has_entity "$body"; then pass "kube play: POST /v1/label answers"
    else fail "kube play: POST /v1/label: ${body:-no answer}"; fi
    kc=$RUN_ID-kube-pod-0-memtx
    if [ "$(podman exec "$kc" id -u 2>/dev/null)" = 10001 ] && ! podman exec "$kc" touch /x 2>/dev/null; then
      pass "kube play: runs as uid 10001 with a read-only root filesystem"
    else
      fail "kube play: container $kc is not uid 10001 with a read-only root"
    fi
  else
    fail "kube play: /health/ready not 200 after $READY_LIMIT s"
    podman pod ps >&2; podman ps -a >&2
  fi
else
  fail "podman kube play failed:"; sed 's/^/    /' "$WORK/kube-play.log" >&2
fi
podman kube down "$KUBE_FILE" >/dev/null 2>&1 || fail "podman kube down failed"
podman volume rm -f "$RUN_ID-kube-data" >/dev/null 2>&1
kube_s=$((SECONDS - step_start))

log "times: build ${build_s} s, run ${run_s} s, PostgreSQL replicas ${replicas_s} s, manifests ${k8s_s} s, unit ${unit_s} s, kube play ${kube_s} s; total $((SECONDS - total_start)) s"
log "image $IMAGE:latest: $(podman image inspect --format '{{.Size}}' "$IMAGE:latest" | awk '{printf "%.1f MB", $1/1e6}'); podman stop ${stop_s:-?} s"
if [ $failures -gt 0 ]; then log "deploy-check: $failures failures"; exit 1; fi
log "deploy-check: all passed"
