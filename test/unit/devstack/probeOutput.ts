// What the host probe prints (sections marked as probeScript() marks them) for a host with these
// files, for the tests that parse one without running the script on a host.
export function probeOutput(dir: string, files: Readonly<Record<string, string>>, sections: Readonly<Record<string, string>> = {}): string {
  const stats = Object.entries(files)
    .map(([path, text]) => `${Buffer.byteLength(text)}|1700000000|644|regular file|${path}\n`)
    .join('');
  const reads = Object.fromEntries(Object.entries(files).map(([path, text]) => [`read ${path}`, `ok\n${text}\n`]));
  return Object.entries({ dir: `${dir}\n`, files: stats, ...reads, ...sections, end: '' })
    .map(([name, body]) => `@@devstack-contrail@@${name}\n${body}`)
    .join('');
}
