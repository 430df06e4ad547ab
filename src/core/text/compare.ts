// Ordinal string order (UTF-16 code units): the same on every machine, and no ICU collator to load
// (a cold CLI run's first localeCompare costs milliseconds).
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
