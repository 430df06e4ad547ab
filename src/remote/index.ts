// The only entry of dist/remote.js, bundled apart and required on the first remote operation, so that
// activation parses none of ssh2 or dockerode.
import { RemoteRuntime, type RemoteRuntimeOptions } from './remoteRuntime';

export { FileLedger } from '../core/provision/backupLedger';

export function createRemoteRuntime(options: RemoteRuntimeOptions): RemoteRuntime {
  return new RemoteRuntime(options);
}
