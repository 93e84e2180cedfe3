// The key a client's failed sign-ins are counted under: its address as the socket sees it. An IPv4
// address written as IPv4-mapped IPv6 (::ffff:1.2.3.4, what a dual-stack listener reports) is the
// same client as 1.2.3.4. An IPv6 client is counted by its /64: one subscriber or lab network gets
// a whole /64, so counting single addresses would give a guesser 2^64 fresh counters.
//
// Behind a reverse proxy every request comes from the proxy's address, so all clients share one
// key; the throttle only refuses *failed* attempts (auth-throttle.ts), so that costs nobody with a
// valid credential anything.
import net from 'node:net';

export function clientAddressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!net.isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, as lowercase hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::') as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(missing, 0) }, () => '0'), ...right].map((group) => (parseInt(group, 16) || 0).toString(16));
}
