// Lookups by a name from a file or a host in a table of known names: only the table's own entries
// count, so a variable called "constructor" or a section called "__proto__" is simply unknown.

/** table[name] when the table itself has that key, else undefined (never an Object.prototype member). */
export function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
