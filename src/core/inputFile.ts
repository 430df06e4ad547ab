// What a file must be before it is read as a config file: a regular file of a sane size. Checked on
// its stat, before it is opened, so that a FIFO (which blocks an open forever), /dev/zero (endless)
// or a multi-gigabyte log named on a command line is refused at once instead of hanging the run.

/** No devstack or oslo.config file comes near this; the largest sample nova.conf is about 200 KB. */
export const MAX_INPUT_FILE_BYTES = 8 * 1024 * 1024;

/** The parts of fs.Stats the check needs (node's Stats and a remote stat both fit). */
export interface InputFileStats {
  isFile(): boolean;
  readonly size: number;
}

/** "22.1 MB", "512 bytes". */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Why a file must not be read (without the path), or undefined when it may. */
export function inputFileRefusal(stats: InputFileStats): string | undefined {
  if (!stats.isFile()) return 'not a regular file';
  if (stats.size > MAX_INPUT_FILE_BYTES) return `${formatSize(stats.size)} is over the ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB limit`;
  return undefined;
}
