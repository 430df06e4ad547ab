#!/usr/bin/env bash
# The test images on the Docker Engine of $DOCKER_HOST (imported once from the machine's busybox):
#   local/busybox:test  prints a tick a second (the servers of most tests)
#   load-20, load-50, load-90  burn that % of a tenth of a core: busy 20, 50 or 90 ms of each second
#   oom-hog             allocates memory until its memory limit (a flavor's RAM) has the kernel kill it
# Glance images of the same names make the test compute driver run them (as nova-docker ran the Docker
# image named like the Glance image).
set -euo pipefail
want=(local/busybox:test load-20 load-50 load-90 oom-hog)
missing=()
for image in "${want[@]}"; do docker image inspect "$image" >/dev/null 2>&1 || missing+=("$image"); done
[ ${#missing[@]} -gt 0 ] || exit 0
R=$(mktemp -d); trap 'rm -rf "$R"' EXIT
mkdir -p "$R/bin" "$R/tmp" "$R/www"; cp /bin/busybox "$R/bin/"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$R/bin/$a"; done
echo hello > "$R/www/index.html"
tar -C "$R" -c . > "$R.tar"
trap 'rm -rf "$R" "$R.tar"' EXIT
burn() {  # $1 busy milliseconds per second
  echo "[\"sh\",\"-c\",\"echo burning $1 ms a second; while :; do yes > /dev/null & p=\$!; usleep $(( $1 * 1000 )); kill \$p; wait \$p 2>/dev/null; usleep $(( (1000 - $1) * 1000 )); done\"]"
}
for image in "${missing[@]}"; do
  case $image in
    local/busybox:test) cmd='["sh","-c","echo started; i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done"]' ;;
    load-*) cmd=$(burn "${image#load-}") ;;
    oom-hog) cmd='["sh","-c","echo allocating until the memory limit; exec tail /dev/zero"]' ;;
  esac
  docker import -c 'ENV PATH=/bin' -c "CMD $cmd" - "$image" < "$R.tar" >/dev/null
done
