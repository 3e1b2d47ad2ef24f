#!/bin/sh
# Container entrypoint: seeds the configuration directory the host mounted at /etc/peregrine with what is
# missing there (the default configuration, which writes alerts to /var/log/peregrine/events.json; the default
# rules files next to it; rules.d/ for your own), then runs Peregrine with it. Nothing in /etc/peregrine is ever
# overwritten: edit it on the host and `docker restart peregrine` to reload configuration and rules.
set -eu
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
