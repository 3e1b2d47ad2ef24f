#!/bin/sh
# Container entrypoint, two deployments:
#
# - Falco's classic one (`-v /etc/falco/falco.yaml:/etc/falco/falco.yaml -v /etc/falco/falco_rules.yaml:…`): when
#   /etc/falco/falco.yaml is there (the image has none of its own, so it was mounted), Peregrine runs with it
#   exactly as Falco would: that configuration, the rules files it names, its outputs. As in Falco's image, an
#   empty falco_rules.local.yaml and a rules.d/ exist unless mounted.
# - Peregrine's own: seeds the configuration directory the host mounted at /etc/peregrine with what is missing
#   there (the default configuration, which writes alerts to /var/log/peregrine/events.json; the default rules
#   files next to it; rules.d/ for your own), then runs Peregrine with it. Nothing in /etc/peregrine is ever
#   overwritten: edit it on the host and `docker restart peregrine` to reload configuration and rules.
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

falco_conf=/etc/falco/falco.yaml
if [ -f "$falco_conf" ]; then
  # What Falco's image ships beside falco.yaml, for a falco.yaml that names them.
  mkdir -p /etc/falco/rules.d
  if [ ! -e /etc/falco/falco_rules.local.yaml ]; then
    printf '# Your custom rules (this file came with the image; mount your own over it)\n' >/etc/falco/falco_rules.local.yaml
  fi
  echo "peregrine: using $falco_conf (Falco's deployment)" >&2
  if [ "$#" -eq 0 ]; then exec /opt/peregrine/bin/peregrine -c "$falco_conf"; fi
  case "$1" in
    -*) exec /opt/peregrine/bin/peregrine -c "$falco_conf" "$@" ;;
    *) exec "$@" ;;
  esac
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
