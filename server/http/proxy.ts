/**
 * The client's address behind trusted proxies (docs/SPEC.md, H7). `TRUSTED_PROXIES` lists the addresses and
 * CIDR ranges of the load balancers and reverse proxies in front of the instances; only when the TCP peer is one
 * of them is `X-Forwarded-For` believed, walked from the right (the hop the peer itself appended) past every
 * trusted hop to the first one that is not. Anyone else's header is ignored: the socket's address is the client.
 * Used for the audit log, the login throttle and logs, over HTTP and on websocket upgrades alike.
 */
import net from 'node:net';

/** Hops of one X-Forwarded-For looked at, at most (a longer chain stops at the last trusted hop read). */
const MAX_HOPS = 32;

/** An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`, what a dual-stack socket reports) as plain IPv4. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** A proxy entry: an address (`10.0.0.5`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function parseProxyEntry(entry: string): { address: string; prefix: number | null; family: 'ipv4' | 'ipv6' } | null {
  const [raw, bits, extra] = entry.trim().split('/');
  if (raw === undefined || extra !== undefined) return null;
  const address = plain(raw);
  const version = net.isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (bits === undefined) return { address, prefix: null, family };
  if (!/^\d{1,3}$/.test(bits)) return null;
  const prefix = Number(bits);
  if (prefix > (version === 4 ? 32 : 128)) return null;
  return { address, prefix, family };
}

/** Which peers may tell us the client's address. */
export class ProxyTrust {
  private readonly list = new net.BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry);
      if (!parsed) throw new Error(`not an address or CIDR range: ${entry}`);
      if (parsed.prefix === null) this.list.addAddress(parsed.address, parsed.family);
      else this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    this.empty = entries.length === 0;
  }

  trusts(address: string): boolean {
    if (this.empty) return false;
    const version = net.isIP(address);
    return version !== 0 && this.list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * The client's address: the socket's peer, or, when that is a trusted proxy, the first untrusted hop of
   * X-Forwarded-For from the right. A malformed hop ends the walk at the last trusted address read (what lies
   * left of it was written by nobody we trust); a chain of trusted hops only gives its leftmost.
   */
  clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    if (!peer) return 'unknown';
    let address = plain(peer);
    if (!this.trusts(address) || forwardedFor === undefined) return address;
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const hops = header.split(',');
    for (let i = hops.length - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
      const hop = parseHop(hops[i]!);
      if (hop === null) return address;
      address = hop;
      if (!this.trusts(hop)) return hop;
    }
    return address;
  }
}

/** One X-Forwarded-For entry: an address, perhaps with a port (`1.2.3.4:5678`, `[2001:db8::1]:443`). */
function parseHop(raw: string): string | null {
  let hop = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) hop = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(hop)) hop = hop.slice(0, hop.lastIndexOf(':'));
  hop = plain(hop);
  return net.isIP(hop) === 0 ? null : hop;
}

const NO_TRUST = new ProxyTrust([]);
const trustByList = new WeakMap<readonly string[], ProxyTrust>();

/** The trust of a configuration's TRUSTED_PROXIES (built once per list). */
export function proxyTrustOf(config: { TRUSTED_PROXIES?: readonly string[] }): ProxyTrust {
  const entries = config.TRUSTED_PROXIES;
  if (!entries || entries.length === 0) return NO_TRUST;
  let trust = trustByList.get(entries);
  if (!trust) trustByList.set(entries, (trust = new ProxyTrust(entries)));
  return trust;
}
