#!/usr/bin/env bash
# Makes a Docker engine available for the container tests, idempotently:
#   1. starts dockerd (--iptables=false --bridge=none: no firewall or bridge changes on the host) unless one
#      already answers on the socket;
#   2. waits until it answers;
#   3. imports the local test image, peregrine-test/busybox:latest, from the static busybox if it is missing
#      (no registry is needed or used).
# Run as root. `scripts/start-dockerd.sh --stop` stops a dockerd this script started (and only that one).
# Environment: DOCKER_HOST is ignored; the socket is /var/run/docker.sock. PEREGRINE_DOCKERD_LOG overrides the
# log file (default /var/log/peregrine-dockerd.log).
set -euo pipefail

IMAGE=peregrine-test/busybox:latest
SOCK=/var/run/docker.sock
PIDFILE=/var/run/peregrine-dockerd.pid
LOG="${PEREGRINE_DOCKERD_LOG:-/var/log/peregrine-dockerd.log}"
export DOCKER_HOST="unix://$SOCK"

say() { printf 'start-dockerd: %s\n' "$*" >&2; }
answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if [ "${1:-}" = --stop ]; then
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    pid="$(cat "$PIDFILE")"
    kill "$pid"
    # dockerd stops its containers first; give it the time it asks for, then stop waiting
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$PIDFILE"
    say "stopped dockerd (pid $pid)"
  else
    say "no dockerd started by this script is running"
  fi
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  say "must run as root (dockerd needs it)"
  exit 1
fi
for tool in dockerd docker busybox; do
  command -v "$tool" >/dev/null || { say "$tool is not installed (scripts/setup.sh installs docker.io and busybox-static)"; exit 1; }
done

# The capped runc is installed outside the checkout: dockerd outlives the checkout that started it (CI clones
# into a temporary directory), and a runtime path into a removed clone would fail every later `docker run`.
RUNC_CAPPED=/usr/local/lib/peregrine/runc-capped.sh
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

start_dockerd() {
  say "starting dockerd (log: $LOG)"
  extra=()
  # A host whose bounding set lacks capabilities (some sandboxes drop CAP_SYS_RESOURCE) cannot run
  # `docker run --privileged` through plain runc; give dockerd a runc that drops just those (runc-capped.sh).
  last="$(cat /proc/sys/kernel/cap_last_cap)"
  bnd="$(awk '/^CapBnd:/ {print $2}' /proc/self/status)"
  if [ $(( 0x$bnd )) -ne $(( (1 << (last + 1)) - 1 )) ]; then
    install -D -m 755 "$here/runc-capped.sh" "$RUNC_CAPPED"
    say "capability bounding set is $bnd (not full): privileged containers run through $RUNC_CAPPED"
    extra=(--add-runtime "peregrine-runc=$RUNC_CAPPED" --default-runtime peregrine-runc)
  fi
  # setsid: dockerd must outlive this script and the CI step that ran it
  setsid dockerd --iptables=false --bridge=none --host="unix://$SOCK" "${extra[@]}" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 300); do
    answers && break
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      say "dockerd exited during start-up; the end of $LOG:"
      tail -n 20 "$LOG" >&2
      exit 1
    fi
    sleep 0.2
  done
  answers || { say "dockerd did not answer within 60 s; see $LOG"; exit 1; }
  say "dockerd $(docker version --format '{{.Server.Version}}') answers"
}

# Stops the dockerd that answers (ours or not): it must be replaced.
stop_running_dockerd() {
  pid="$(pgrep -x dockerd | head -n 1 || true)"
  [ -n "$pid" ] || return 0
  kill "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  rm -f "$PIDFILE"
}

if answers; then
  # A dockerd started earlier (by an older checkout, say) may name a runtime that no longer exists.
  runtime="$(docker info --format '{{.DefaultRuntime}}')"
  path="$(docker info --format "{{with index .Runtimes \"$runtime\"}}{{.Path}}{{end}}" 2>/dev/null || true)"
  if [ "$runtime" != runc ] && [ -n "$path" ] && [ ! -x "$path" ]; then
    say "dockerd's default runtime $runtime is $path, which no longer exists: restarting dockerd"
    stop_running_dockerd
    start_dockerd
  else
    say "dockerd already answers on $SOCK"
    # keep an installed capped runc current
    if [ "$path" = "$RUNC_CAPPED" ]; then install -m 755 "$here/runc-capped.sh" "$RUNC_CAPPED"; fi
  fi
else
  start_dockerd
fi

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "$IMAGE present"
else
  say "importing $IMAGE from $(command -v busybox)"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev,var/tmp,usr/bin,usr/sbin,sbin}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  # one symlink per applet, where busybox itself would install it (sh in /bin, chroot in /usr/sbin, …)
  chroot "$rootfs" /bin/busybox --install -s
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | docker import \
    --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    --message 'peregrine test image: static busybox' - "$IMAGE" >/dev/null
  say "$IMAGE imported"
fi
