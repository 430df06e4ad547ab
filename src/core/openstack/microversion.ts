// Nova microversions: the client asks for the version it was written against and steps down to what the
// server offers (its versions document, read once per client).

/** The compute API version this client's parsing is written for. */
export const PREFERRED_COMPUTE_MICROVERSION = '2.79';
/** Booting on a chosen host (`host` in POST /servers) needs this microversion. */
export const TARGET_HOST_MICROVERSION = '2.74';

export interface Microversion {
  readonly major: number;
  readonly minor: number;
}

export function parseMicroversion(text: string): Microversion | undefined {
  const match = /^\s*v?(\d+)\.(\d+)\s*$/.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function formatMicroversion(version: Microversion): string {
  return `${version.major}.${version.minor}`;
}

/** `version` and `min_version` of Nova's versions document (empty strings for a v2.0 without microversions). */
export interface ComputeVersionRange {
  readonly min?: string;
  readonly max?: string;
}

/** The range from GET <compute endpoint> ({"version": …}) or the root ({"versions": […]}). */
export function versionRangeOf(document: unknown): ComputeVersionRange {
  if (typeof document !== 'object' || document === null) return {};
  const root = document as { version?: unknown; versions?: unknown };
  let entry: unknown = root.version;
  if (entry === undefined && Array.isArray(root.versions)) {
    entry =
      root.versions.find((v: unknown) => typeof v === 'object' && v !== null && (v as { id?: unknown }).id === 'v2.1') ??
      root.versions.find((v: unknown) => typeof v === 'object' && v !== null && (v as { status?: unknown }).status === 'CURRENT');
  }
  if (typeof entry !== 'object' || entry === null) return {};
  const { version, min_version: min } = entry as { version?: unknown; min_version?: unknown };
  const range: { min?: string; max?: string } = {};
  if (typeof version === 'string' && version !== '') range.max = version;
  if (typeof min === 'string' && min !== '') range.min = min;
  return range;
}

/**
 * The microversion to send: the preferred one, the server's maximum when that is lower, or its minimum
 * when that is higher (a Nova newer than this client); undefined when the server has no microversions
 * (send no header).
 */
export function negotiateMicroversion(preferred: string, range: ComputeVersionRange): string | undefined {
  const wanted = parseMicroversion(preferred);
  const max = range.max ? parseMicroversion(range.max) : undefined;
  if (!wanted || !max) return undefined;
  const min = range.min ? parseMicroversion(range.min) : undefined;
  if (min && compareMicroversions(min, wanted) > 0) return formatMicroversion(min);
  return formatMicroversion(compareMicroversions(max, wanted) < 0 ? max : wanted);
}

/** True when the negotiated version is at least `needed`. */
export function supportsMicroversion(negotiated: string | undefined, needed: string): boolean {
  const have = negotiated ? parseMicroversion(negotiated) : undefined;
  const want = parseMicroversion(needed);
  return have !== undefined && want !== undefined && compareMicroversions(have, want) >= 0;
}

/** The headers Nova reads the microversion from (the new one and the legacy one). */
export function microversionHeaders(version: string | undefined): Record<string, string> {
  if (version === undefined) return {};
  return { 'OpenStack-API-Version': `compute ${version}`, 'X-OpenStack-Nova-API-Version': version };
}

/** The URL of the versions document for a compute endpoint (drops a project id after /v2.1). */
export function computeVersionsUrl(computeEndpoint: string): string {
  const url = new URL(computeEndpoint);
  const match = /^(.*?\/v2(?:\.\d+)?)(?:\/.*)?$/.exec(url.pathname);
  url.pathname = `${match ? match[1] : url.pathname.replace(/\/+$/, '')}/`;
  url.search = '';
  return url.toString();
}
