#!/usr/bin/env bash
# The test images on the Docker Engine of $DOCKER_HOST (imported once from the machine's busybox):
#   local/busybox:test  prints a tick a second (the servers of most tests)
#   load-20, load-50, load-90  burn about that % of a tenth of a core: one `yes` let run 4, 10 or 18 ms
#                       of every 200 ms (stopped and continued, no fork per cycle; short bursts, so a
#                       host's CPU quota does not throttle a burst into a smaller load than its own)
#   oom-hog             allocates memory until its memory limit (a flavor's RAM) has the kernel kill it
# Glance images of the same names make the test compute driver run them (as nova-docker ran the Docker
# image named like the Glance image).
set -euo pipefail
want=(local/busybox:test load-20 load-50 load-90 oom-hog)
VERSION=2 # bumped when an image's command changes: an engine holding an older one gets it again
missing=()
for image in "${want[@]}"; do
  made=$(docker image inspect -f '{{index .Config.Labels "devstack-contrail.test-image"}}' "$image" 2>/dev/null || true)
  [ "$made" = "$VERSION" ] || missing+=("$image")
done
[ ${#missing[@]} -gt 0 ] || exit 0
R=$(mktemp -d); trap 'rm -rf "$R"' EXIT
mkdir -p "$R/bin" "$R/tmp" "$R/www"; cp /bin/busybox "$R/bin/"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$R/bin/$a"; done
echo hello > "$R/www/index.html"
tar -C "$R" -c . > "$R.tar"
trap 'rm -rf "$R" "$R.tar"' EXIT
burn() {  # $1 busy milliseconds of each 200
  echo "[\"sh\",\"-c\",\"echo burning $1 ms of each 200; yes > /dev/null & p=\$!; while :; do usleep $(( $1 * 1000 )); kill -STOP \$p; usleep $(( (200 - $1) * 1000 )); kill -CONT \$p; done\"]"
}
for image in "${missing[@]}"; do
  case $image in
    local/busybox:test) cmd='["sh","-c","echo started; i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done"]' ;;
    load-*) cmd=$(burn $(( ${image#load-} / 5 ))) ;;
    oom-hog) cmd='["sh","-c","echo allocating until the memory limit; exec tail /dev/zero"]' ;;
  esac
  docker import -c 'ENV PATH=/bin' -c "LABEL devstack-contrail.test-image=$VERSION" -c "CMD $cmd" - "$image" < "$R.tar" >/dev/null
done
