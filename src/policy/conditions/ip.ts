/**
 * @module policy/conditions/ip
 * `IpAddress` / `NotIpAddress` (spec §3.8): IPv4 and IPv6 addresses and CIDR ranges; a bare address is a
 * single-address range (/32 or /128). Addresses are compared as big integers of their family's width.
 */
import { MATCHES_NOTHING, readAll } from "./family.ts";
import type { FamilyCompiler } from "./family.ts";

/** @public A parsed address or range. */
export interface IpRange {
  readonly v6: boolean;
  readonly bits: bigint;
  readonly prefix: number;
}

const OCTET = /^\d{1,3}$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const PREFIX_LENGTH = /^\d{1,3}$/;

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!OCTET.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(text: string): bigint | undefined {
  let t = text;
  let tail: bigint[] = [];
  if (t.includes(".")) {
    const lastColon = t.lastIndexOf(":");
    const v4 = parseV4(t.slice(lastColon + 1));
    if (v4 === undefined || lastColon < 0) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    const head = t.slice(0, lastColon);
    t = head.endsWith(":") ? head + ":" : head;
  }
  const halves = t.split("::");
  if (halves.length > 2) return undefined;
  const group = (s: string): bigint[] | undefined => {
    if (s === "") return [];
    const out: bigint[] = [];
    for (const g of s.split(":")) {
      if (!HEX_GROUP.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = group(halves[0] ?? "");
  const rest = halves.length === 2 ? group(halves[1] ?? "") : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const groups = [...head, ...Array<bigint>(8 - known).fill(0n), ...rest, ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** @public Parses `a.b.c.d[/n]` or an IPv6 address with optional `/n`; undefined if malformed. */
export function parseIpRange(text: string): IpRange | undefined {
  const [addr = "", len, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  const v6 = addr.includes(":");
  const bits = v6 ? parseV6(addr) : parseV4(addr);
  if (bits === undefined) return undefined;
  const width = v6 ? 128 : 32;
  if (len !== undefined && !PREFIX_LENGTH.test(len)) return undefined;
  const prefix = len === undefined ? width : Number(len);
  if (prefix > width) return undefined;
  return { v6, bits, prefix };
}

/** @public Whether `addr` lies inside `range` (different families never match). */
export function ipInRange(range: IpRange, addr: IpRange): boolean {
  if (range.v6 !== addr.v6) return false;
  const shift = BigInt((range.v6 ? 128 : 32) - range.prefix);
  return addr.bits >> shift === range.bits >> shift;
}

const recent = new Map<string, IpRange | undefined>();

/** Request addresses repeat across statements and requests: keep the last few hundred parsed. */
function parseRequestAddress(text: string): IpRange | undefined {
  if (recent.has(text)) return recent.get(text);
  const r = parseIpRange(text);
  if (recent.size >= 512) recent.clear();
  recent.set(text, r);
  return r;
}

/**
 * A plain dotted-quad IPv4 address (`a.b.c.d`, each 1–3 digits up to 255, nothing else) as an unsigned 32-bit
 * number, or -1 for any other text — which {@link parseIpRange} then reads (spaces, a `/n` suffix, IPv6).
 */
function plainV4(text: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      part = part * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (part > 255) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return n * 256 + part;
}

/** An IPv4 range as 32-bit numbers: an address is inside when `((addr ^ base) & mask) === 0`. */
interface V4Range {
  readonly base: number;
  readonly mask: number;
}

function v4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) | 0;
}

/** @public Compiles an IpAddress test (NotIpAddress is its negation). IPv4 is compared as 32-bit numbers. */
export const compileIp: FamilyCompiler = (_test, values) => {
  const ranges = readAll(values, (v) => parseIpRange(v.text));
  if (ranges.length === 0) return MATCHES_NOTHING;
  const v4: V4Range[] = ranges.filter((r) => !r.v6).map((r) => ({ base: Number(r.bits), mask: v4Mask(r.prefix) }));
  const v6 = ranges.filter((r) => r.v6);
  const inV4 = (addr: number): boolean => {
    for (const r of v4) if (((addr ^ r.base) & r.mask) === 0) return true;
    return false;
  };
  return (v) => {
    const quad = plainV4(v);
    if (quad >= 0) return inV4(quad);
    const addr = parseRequestAddress(v);
    if (addr === undefined) return false;
    if (!addr.v6) return inV4(Number(addr.bits));
    for (const r of v6) if (ipInRange(r, addr)) return true;
    return false;
  };
};
