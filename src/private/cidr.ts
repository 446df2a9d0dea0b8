/**
 * Parses an IPv4 CIDR block such as `10.0.0.0/16`.
 *
 * @returns the prefix length, or a description of what is wrong with it
 */
export function parseIpv4Cidr(cidr: string): { prefix: number } | { problem: string } {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) {
    return { problem: `'${cidr}' is not an IPv4 CIDR block of the form a.b.c.d/n` };
  }
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) {
    return { problem: `'${cidr}' has an address octet above 255` };
  }
  const prefix = Number(match[5]);
  if (prefix > 32) {
    return { problem: `'${cidr}' has a prefix length above 32` };
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const blockSize = 2 ** (32 - prefix);
  if (address % blockSize !== 0) {
    const network = address - (address % blockSize);
    const base = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    return { problem: `'${cidr}' has host bits set (the network address is ${base}/${prefix})` };
  }
  return { prefix };
}
