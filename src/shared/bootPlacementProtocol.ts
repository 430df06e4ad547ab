// The Boot form's placement by live load on the wire: each compute host's headroom for the chosen
// flavor and the host it recommends (extension → webview), the flavor to judge for (webview → extension).
// Part of protocol.ts's Boot messages; no vscode, DOM or Node, type-only imports from core.
import type { HostVerdict, PlacementAdvice } from '../core/load/placement';
import { boolean, escapeControlCharacters, finite, list, literal, message, optional, record, text, type Parser } from './messageParsing';

const MIB = 1024 ** 2;
/** compute hosts in one message (a cloud with more is cut: the recommendation is made over all of them) */
export const HEADROOM_ROWS = 500;
const NAME_MAX = 255;
const NOTE_MAX = 4096;

export interface HeadroomRowView {
  host: string;
  verdict: HostVerdict;
  /** the SSH host it is measured on */
  sshHost?: string;
  cpuPercent?: number;
  cpuP95?: number;
  memoryFreeMb?: number;
  /** Placement's free figures, in words ("62 vCPU · 11008 MiB · 39 GB disk") */
  placementFree?: string;
  placementFits?: boolean;
  note: string;
  recommended: boolean;
}

/** Each compute host's live headroom for the flavor, the recommended host, and whether the boot can be placed there. */
export interface BootPlacementMessage {
  type: 'bootPlacement';
  flavorId: string;
  rows: HeadroomRowView[];
  recommended?: string;
  reason: string;
  /** the recommended host is itself busy (every host that fits is) */
  busy: boolean;
  /** why a boot cannot be placed by live load now (not admin, an older Nova, no reading, no host fits) */
  cannotPlace?: string;
}

/** A word from the extension about the boot just sent (where it was placed and why). */
export interface BootNoticeMessage {
  type: 'bootNotice';
  message: string;
}

/** The flavor the form has chosen, whose headroom the extension sends from now on. */
export interface PlacementFlavorMessage {
  type: 'placementFlavor';
  flavorId: string;
}

const name = text({ max: NAME_MAX });
const note = text({ max: NOTE_MAX, control: true });
const amount = finite(0);
const verdict = literal<HostVerdict>('fits', 'busy', 'no-room', 'no-memory', 'no-reading', 'unavailable');

const headroomRow = record<HeadroomRowView>({
  host: text({ min: 1, max: NAME_MAX }),
  verdict,
  sshHost: optional(name),
  cpuPercent: optional(amount),
  cpuP95: optional(amount),
  memoryFreeMb: optional(amount),
  placementFree: optional(name),
  placementFits: optional(boolean),
  note,
  recommended: boolean,
});

export const bootPlacementMessage: Parser<BootPlacementMessage> = message<BootPlacementMessage>('bootPlacement', {
  flavorId: name,
  rows: list(headroomRow, HEADROOM_ROWS),
  recommended: optional(name),
  reason: note,
  busy: boolean,
  cannotPlace: optional(note),
});
export const bootNoticeMessage: Parser<BootNoticeMessage> = message<BootNoticeMessage>('bootNotice', { message: note });
export const placementFlavorMessage: Parser<PlacementFlavorMessage> = message<PlacementFlavorMessage>('placementFlavor', {
  flavorId: name,
});

const clip = (value: string, max: number): string => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);
const field = (value: string): string => clip(escapeControlCharacters(value), NAME_MAX);

function freeText(free: NonNullable<PlacementAdvice['hosts'][number]['placementFree']>): string {
  return [
    free.vcpu !== undefined && `${free.vcpu} vCPU`,
    free.memoryMb !== undefined && `${free.memoryMb} MiB`,
    free.diskGb !== undefined && `${free.diskGb} GB disk`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The message for the form: remote names escaped and cut, absent figures absent (never `undefined` on the wire). */
export function toBootPlacementMessage(
  flavorId: string,
  advice: PlacementAdvice | undefined,
  sshHosts: ReadonlyMap<string, string>,
  cannotPlace: string | undefined,
): BootPlacementMessage {
  const rows = (advice?.hosts ?? []).slice(0, HEADROOM_ROWS).map((h): HeadroomRowView => {
    const row: HeadroomRowView = {
      host: field(h.host),
      verdict: h.verdict,
      note: clip(h.note, NOTE_MAX),
      recommended: h.host === advice?.recommended,
    };
    const sshHost = sshHosts.get(h.host);
    if (sshHost) row.sshHost = field(sshHost);
    if (h.cpuPercent !== undefined) row.cpuPercent = Math.max(0, h.cpuPercent);
    if (h.cpuP95 !== undefined) row.cpuP95 = Math.max(0, h.cpuP95);
    if (h.memoryFreeBytes !== undefined) row.memoryFreeMb = Math.floor(h.memoryFreeBytes / MIB);
    if (h.placementFree) row.placementFree = field(freeText(h.placementFree));
    if (h.placementFits !== undefined) row.placementFits = h.placementFits;
    return row;
  });
  const placement: BootPlacementMessage = {
    type: 'bootPlacement',
    flavorId: field(flavorId),
    rows,
    reason: clip(advice?.reason ?? cannotPlace ?? '', NOTE_MAX),
    busy: advice?.busy ?? false,
  };
  if (advice?.recommended) placement.recommended = field(advice.recommended);
  if (cannotPlace) placement.cannotPlace = clip(cannotPlace, NOTE_MAX);
  return placement;
}
