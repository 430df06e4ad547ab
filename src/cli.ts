// The devstack-contrail command line, on top of src/core. Exit codes: 0 ok, 1 findings, 2 bad usage.
import { version } from '../package.json';
import { UsageError } from './cli/args';
import { ownEntry } from './core/ownEntry';
import { LINT_USAGE, runLint } from './cli/lintCommand';
import { join } from 'node:path';
import { BOOT_USAGE } from './cli/bootUsage';
import { LOAD_USAGE } from './cli/loadUsage';
import { PROVISION_USAGE } from './cli/provisionUsage';
import { STACK_USAGE } from './cli/stackUsage';

/** plan|apply|undo, load and boot live in their own bundle (ssh2, the OpenStack client): `lint` starts without parsing it. */
function remoteCommands(): typeof import('./cli/remoteCommands') {
  const bundled = join(__dirname, 'cli-remote.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(bundled) as typeof import('./cli/remoteCommands');
}

const USAGE = `devstack-contrail ${version}
Lint and provision devstack hosts that run Nova with Docker and OpenContrail networking.

Usage:
  devstack-contrail lint [options] PATH...   lint localrc, local.conf and oslo.config files
  devstack-contrail plan|apply|undo [options] the Contrail + nova-docker setup of a host
  devstack-contrail load --cloud NAME [options]  what each compute host reserves and uses now
  devstack-contrail boot --cloud NAME [options]  boot servers, optionally placed by live load
  devstack-contrail stack VERB [options]      validate, create, update, delete, list Heat stacks
  devstack-contrail --version                print the version
  devstack-contrail --help                   print this help

${LINT_USAGE}
${PROVISION_USAGE}
${LOAD_USAGE}
${BOOT_USAGE}
${STACK_USAGE}`;

type Run = (argv: readonly string[], out: (text: string) => void, err: (text: string) => void) => Promise<number>;

/** The commands of the remote bundle: their help (shown without loading it) and how each runs. */
const REMOTE_COMMANDS: Readonly<Record<string, { readonly usage: string; readonly run: Run }>> = {
  plan: { usage: PROVISION_USAGE, run: (argv, out, err) => remoteCommands().runProvision('plan', argv, out, err) },
  apply: { usage: PROVISION_USAGE, run: (argv, out, err) => remoteCommands().runProvision('apply', argv, out, err) },
  undo: { usage: PROVISION_USAGE, run: (argv, out, err) => remoteCommands().runProvision('undo', argv, out, err) },
  load: { usage: LOAD_USAGE, run: (argv, out, err) => remoteCommands().runLoad(argv, out, err) },
  boot: { usage: BOOT_USAGE, run: (argv, out, err) => remoteCommands().runBoot(argv, out, err) },
  stack: {
    usage: STACK_USAGE,
    run: (argv, out, err) => {
      const [verb, ...options] = argv;
      const { STACK_VERBS, runStack } = remoteCommands();
      const known = STACK_VERBS.find((v) => v === verb);
      if (!known) throw new UsageError(`unknown verb "${verb}" (one of ${STACK_VERBS.join(', ')})`);
      return runStack(known, options, out, err);
    },
  },
};

export async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-V') {
    out(`${version}\n`);
    return 0;
  }
  try {
    if (command === 'lint') {
      if (rest.includes('--help') || rest.includes('-h')) {
        out(LINT_USAGE);
        return 0;
      }
      // --cloud: the cloud's checks come from the remote bundle (the OpenStack client), loaded only then
      return await runLint(rest, version, out, err, (cloud) => remoteCommands().cloudTemplateChecksFor(cloud));
    }
    const remote = ownEntry(REMOTE_COMMANDS, command);
    if (remote) {
      if (rest.includes('--help') || rest.includes('-h') || (command === 'stack' && rest.length === 0)) {
        out(remote.usage);
        return 0;
      }
      return await remote.run(rest, out, err);
    }
    err(`devstack-contrail: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`devstack-contrail ${command}: ${error.message}\n`);
      return 2;
    }
    err(`devstack-contrail ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
