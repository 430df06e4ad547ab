// The devstack services a host lists: screen windows of session "stack" (2014) or devstack@ units.

export function screenWindows(text: string): string[] {
  // `screen -Q windows`: "0 shell  1$ key  2-$ g-api  3*$ n-api  4(L) n-cpu" (flags after the number;
  // (L): the window is logged, as stack.sh's screen_it set up with SCREEN_LOGDIR)
  return [...text.matchAll(/(?:^|\s)\d+(?:[-*$!@Z&]|\(L\))*\s+(\S+)/g)].map((m) => m[1]).filter((n) => n !== 'shell' && n !== 'bash');
}

export function systemdUnits(text: string): { name: string; active: boolean }[] {
  return text
    .split('\n')
    .map((l) => /^devstack@(\S+)\.service\s+\S+\s+(\S+)/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], active: m[2] === 'active' }));
}
