#!/usr/bin/env bash
# What `npm test` needs running before the tests start, started idempotently (npm's pretest runs this):
#   - dockerd and the local test image (scripts/start-dockerd.sh), for the container and end-to-end tests;
#   - the eBPF sensor, built if it is missing (scripts/setup.sh builds it; a checkout that skipped that step
#     would otherwise skip every live test).
# Servers a single test file needs for itself (containerd, nats-server, chromium) are started by that file, on
# loopback and in a temporary directory. Not root: nothing can be started; the tests that need it say so and
# skip.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
say() { printf 'test-services: %s\n' "$*" >&2; }
if [ "$(id -u)" != 0 ]; then
  say "not root: dockerd and the live sensor cannot be used; those tests will skip"
  exit 0
fi
if [ ! -x "$root/sensor/build/peregrine-sensor" ] && [ -f "$root/sensor/Makefile" ]; then
  say "building the eBPF sensor"
  make -s -C "$root/sensor"
fi
if command -v dockerd >/dev/null; then
  "$root/scripts/start-dockerd.sh"
else
  say "dockerd is not installed (scripts/setup.sh installs it): the container tests will skip"
fi
