#!/bin/sh
# An OCI runtime for dockerd on hosts whose capability bounding set is smaller than the full set (some CI
# sandboxes and VMs drop CAP_SYS_RESOURCE, for example). On such a host runc cannot give a container a
# capability the daemon itself lacks, so `docker run --privileged` fails with "unable to apply caps: operation
# not permitted". This wrapper removes, from the OCI spec it is given (the bundle's config.json for `runc create`,
# the --process file for `runc exec`), exactly the capabilities missing from
# its own bounding set, then runs runc. Everything else (including HostConfig.Privileged, which Peregrine reads)
# is unchanged. scripts/start-dockerd.sh installs it as dockerd's default runtime only on such hosts.
set -eu

# `runc create` reads the bundle's config.json; `runc exec` (docker exec) a separate --process file.
bundle=""
process=""
prev=""
for arg in "$@"; do
  case "$prev" in --bundle | -b) bundle="$arg" ;; --process | -p) process="$arg" ;; esac
  case "$arg" in --bundle=*) bundle="${arg#--bundle=}" ;; --process=*) process="${arg#--process=}" ;; esac
  prev="$arg"
done
spec=""
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then spec="$bundle/config.json"; fi
if [ -n "$process" ] && [ -f "$process" ]; then spec="$process"; fi

if [ -n "$spec" ]; then
  bnd=$(awk '/^CapBnd:/ {print $2}' /proc/self/status)
  names="CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE
NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE
SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL
SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE"
  i=0
  script=""
  for n in $names; do
    if [ $(( (0x$bnd >> i) & 1 )) -eq 0 ]; then
      script="$script s/\"CAP_$n\",//g; s/,\"CAP_$n\"//g; s/\"CAP_$n\"//g;"
    fi
    i=$((i + 1))
  done
  if [ -n "$script" ]; then
    sed -i "$script" "$spec"
  fi
fi
exec runc "$@"
