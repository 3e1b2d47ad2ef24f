#!/bin/sh
# Container entrypoint: seeds the configuration directory the host mounted at /etc/peregrine with what is
# missing there (the default configuration, which writes alerts to /var/log/peregrine/events.json; the default
# rules files next to it; rules.d/ for your own), then runs Peregrine with it. Nothing in /etc/peregrine is ever
# overwritten: edit it on the host and `docker restart peregrine` to reload configuration and rules.
set -eu

# The host's /etc (users and groups for user.name, the hostname for alerts) is read below HOST_ROOT. When it was
# not mounted (-v /etc:/host/etc:ro), reach it through the host's init: /host/proc/1/root is the host's root
# for a privileged container (some sandboxes forbid it; then user.name stays <NA>).
if [ -n "${HOST_ROOT:-}" ] && [ ! -e "$HOST_ROOT/etc" ]; then
  if [ -r "$HOST_ROOT/proc/1/root/etc/passwd" ]; then
    ln -s "$HOST_ROOT/proc/1/root/etc" "$HOST_ROOT/etc"
  else
    echo "peregrine: $HOST_ROOT/etc is not mounted and the host's root is not readable: user and group names unknown (add -v /etc:/host/etc:ro)" >&2
  fi
fi
# Alerts carry the host's name, not the container's (Falco's FALCO_HOSTNAME is honoured too).
if [ -z "${PEREGRINE_HOSTNAME:-}" ] && [ -z "${FALCO_HOSTNAME:-}" ] && [ -r "${HOST_ROOT:-}/etc/hostname" ]; then
  PEREGRINE_HOSTNAME="$(head -n 1 "${HOST_ROOT:-}/etc/hostname")"
  export PEREGRINE_HOSTNAME
fi

conf=/etc/peregrine
mkdir -p "$conf" /var/log/peregrine
if [ ! -e "$conf/peregrine.yaml" ]; then
  cp /opt/peregrine/docker/peregrine.yaml "$conf/peregrine.yaml"
  echo "peregrine: wrote the default configuration to $conf/peregrine.yaml" >&2
fi
for f in /opt/peregrine/rules/*.yaml; do
  if [ ! -e "$conf/$(basename "$f")" ]; then
    cp "$f" "$conf/"
    echo "peregrine: wrote the default rules file $conf/$(basename "$f")" >&2
  fi
done
mkdir -p "$conf/rules.d"
if [ "$#" -eq 0 ]; then
  exec /opt/peregrine/bin/peregrine -c "$conf/peregrine.yaml"
fi
case "$1" in
  -*) exec /opt/peregrine/bin/peregrine -c "$conf/peregrine.yaml" "$@" ;;
  *) exec "$@" ;;
esac
