// The help text of plan|apply|undo, apart from the command itself: `--help` must not load ssh2 (the
// registry and its steps need none of the targets' I/O).
import { STEP_IDS } from '../core/provision/registry';

const STEP_IDS_TEXT = STEP_IDS.join(', ');

export const PROVISION_USAGE = `devstack-contrail plan|apply|undo [options]

Plans, applies (with backups and verification) or undoes the nova-docker + OpenContrail setup of a
devstack host: ${STEP_IDS_TEXT}.

Options:
  --host USER@HOST[:PORT]   work on this host over SSH (default: the local filesystem)
  --identity KEY            private key file (default: ssh-agent and ~/.ssh/id_*)
  --known-hosts FILE        host keys (default ~/.ssh/known_hosts); an unknown host is refused
  --accept-new-host-key     add an unknown host's key to --known-hosts (as OpenSSH's accept-new)
  --devstack DIR            the devstack checkout (default /opt/stack/devstack); a folder without
                            stack.sh and stackrc is refused before anything is written
  --root DIR                without --host: a folder that stands in for / (a chroot, a test tree);
                            files keep their owner and mode. Steps that run commands (nova-docker:
                            git, pip) are skipped: the tree's git config, setup.py and venv python
                            would run as you; apply nova-docker on the host itself
  --steps ID,ID             only these steps
  --set NAME=VALUE          NEUTRON_REPO, NEUTRON_BRANCH (default Juniper's neutron, contrail/havana),
                            NOVA_DOCKER_REPO, NOVA_DOCKER_BRANCH (default the OpenContrail fork, opencontrail);
                            a branch as git allows it, a repository as an https://, http://, ssh://
                            or git:// URL, user@host:path, or a local path or file:// URL
  --format text|json        output (default text)
  --yes                     apply or undo without asking (needed when not on a terminal)

Exit status: 0 done or nothing to do, 1 a step failed, conflicts exist or a file could not be read
(the other steps are still planned), 2 bad usage, no devstack checkout, unreachable host or host
key refused.
`;
