// The devstack-contrail command line, on top of src/core. Exit codes: 0 ok, 1 findings, 2 bad usage.
import { version } from '../package.json';

const USAGE = `devstack-contrail ${version}
Lint and provision devstack hosts that run Nova with Docker and OpenContrail networking.

Usage:
  devstack-contrail --version     print the version
  devstack-contrail --help        print this help
`;

export function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-V') {
    out(`${version}\n`);
    return 0;
  }
  err(`devstack-contrail: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t));
}
