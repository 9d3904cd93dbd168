/**
 * Which Jira URLs Pacer will talk to. Self-hosted Jira usually lives on a private or loopback
 * address, so those are allowed; link-local and cloud metadata addresses are refused (unless an
 * admin allows them) because a server-side request there can leak the host's cloud credentials.
 * The host is resolved and every address checked, so a friendly name pointing at 169.254.169.254
 * is refused too.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { JiraError } from './errors';

export type UnsafeUrlReason = 'invalid' | 'scheme' | 'credentials' | 'link_local';

export class UnsafeJiraUrlError extends Error {
  override readonly name = 'UnsafeJiraUrlError';
  constructor(
    readonly reason: UnsafeUrlReason,
    message: string,
  ) {
    super(message);
  }
}

export interface UrlSafetyOptions {
  /** Admin setting: allow link-local and metadata addresses (e.g. Jira on a link-local lab network). */
  allowLinkLocal?: boolean;
  /** Host resolver; defaults to the operating system's (node:dns lookup with all addresses). */
  lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

const blocked = new BlockList();
blocked.addSubnet('169.254.0.0', 16, 'ipv4');
blocked.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud's metadata service
blocked.addSubnet('fe80::', 10, 'ipv6');
blocked.addAddress('fd00:ec2::254', 'ipv6');

/** The 8 16-bit groups of an IPv6 address (a trailing dotted IPv4 part counts as two), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * The IPv4 address an IPv6 address carries and that a gateway would connect to: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 * Without this, a metadata address written in one of these forms would slip past the block list.
 */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return undefined;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroUpTo = (n: number) => g.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(5) && g5 === 0xffff) return ipv4Of(g6, g7);
  if (zeroUpTo(6) && (g6 !== 0 || g7 > 1)) return ipv4Of(g6, g7); // not :: or ::1
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Of(g6, g7);
  if (g0 === 0x2002) return ipv4Of(g1, g2);
  return undefined;
}

/** Strips IPv6 brackets and unwraps IPv4-mapped IPv6 (::ffff:169.254.169.254) before the check. */
function normaliseAddress(address: string): { address: string; type: 'ipv4' | 'ipv6' } | undefined {
  let bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  bare = bare.replace(/%.*$/, ''); // zone id, e.g. fe80::1%eth0
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) bare = mapped[1];
  const family = isIP(bare);
  if (family === 4) return { address: bare, type: 'ipv4' };
  if (family === 6) {
    // Hex forms too (::ffff:a9fe:a9fe), as the WHATWG URL parser writes them.
    const carried = embeddedIpv4(bare);
    if (carried !== undefined) return { address: carried, type: 'ipv4' };
    return { address: bare, type: 'ipv6' };
  }
  return undefined;
}

export function isLinkLocalOrMetadata(address: string): boolean {
  const normalised = normaliseAddress(address);
  return normalised !== undefined && blocked.check(normalised.address, normalised.type);
}

/**
 * The syntax part of the check, without DNS: answers the normalised base URL (no trailing slash,
 * no query or fragment) or throws UnsafeJiraUrlError.
 */
export function normaliseJiraUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UnsafeJiraUrlError('invalid', 'The Jira URL is not a valid address. Enter it like https://jira.example.com.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeJiraUrlError('scheme', 'The Jira URL must start with https:// or http://.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnsafeJiraUrlError(
      'credentials',
      'The Jira URL must not contain a username or password. Enter them in the username and token fields instead.',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UnsafeJiraUrlError('invalid', 'The Jira URL must not contain "?" or "#". Enter the address of the Jira site only.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

const systemLookup = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Full check: syntax, then the host's addresses (literal or resolved). Answers the normalised URL.
 * Throws UnsafeJiraUrlError on a refused URL and JiraError `unreachable` when the name does not resolve.
 */
export async function assertSafeJiraUrl(input: string, options: UrlSafetyOptions = {}): Promise<string> {
  const normalised = normaliseJiraUrl(input);
  if (options.allowLinkLocal) return normalised;
  const hostname = new URL(normalised).hostname;
  const refuse = (): never => {
    throw new UnsafeJiraUrlError(
      'link_local',
      `Pacer does not connect to ${hostname}: it is a link-local or cloud metadata address. An admin can allow such addresses in the settings.`,
    );
  };
  if (normaliseAddress(hostname) !== undefined) {
    if (isLinkLocalOrMetadata(hostname)) refuse();
    return normalised;
  }
  let addresses: Array<{ address: string }>;
  try {
    addresses = await (options.lookup ?? systemLookup)(hostname);
  } catch {
    throw new JiraError('unreachable', `The host name ${hostname} could not be found. Check the Jira URL.`);
  }
  if (addresses.length === 0) {
    throw new JiraError('unreachable', `The host name ${hostname} could not be found. Check the Jira URL.`);
  }
  if (addresses.some(({ address }) => isLinkLocalOrMetadata(address))) refuse();
  return normalised;
}
