#!/usr/bin/env bash
# The dbus-daemon of the private sessions that `npm test` and `npm run demo` start
# (dbus-run-session --dbus-daemon=scripts/quiet-dbus-daemon.sh). Run as root, dbus-daemon raises
# its open-file limit to 65536; where the hard limit is lower and may not be raised (containers,
# CI) it prints "Failed to set fd limit … Operation not permitted" at every start. A private bus
# serving a few connections never needs that many, so only that line is dropped: every other
# message still reaches stderr.
filter() {
  # Let go of every inherited descriptor but stdin/stdout/stderr: dbus-run-session reads the
  # bus address from one of them until EOF, which must come when the daemon closes it.
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
  done
  exec grep --line-buffered -v 'Failed to set fd limit'
}
exec dbus-daemon "$@" 2> >(filter >&2)
