// What undo and the steps take as a path a host named: absolute, without . or .. parts, NUL or newline.
export const isCleanAbsolute = (path: string): boolean =>
  path.startsWith('/') && !path.split('/').some((part) => part === '..' || part === '.') && !/[\0\n]/.test(path) && path.length < 4096;
