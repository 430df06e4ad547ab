// The help of `devstack-contrail boot`, apart from the command: the CLI's own help shows it without loading ssh2.
import { DEFAULT_BUSY_CPU_PERCENT } from '../core/load/placement';
import { TARGET_HOST_MICROVERSION } from '../core/openstack/microversion';

export const BOOT_USAGE = `devstack-contrail boot --cloud NAME --image I --flavor F --network N [options]

Boots servers through Nova and waits until each is ACTIVE or ERROR, printing where each went and why.
Without --place Nova's scheduler decides. With --place live-load each boot goes to the compute host
with the most live headroom (measured over SSH as \`devstack-contrail load\` does, and measured again
between the boots of a --count, so they spread); a host above --busy-cpu-percent is never chosen
while another fits. Placing needs the admin role and compute API ${TARGET_HOST_MICROVERSION} (Nova's "host").

Options:
  --cloud NAME        a cloud of clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml,
                      ~/.config/openstack/, /etc/openstack/; secure.yaml merged)
  --image I           a Glance image, by name or id (docker container format for nova-docker)
  --flavor F          a flavor, by name or id
  --network N         a Neutron network, by name or id; repeatable
  --count K           how many servers (default 1, at most 50)
  --name NAME         the server's name (default boot-<time>); with --count K, NAME-1 … NAME-K
  --place live-load   place each boot on the host live load recommends
  --ssh HOST=DEST     measure compute host HOST over SSH at DEST (user@address[:port]);
                      repeatable; a host without one is not chosen. Its key must be in
                      --known-hosts (or --accept-new-host-key)
  --identity FILE     the SSH private key (default: the SSH agent)
  --known-hosts FILE  default ~/.ssh/known_hosts
  --accept-new-host-key
  --seconds N         how long to measure before each placement (default 3)
  --busy-cpu-percent P
                      a host above this live CPU % is busy (default ${DEFAULT_BUSY_CPU_PERCENT})
  --timeout S         how long to wait for each server to leave BUILD (default 300)
  --format F          text (default) | json

Exit status: 0 every server ACTIVE, 1 a server in ERROR, not ACTIVE in time, or no host to place on,
2 bad usage or a cloud that cannot be reached.
`;
