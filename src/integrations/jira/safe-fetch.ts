/**
 * fetch for Jira that checks the address it actually connects to. assertSafeJiraUrl checks the
 * host's addresses once, but the connection resolves the name again: a DNS server that answers a
 * harmless address to the check and 169.254.169.254 to the connection (DNS rebinding) would get
 * past it. Here the connection's own lookup refuses blocked addresses, so every connection (retries
 * and redirects included) is checked at the moment it is made.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { isLinkLocalOrMetadata, UnsafeJiraUrlError } from './url-safety';

export type AddressResolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: AddressResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect that refuses link-local and metadata addresses. */
export function checkedLookup(resolver: AddressResolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolver(hostname).then(
      (found) => {
        const addresses = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        if (addresses.some((a) => isLinkLocalOrMetadata(a.address))) {
          callback(
            new UnsafeJiraUrlError(
              'link_local',
              `Pacer does not connect to ${hostname}: it now resolves to a link-local or cloud metadata address. An admin can allow such addresses in the settings.`,
            ),
            '',
          );
          return;
        }
        const first = addresses[0];
        if (!first) {
          const missing: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          missing.code = 'ENOTFOUND';
          callback(missing, '');
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** A fetch whose connections go through checkedLookup (one connection pool per call of this). */
export function createSafeFetch(resolver?: AddressResolver): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: checkedLookup(resolver) } });
  // undici's own fetch, so the dispatcher is honoured whatever undici version Node bundles; its
  // Request/Response types are the same WHATWG shapes as the global ones.
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as typeof fetch;
}
