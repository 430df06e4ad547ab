// Errors from the OpenStack APIs, in words: the service's own message, the HTTP status, and what the user
// can do next. Secrets (passwords, application credential secrets, tokens) never reach a message.
import type { Fault } from './types';

export type OpenStackService = 'identity' | 'compute' | 'image' | 'network' | 'placement' | 'orchestration';

const SERVICE_LABEL: Record<OpenStackService, string> = {
  identity: 'Keystone',
  compute: 'Nova',
  image: 'Glance',
  network: 'Neutron',
  placement: 'Placement',
  orchestration: 'Heat',
};

export interface OpenStackErrorDetails {
  readonly service: OpenStackService;
  readonly cloud: string;
  readonly method: string;
  readonly url: string;
  /** HTTP status; undefined when no answer came (refused, timeout, name not found) */
  readonly status?: number;
  /** what the service itself said */
  readonly serviceMessage?: string;
  /** what the user can do next */
  readonly hint?: string;
}

export class OpenStackError extends Error {
  readonly service: OpenStackService;
  readonly cloud: string;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly serviceMessage?: string;
  readonly hint?: string;

  constructor(message: string, details: OpenStackErrorDetails) {
    super(message);
    this.name = 'OpenStackError';
    this.service = details.service;
    this.cloud = details.cloud;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.serviceMessage = details.serviceMessage;
    this.hint = details.hint;
  }
}

/** Replaces every secret (3 characters or more) in text by "***". */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  const known = secrets.filter((s): s is string => s !== undefined && s.length >= 3).sort((a, b) => b.length - a.length);
  for (const secret of known) result = result.split(secret).join('***');
  return result;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Error bodies are cut to this many characters before they are read: the service's message is at the
 * start, and a huge (or hostile) body must not hold up the extension host.
 */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;

const ENTITIES: Readonly<Record<string, string>> = { nbsp: ' ', lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };
/** Elements whose content is not the message (Glance's <title> repeats the status line). */
const SKIPPED_ELEMENTS = new Set(['head', 'title']);

/**
 * The text of an HTML error page: tags become spaces, <head> and <title> are dropped, a few entities
 * decoded. One pass with indexOf (no backtracking regex over the body): linear in its length.
 */
function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  // an element whose closing tag is absent is searched for once, not again at every later opening
  const noClosing = new Set<string>();
  let out = '';
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) {
      out += html.slice(at);
      break;
    }
    const close = html.indexOf('>', open + 1);
    // no '>' after this '<': no tag follows, the rest is text
    if (close < 0) {
      out += html.slice(at);
      break;
    }
    if (close === open + 1) {
      out += html.slice(at, close + 1);
      at = close + 1;
      continue;
    } // "<>" is text
    out += `${html.slice(at, open)} `;
    at = close + 1;
    const name = /^[a-z]+/.exec(lower.slice(open + 1, Math.min(close, open + 16)))?.[0];
    if (name && SKIPPED_ELEMENTS.has(name) && !noClosing.has(name)) {
      const end = lower.indexOf(`</${name}`, at);
      if (end < 0) noClosing.add(name);
      else {
        const endClose = html.indexOf('>', end);
        at = endClose < 0 ? html.length : endClose + 1;
      }
    }
  }
  return out
    .replace(/&(nbsp|lt|gt|quot|#39|amp);/g, (_m, entity: string) => ENTITIES[entity])
    .replace(/\s+/g, ' ')
    .trim();
}

/** Looks like HTML: a '<' that starts a tag or declaration, and a '>' somewhere after it. */
function looksLikeHtml(text: string): boolean {
  const start = /<[a-z!]/i.exec(text);
  return start !== null && text.lastIndexOf('>') > start.index;
}

/** The "message" of a JSON body cut short (so not parseable): the first "message": "…" string in it, maybe cut too. */
function messageInCutJson(text: string): string | undefined {
  const match = /"(?:message|description|faultstring)"\s*:\s*"((?:[^"\\]|\\[\s\S])*)(?:"|\\?$)/.exec(text);
  if (!match) return undefined;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return match[1];
  }
}

function messageInJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.message === 'string') return record.message;
  if (typeof record.description === 'string') return record.description;
  if (typeof record.faultstring === 'string') return record.faultstring;
  if (Array.isArray(record.errors) && record.errors.length > 0) return messageInJson(record.errors[0]);
  // Nova {"badRequest": {"message": …}}, Keystone {"error": {…}}, Neutron {"NeutronError": {…}}
  for (const inner of Object.values(record)) {
    if (typeof inner === 'object' && inner !== null && typeof (inner as Record<string, unknown>).message === 'string') {
      return (inner as Record<string, unknown>).message as string;
    }
  }
  return undefined;
}

/** The message an OpenStack service put in an error body (JSON of any service, or Glance's HTML/text). */
export function serviceMessageOf(body: string): string | undefined {
  const cut = body.length > MAX_ERROR_BODY_CHARS;
  const head = cut ? body.slice(0, MAX_ERROR_BODY_CHARS) : body;
  const more = cut ? `…(${Buffer.byteLength(body.slice(MAX_ERROR_BODY_CHARS))} bytes more)` : '';
  const trimmed = head.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('{')) {
    let message: string | undefined;
    try {
      message = messageInJson(JSON.parse(trimmed) as unknown);
    } catch {
      message = messageInCutJson(trimmed);
    }
    if (message !== undefined) return shortened(message.replace(/\s+/g, ' ').trim(), more);
  }
  let text = looksLikeHtml(trimmed) ? htmlToText(trimmed) : trimmed.replace(/\s+/g, ' ');
  // Glance/webob: "404 Not Found The resource could not be found." — the status is reported separately
  const code = Number(text.slice(0, 3));
  const statusLine = `${code} ${STATUS_TEXT[code] ?? ''}`;
  if (STATUS_TEXT[code] && text.startsWith(statusLine)) text = text.slice(statusLine.length).trim();
  return shortened(text, more);
}

/** A service message as shown: at most 500 characters, and how much of the body was not read. */
function shortened(text: string, more: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}${more || '…'}` : `${text}${more}`;
}

const SERVICE_LOG: Record<OpenStackService, string> = {
  identity: 'keystone',
  compute: 'n-api',
  image: 'g-api',
  network: 'q-svc',
  placement: 'placement-api',
  orchestration: 'h-eng',
};

/** What to do next, for a status and the service's message. */
export function hintFor(service: OpenStackService, status: number, serviceMessage: string, cloud: string): string | undefined {
  if (status >= 300 && status < 400)
    return 'the API answered with a redirect (to https, or another path?): put the address it redirects to in auth_url';
  if (status === 401) return `check the password or application credential of cloud "${cloud}" (and that the user and project exist)`;
  if (status === 403) {
    if (/quota exceeded/i.test(serviceMessage))
      return 'the project is out of quota: delete servers it no longer needs, or raise its quota as admin';
    if (service === 'placement')
      return "Placement's reservations (resource providers, inventories, usages) are the admin role's to read: use admin credentials (devstack: openrc admin admin)";
    return `the role of this user in its project does not allow it; listing hypervisors and choosing a target host need the admin role: use admin credentials (devstack: openrc admin admin)`;
  }
  if (status === 404) return 'it does not exist (any more): refresh the view; it may have been deleted elsewhere';
  if (status === 409) {
    const task = /task_state (\S+?)[.,]?(?:\s|$)/.exec(serviceMessage);
    if (task && task[1] !== 'None') return `the server is busy (task state ${task[1]}): wait until the task ends, then retry`;
    const vm = /vm_state (\S+?)[.,]?(?:\s|$)/.exec(serviceMessage);
    if (vm) return `the server is ${vm[1]}, where this action does not apply: refresh and check its status`;
    return 'the resource is busy or in a state where this does not apply: wait a moment and retry';
  }
  if (status === 413 || status === 429) return 'too many requests or over quota: wait, or raise the quota as admin';
  if (status >= 500) return `${SERVICE_LABEL[service]} failed internally: see its log on the devstack host (${SERVICE_LOG[service]})`;
  return undefined;
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export interface HttpFailure {
  readonly service: OpenStackService;
  readonly cloud: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
  readonly secrets: readonly (string | undefined)[];
}

/** An error for an HTTP answer that is not a success. */
export function errorFromResponse(failure: HttpFailure): OpenStackError {
  const { service, cloud, method, url, status, secrets } = failure;
  const serviceMessage = redactSecrets(serviceMessageOf(failure.body) ?? '', secrets);
  const hint = hintFor(service, status, serviceMessage, cloud);
  const statusText = STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : '';
  const said = serviceMessage === '' ? '' : `: ${serviceMessage.replace(/\.$/, '')}`;
  const message = redactSecrets(
    `cloud "${cloud}": ${SERVICE_LABEL[service]} answered ${method} ${pathOf(url)} with ${status}${statusText}${said}${hint ? ` — ${hint}` : ''}`,
    secrets,
  );
  return new OpenStackError(message, { service, cloud, method, url, status, serviceMessage: serviceMessage || undefined, hint });
}

/** The system error code (ECONNREFUSED, ENOTFOUND, …) somewhere in a fetch/node/ssh2 error chain. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown; name?: unknown };
    if (typeof record.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(record.code)) return record.code;
    if (record.name === 'TimeoutError') return 'ETIMEDOUT';
    if (typeof record.message === 'string') {
      if (/connection refused/i.test(record.message)) return 'ECONNREFUSED';
      if (/timed? ?out/i.test(record.message)) return 'ETIMEDOUT';
    }
    if (Array.isArray(record.errors) && record.errors.length > 0) return networkErrorCode(record.errors[0]);
    current = record.cause;
  }
  return undefined;
}

/** "DNS:localhost": the names of the certificate a host-mismatch error (or its cause) carries. */
function certificateNames(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const cert = (current as { cert?: { subjectaltname?: string; subject?: { CN?: string } } }).cert;
    if (cert) return cert.subjectaltname ?? (cert.subject?.CN !== undefined ? `CN=${cert.subject.CN}` : undefined);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** "fetch failed: bad port": the messages of an error and its causes. */
function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current.message && !messages.includes(current.message)) messages.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}

export interface ConnectionFailure {
  readonly service: OpenStackService;
  readonly cloud: string;
  readonly method: string;
  readonly url: string;
  readonly error: unknown;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  readonly viaSsh: boolean;
  readonly secrets: readonly (string | undefined)[];
}

/** An error for a request that got no HTTP answer at all. */
export function errorFromConnection(failure: ConnectionFailure): OpenStackError {
  const { service, cloud, method, url } = failure;
  const code = failure.timedOut ? 'ETIMEDOUT' : networkErrorCode(failure.error);
  const where = new URL(url).origin;
  const ssh = failure.viaSsh ? ' (through the SSH connection)' : '';
  const notReachable = failure.viaSsh
    ? 'is devstack running on that host (./stack.sh), and is this the address it listens on?'
    : 'is devstack running (./stack.sh)? If the APIs listen only on the devstack host, enable "via SSH" for this cloud';
  let what: string;
  let hint: string;
  if (code === 'ECONNREFUSED') {
    what = `connection refused at ${where}${ssh}`;
    hint = notReachable;
  } else if (code === 'ETIMEDOUT') {
    what = `no answer from ${where}${ssh} within ${Math.round(failure.timeoutMs / 1000)} s`;
    hint = `${notReachable}; a firewall may drop the connection`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    what = `the host name of ${where} is not known${ssh}`;
    hint =
      'check auth_url (OS_AUTH_URL) and the endpoints Keystone lists; a catalog naming a host only the devstack host knows needs "via SSH"';
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = certificateNames(failure.error);
    what = `the TLS certificate of ${where}${ssh} is not for ${new URL(url).hostname}${names ? ` (it names ${names})` : ''}`;
    hint = 'use the host name or address the certificate names in auth_url, or give the server a certificate for this one';
  } else if (code !== undefined && /CERT|SELF_SIGNED|TLS|SSL/.test(code)) {
    what = `the TLS certificate of ${where} was not accepted (${code})`;
    hint = 'give the CA (cacert) or, for a test cloud, set verify: false in clouds.yaml';
  } else {
    const detail = causeChain(failure.error);
    what = `${where}${ssh} could not be reached (${detail})`;
    hint = notReachable;
  }
  const message = redactSecrets(
    `cloud "${cloud}": ${SERVICE_LABEL[service]} API not reachable — ${what} (${method} ${pathOf(url)}) — ${hint}`,
    failure.secrets,
  );
  return new OpenStackError(message, { service, cloud, method, url, hint });
}

function isNoValidHost(text: string): boolean {
  return /NoValidHost|No valid host/i.test(text);
}

/** Server.fault from Nova's `fault` object, with what to do for the common ones. */
export function faultWithHint(code: number, message: string, details?: string): Fault {
  const fault: Fault = { code, message };
  if (details !== undefined && details !== '') fault.details = details;
  if (isNoValidHost(`${message} ${details ?? ''}`)) {
    fault.hint =
      'no compute host had room for it or accepted it: check that nova-compute is up (openstack compute service list), that the flavor fits the host, and that the image\'s container format is "docker" for the Docker driver';
  } else if (/image .*could not be found|ImageNotFound/i.test(message)) {
    fault.hint = 'the image is gone or not visible to this project: choose another image';
  } else if (/docker/i.test(`${message} ${details ?? ''}`)) {
    fault.hint = "the Docker driver failed: see nova-compute's log (n-cpu) and that Docker runs on the compute host";
  }
  return fault;
}

/** One line for a server in ERROR: its fault message and the hint. */
export function describeFault(serverName: string, fault: Fault): string {
  return `server "${serverName}" failed: ${fault.message.replace(/\.$/, '')}${fault.hint ? ` — ${fault.hint}` : ''}`;
}
