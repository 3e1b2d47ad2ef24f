#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine to run and test Peregrine from this checkout:
#   Debian packages (toolchain for the eBPF sensor, the sysdig/tshark oracles, Docker), `npm ci` (which brings
#   the pinned Node 24), the bundle, and the sensor built against the running kernel's BTF.
# Idempotent; run as root. Set PEREGRINE_SKIP_APT=1 to skip the package step on a prepared machine.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

step() { printf '\n== setup: %s\n' "$*" >&2; }

packages=(
  # the eBPF sensor: compiler, libbpf headers and library, bpftool for vmlinux.h and skeletons (gcc also compiles
  # libs' event tables for scripts/gen-event-table.ts and its test)
  clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev make gcc pkg-config
  # the C style check of sensor/ (npm run check:c, part of npm run check)
  clang-format
  # oracles the tests compare against
  sysdig tshark
  # containers: the engine the container tests drive, a static busybox to build a local test image from, and
  # debootstrap for the Debian base of Peregrine's own image (scripts/build-image.sh)
  docker.io busybox-static debootstrap
  # containerd with its CRI plugin and ctr (test/containers/containerd-runtime.test.ts, test/e2e/containerd-threats:
  # the tests start their own containerd), runc for it, and util-linux's `script` (a terminal for `ctr exec -t`)
  containerd runc
  # native add-ons built by npm (unix-dgram, for syslog): node-gyp needs a C++ compiler and python3
  g++ python3
  # tools the tests and benchmarks use
  iproute2 procps util-linux hyperfine ca-certificates
  # the NATS JetStream output and the fleet ingest are tested against real servers (started by the tests on
  # loopback); openssl makes the TLS test's certificates
  nats-server openssl
  # the browser the alert console's tests drive (playwright-core with executablePath; no browser download)
  chromium
)

if [ "${PEREGRINE_SKIP_APT:-0}" != 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: installing Debian packages needs root; run with sudo (or PEREGRINE_SKIP_APT=1)" >&2
    exit 1
  fi
  step "Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # npm only bootstraps `npm ci` (which brings Node 24): Debian's npm is taken only when there is none, so a
  # machine's own Node and npm (NodeSource's, say) are never replaced.
  command -v npm >/dev/null || packages+=(npm)
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

step "npm ci (brings Node 24 as node_modules/node)"
npm ci --no-audit --no-fund

step "bundle"
node_modules/node/bin/node scripts/build.ts

# Peregrine's default rules where the default configuration looks for them (as a package would install them):
# peregrine_rules.yaml is ours and follows the checkout; peregrine_rules.local.yaml is yours and is never
# overwritten; rules.d/ takes more files.
if [ "$(id -u)" = 0 ]; then
  step "default rules in /etc/peregrine"
  install -d -m 0755 /etc/peregrine /etc/peregrine/rules.d
  install -m 0644 rules/peregrine_rules.yaml /etc/peregrine/peregrine_rules.yaml
  [ -e /etc/peregrine/peregrine_rules.local.yaml ] || install -m 0644 rules/peregrine_rules.local.yaml /etc/peregrine/
fi

if [ -f sensor/Makefile ]; then
  step "eBPF sensor"
  make -C sensor
fi
echo "setup: done" >&2
