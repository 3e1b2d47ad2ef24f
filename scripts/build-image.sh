#!/usr/bin/env bash
# Builds Peregrine's container image here, without any registry:
#   1. a Debian bookworm base made with debootstrap (from the Debian mirror apt uses) and `docker import`ed as
#      peregrine/debian-base:bookworm — once; --rebuild-base makes it again;
#   2. a staging directory with the bundle (dist/), the pinned Node 24 binary (node_modules/node), native
#      add-ons, the sensor built here for this kernel's BTF (sensor/build), the rules and the container's
#      default configuration;
#   3. `docker build` of docker/Dockerfile FROM that base: peregrine/peregrine:latest and :<version>.
# Run as root with dockerd up (scripts/start-dockerd.sh starts it). Options: --rebuild-base, --tag NAME.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

BASE=peregrine/debian-base:bookworm
IMAGE=peregrine/peregrine
MIRROR="${PEREGRINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# What the base needs beyond minbase: the sensor loader's libraries, tini as PID 1, ps for debugging.
BASE_PACKAGES=libbpf1,libelf1,zlib1g,tini,procps,ca-certificates
rebuild_base=0
extra_tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild-base) rebuild_base=1 ;;
    --tag) extra_tag="$2"; shift ;;
    *) echo "build-image: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done

say() { printf 'build-image: %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { say "run as root (debootstrap and docker need it)"; exit 1; }
command -v docker >/dev/null || { say "docker is not installed"; exit 1; }
docker version >/dev/null 2>&1 || { say "dockerd does not answer; run scripts/start-dockerd.sh"; exit 1; }

work="$(mktemp -d /tmp/peregrine-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [ "$rebuild_base" = 1 ] || ! docker image inspect "$BASE" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { say "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
  say "debootstrap bookworm (minbase + $BASE_PACKAGES) from $MIRROR; this takes a few minutes"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    say "debootstrap failed; the end of its log:"; tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  # an image needs no package lists or caches: keep it small
  rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin "$work/rootfs/var/cache/apt/archives/"*.deb
  tar --numeric-owner -C "$work/rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --message "Debian bookworm minbase by debootstrap ($(date -u +%F))" - "$BASE" >/dev/null
  rm -rf "$work/rootfs"
  say "$BASE imported"
else
  say "$BASE present (--rebuild-base to make it again)"
fi

say "staging"
node_modules/node/bin/node scripts/build.ts
stage="$work/context/opt/peregrine"
mkdir -p "$stage/bin" "$stage/node_modules/node/bin" "$stage/docker"
cp bin/peregrine "$stage/bin/"
cp -r dist "$stage/dist"
cp -r rules "$stage/rules"
cp package.json "$stage/"
cp docker/entrypoint.sh docker/peregrine.yaml "$stage/docker/"
cp node_modules/node/bin/node "$stage/node_modules/node/bin/node"
strip --strip-debug "$stage/node_modules/node/bin/node" 2>/dev/null || true
# native add-ons the bundle leaves external (esbuild cannot bundle them)
for addon in unix-dgram; do
  if [ -d "node_modules/$addon" ]; then cp -r "node_modules/$addon" "$stage/node_modules/"; fi
done
if [ -d sensor/build ]; then
  mkdir -p "$stage/sensor"
  cp -r sensor/build "$stage/sensor/build"
else
  say "warning: sensor/build is missing (make -C sensor): the image can replay captures but not capture live"
fi

version="$(node_modules/node/bin/node -p "require('./package.json').version")"
tags=(-t "$IMAGE:latest" -t "$IMAGE:$version")
[ -n "$extra_tag" ] && tags+=(-t "$extra_tag")
say "docker build ${tags[*]}"
docker build --network none --build-arg "BASE=$BASE" -f docker/Dockerfile "${tags[@]}" "$work/context" >"$work/build.log" 2>&1 || {
  say "docker build failed; its log:"; cat "$work/build.log" >&2; exit 1; }
say "built $IMAGE:latest ($IMAGE:$version), $(docker image inspect -f '{{.Size}}' "$IMAGE:latest" | awk '{printf "%.0f MB", $1/1e6}')"
