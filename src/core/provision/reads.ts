// What provisioning reads from a host, on any target (and as the host probe read it): apart from
// target.ts so that the steps, the registry and the CLI help need none of the targets' I/O.

export interface FileState {
  readonly exists: boolean;
  readonly data?: Buffer;
  readonly mode?: number;
}

/** A file that is there but cannot be read as a config file (not a regular file, too big, no permission). */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
