// The help of `devstack-contrail load`, apart from the command: the CLI's own help shows it without loading ssh2.
export const LOAD_USAGE = `devstack-contrail load --cloud NAME [options]

What each compute host of a cloud carries: what flavors reserve there (Placement; the cloud's
user needs the admin role) and, for the hosts named with --ssh, what is used now: host CPU and
memory, and each container's CPU and memory.

Options:
  --cloud NAME        a cloud of clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml,
                      ~/.config/openstack/, /etc/openstack/; secure.yaml merged)
  --ssh HOST=DEST     measure compute host HOST over SSH at DEST (user@address[:port]);
                      repeatable. Its key must be in --known-hosts (or --accept-new-host-key)
  --identity FILE     the SSH private key (default: the SSH agent)
  --known-hosts FILE  default ~/.ssh/known_hosts
  --accept-new-host-key
  --seconds N         how long to measure (default 2; CPU needs two readings)
  --format F          text (default) | json
`;
