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

# ---- a compute host's CPU share: its own cgroup, entered by its sshd and its Docker Engine ------------
# The folders of host cgroup $1: on cgroup v1 a child of this shell's own cgroup in the cpu, cpuacct and
# memory hierarchies (a sandbox may hold it below the root); on v2 a child of the root of the unified tree.
CGROUP_FS=/sys/fs/cgroup
host_cgroup_dirs() {
  local name=devstack-contrail-$1 s own
  if [ -f "$CGROUP_FS/cgroup.controllers" ]; then echo "$CGROUP_FS/$name"; return; fi
  for s in cpu cpuacct memory; do
    own=$(awk -F: -v s="$s" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == s) print $3 }' /proc/self/cgroup)
    echo "$CGROUP_FS/$s${own%/}/$name"
  done
}

# makes host cgroup $1 with a CPU quota of $2 µs per 100 ms and a memory limit of $3 MB; says why not
host_cgroup_make() {
  local dirs d
  dirs=$(host_cgroup_dirs "$1")
  if [ -f "$CGROUP_FS/cgroup.controllers" ]; then
    echo "+cpu +memory" > "$CGROUP_FS/cgroup.subtree_control" 2>/dev/null || true
    mkdir -p "$dirs" && echo "$2 100000" > "$dirs/cpu.max" && echo "$(( $3 * 1024 * 1024 ))" > "$dirs/memory.max" ||
      { echo "cannot give $1 a CPU share in $dirs (cgroup v2 with cpu and memory delegated is needed)"; return 1; }
    return 0
  fi
  for d in $dirs; do mkdir -p "$d" || { echo "cannot make $d"; return 1; }; done
  set -- "$@" $dirs   # $4 cpu, $5 cpuacct, $6 memory
  echo 100000 > "$4/cpu.cfs_period_us" && echo "$2" > "$4/cpu.cfs_quota_us" &&
    echo "$(( $3 * 1024 * 1024 ))" > "$6/memory.limit_in_bytes" || { echo "cannot set the CPU quota or memory limit of $4"; return 1; }
}

# a shell line that moves the shell running it into host cgroup $1 (then exec what runs there)
host_cgroup_enter() {
  local d line=
  for d in $(host_cgroup_dirs "$1"); do line="${line}echo \$\$ > '$d/cgroup.procs' && "; done
  echo "$line"
}

# the cgroup file systems mounted again (a hierarchy cannot be mounted over itself: over a new tmpfs, with
# the links between them): run in a new cgroup and mount namespace, the mounts show the namespace's root,
# which is the host's cgroup (its own CPU and memory accounting, as a machine of its own would see it)
cgroup_remounts() {
  local l
  printf 'mount -t tmpfs -o mode=755 cgroup %s && ' "$CGROUP_FS"
  awk -v top="$CGROUP_FS" '$3 == "cgroup" { n = split($4, o, ","); s = "";
         for (i = 1; i <= n; i++) if (o[i] !~ /^(rw|ro|relatime|noatime|nosuid|nodev|noexec)$/) s = s (s == "" ? "" : ",") o[i];
         printf "mkdir -p %s && mount -t cgroup -o %s cgroup %s && ", $2, s, $2 }
       $3 == "cgroup2" { if ($2 != top) printf "mkdir -p %s && ", $2; printf "mount -t cgroup2 cgroup2 %s && ", $2 }' /proc/self/mounts
  for l in "$CGROUP_FS"/*; do [ -L "$l" ] && printf "ln -s '%s' '%s' && " "$(readlink "$l")" "$l"; done
  return 0
}
