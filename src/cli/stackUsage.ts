// The help of `devstack-contrail stack`, apart from the command: the CLI's own help shows it without loading the client.
export const STACK_USAGE = `devstack-contrail stack validate [--cloud NAME] FILE
devstack-contrail stack create|update --cloud NAME FILE [--name STACK] [--param K=V ...] [--wait]
devstack-contrail stack delete|events --cloud NAME STACK [--wait]
devstack-contrail stack list --cloud NAME

Application stacks through Heat. validate checks a template as lint does: offline (Heat Zed's resource
types and functions), or with --cloud against that cloud (its Heat's types and functions, and the
images, flavors, networks, subnets and keypairs it has). create and update check it against their
cloud first and send nothing while it has an error; update prints Heat's preview (added, replaced, deleted resources) before it runs. With --wait
each of Heat's events is a line as it comes, until the stack is COMPLETE or FAILED; a failed stack stays
with its failed resources and their reasons listed, and the servers it made, for \`stack delete\`.

Options:
  --cloud NAME        a cloud of clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml,
                      ~/.config/openstack/, /etc/openstack/; secure.yaml merged)
  --name STACK        the stack's name (default: the file's name without its extension)
  --param K=V         a template parameter; repeatable
  --wait              follow the events until the stack is complete, failed or gone
  --timeout S         how long --wait waits (default 1800)
  --format F          text (default) | json

Exit status: 0 done (with --wait: COMPLETE, or gone for delete), 1 a template error or a FAILED stack,
2 bad usage or a cloud that cannot be reached.
`;
