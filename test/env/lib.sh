# Shared by up.sh and down.sh (sourced): processes of the test env, known by PID file and command line.

# process $1 runs, is not a zombie (a killed daemon whose parent never reaps it still answers kill -0)
# and is ours: its command line holds $2 (after a reboot the PID may be another's)
pid_alive() {
  pid_live "$1" && { tr '\0' ' ' < "/proc/$1/cmdline" | grep -F -- "$2" >/dev/null; } 2>/dev/null
}

# pid $1 is a live process, not a zombie
pid_live() {
  [ -r "/proc/$1/cmdline" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# pid $1 is live and ours by a mark: the line $2 in its environment, or, where setproctitle wrote over
# that, $3 in its command line
# (grep without -q reads to the end: under pipefail an early exit would fail the pipe with SIGPIPE)
pid_marked() {
  pid_live "$1" || return 1
  { tr '\0' '\n' < "/proc/$1/environ" | grep -xF -- "$2" >/dev/null ||
    tr '\0' ' ' < "/proc/$1/cmdline" | grep -F -- "$3" >/dev/null; } 2>/dev/null
}

# the same for the process named by pid file $1 (sshd removes its PID file as it exits)
alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && pid_alive "$pid" "$2"
}

# stops the process of pid file $1 when it is alive and ours (TERM, up to $3 seconds, then KILL); removes the file
stop_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  if [ -n "$pid" ] && pid_alive "$pid" "$2"; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 $(( ${3:-5} * 10 ))); do pid_alive "$pid" "$2" || break; sleep 0.1; done
    if pid_alive "$pid" "$2"; then kill -9 "$pid" 2>/dev/null; fi
  fi
  rm -f "$1"
}

# what a dockerd of exec root $1 leaves when it dies hard: its containerd and the containers' shims, and
# containerd's PID file (dockerd trusts it: a recycled PID there makes it wait for a containerd that is
# not there, "timeout waiting for containerd to start")
stop_docker_leftovers() {
  local pid cmd
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    cmd=$( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null) || continue
    case $cmd in *containerd*"$1/containerd"*) kill -9 "$pid" 2>/dev/null || true ;; esac
  done
  rm -f "$1/containerd/containerd.pid"
}

# Removes every OUTPUT rule the test env added (marked by its comment), whatever uid it names: a run
# in another root (fresh-ci) shares this machine's netfilter tables but not its users.
drop_test_rules() {
  local rules rule
  # none is the usual case: grep finding nothing must not end a script under set -e -o pipefail
  rules=$(iptables -S OUTPUT 2>/dev/null | grep -- '--comment devstack-contrail-test' | sed 's/^-A /-D /') || true
  while read -r rule; do
    if [ -n "$rule" ]; then eval "iptables $rule" 2>/dev/null || true; fi
  done <<< "$rules"
}
