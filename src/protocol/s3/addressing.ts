/**
 * @module protocol/s3/addressing
 * Which bucket and key a request names: virtual-hosted style (`Host: bucket.<base>`, the whole path is
 * the key) or path style (`/bucket/key`). Also recognises S3 Control requests (`<account-id>.<control-base>`,
 * or `<account-id>.<base>` with a path under `/v20180820/`, as clients form them from a custom endpoint)
 * and access point hosts (`<name>-<account-id>.<access-point-base>`).
 * Sources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html (keys up to 1024 bytes of UTF-8).
 */

/** @public Host names the server answers for. In every domain, `*` matches part of one DNS label. */
export interface AddressingConfig {
  /** `<bucket>.<domain>` is virtual-hosted; the domain itself is path style. */
  readonly baseDomains: readonly string[];
  /** `<account-id>.<domain>` is an S3 Control request (extension point). */
  readonly controlDomains?: readonly string[];
  /** `<name>-<account-id>.<domain>` is an access point request (extension point). */
  readonly accessPointDomains?: readonly string[];
}

/** @public Defaults: local development names and the AWS endpoint shapes. */
export const DEFAULT_ADDRESSING: AddressingConfig = Object.freeze({
  baseDomains: ["localhost", "s3.localhost", "s3.amazonaws.com", "s3.*.amazonaws.com", "s3-*.amazonaws.com", "s3.dualstack.*.amazonaws.com"],
  controlDomains: ["s3-control.localhost", "s3-control.*.amazonaws.com"],
  accessPointDomains: ["s3-accesspoint.localhost", "s3-accesspoint.*.amazonaws.com"],
});

/** @public A bucket request, path style or virtual-hosted. No bucket means the service (ListBuckets). */
export interface BucketAddress {
  readonly style: "path" | "virtual";
  readonly bucket?: string;
  readonly key?: string;
}

/** @public A request through an access point host (not served yet). */
export interface AccessPointAddress {
  readonly style: "accesspoint";
  readonly name: string;
  readonly accountId: string;
  readonly key?: string;
}

/** @public An S3 Control request (not served yet); `path` is the raw request path. */
export interface ControlAddress {
  readonly style: "control";
  readonly accountId: string;
  readonly path: string;
}

/** @public What a request addresses. */
export type ResolvedAddress = BucketAddress | AccessPointAddress | ControlAddress;

/** @public Why a request's address is unusable; `error` is the S3 error code to answer with. */
export interface AddressError {
  readonly error: "InvalidURI" | "KeyTooLongError" | "InvalidRequest";
  readonly message: string;
}

/** @public The longest object key S3 accepts, in bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

type HostKind = "virtual" | "control" | "accesspoint";
interface CompiledDomain {
  readonly kind: HostKind;
  readonly labels: number;
  /** Matches the whole host; group 1 is the label(s) before the domain, if any. */
  readonly pattern: RegExp;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ACCESS_POINT = /^([a-z0-9][a-z0-9-]*)-(\d{12})$/;
/** Every S3 Control operation's path starts with its API version. */
const CONTROL_PATH_PREFIX = "/v20180820/";
const compiled = new WeakMap<AddressingConfig, readonly CompiledDomain[]>();
const bySignature = new Map<string, readonly CompiledDomain[]>();
const MAX_SIGNATURES = 32;

function compileDomain(kind: HostKind, domain: string): CompiledDomain {
  const body = domain
    .toLowerCase()
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, "\\$&"))
    .join("[^.]+");
  return { kind, labels: domain.split(".").length, pattern: new RegExp(`^(?:(.+)\\.)?${body}$`) };
}

/**
 * Compiles a configuration once; the most specific (longest) domain is tried first. Cached by object
 * identity, and by content for callers that rebuild an equal configuration object per request.
 */
function compile(config: AddressingConfig): readonly CompiledDomain[] {
  const cached = compiled.get(config);
  if (cached) return cached;
  const signature = [config.baseDomains, config.controlDomains ?? [], config.accessPointDomains ?? []].map((list) => list.join(",")).join("|");
  let all = bySignature.get(signature);
  if (all === undefined) {
    all = [
      ...(config.controlDomains ?? []).map((d) => compileDomain("control", d)),
      ...(config.accessPointDomains ?? []).map((d) => compileDomain("accesspoint", d)),
      ...config.baseDomains.map((d) => compileDomain("virtual", d)),
    ].sort((a, b) => b.labels - a.labels);
    if (bySignature.size >= MAX_SIGNATURES) bySignature.clear();
    bySignature.set(signature, all);
  }
  compiled.set(config, all);
  return all;
}

/** Lower-cases the host and drops the port and a trailing dot; undefined for IP literals. */
function hostName(host: string | undefined): string | undefined {
  if (host === undefined || host === "" || host.startsWith("[")) return undefined;
  const colon = host.lastIndexOf(":");
  let name = (colon >= 0 ? host.slice(0, colon) : host).toLowerCase();
  if (name.endsWith(".")) name = name.slice(0, -1);
  return name === "" || IPV4.test(name) ? undefined : name;
}

/** @public The number of bytes `text` takes in UTF-8. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function decode(raw: string): string | AddressError {
  try {
    return decodeURIComponent(raw);
  } catch {
    return { error: "InvalidURI", message: "Couldn't parse the specified URI." };
  }
}

/** Decodes a raw key once; the empty key means no key. */
function decodeKey(raw: string): { key?: string } | AddressError {
  if (raw === "") return {};
  const key = decode(raw);
  if (typeof key !== "string") return key;
  if (utf8Length(key) > MAX_KEY_BYTES) return { error: "KeyTooLongError", message: "Your key is too long" };
  return { key };
}

function pathStyle(path: string): BucketAddress | AddressError {
  if (path === "") return { style: "path" };
  const slash = path.indexOf("/");
  const rawBucket = slash < 0 ? path : path.slice(0, slash);
  const bucket = decode(rawBucket);
  if (typeof bucket !== "string") return bucket;
  if (bucket === "") return { error: "InvalidURI", message: "Couldn't parse the specified URI." };
  const key = decodeKey(slash < 0 ? "" : path.slice(slash + 1));
  return "error" in key ? key : { style: "path", bucket, ...key };
}

function hostStyle(kind: HostKind, label: string, path: string, rawPath: string): ResolvedAddress | AddressError {
  if (kind === "control") {
    if (!ACCOUNT_ID.test(label)) return { error: "InvalidRequest", message: "the S3 Control host must start with a 12-digit account id" };
    return { style: "control", accountId: label, path: rawPath };
  }
  // The SDKs and the aws CLI send S3 Control calls to `<account-id>.<endpoint host>` with paths under
  // /v20180820/; a 12-digit bucket name addressed virtual-hosted style keeps working for any other path.
  if (kind === "virtual" && ACCOUNT_ID.test(label) && rawPath.startsWith(CONTROL_PATH_PREFIX)) return { style: "control", accountId: label, path: rawPath };
  const key = decodeKey(path);
  if ("error" in key) return key;
  if (kind === "virtual") return { style: "virtual", bucket: label, ...key };
  const ap = ACCESS_POINT.exec(label);
  if (ap === null || ap[1] === undefined || ap[2] === undefined) {
    return { error: "InvalidRequest", message: "the access point host must be `<name>-<account-id>`" };
  }
  return { style: "accesspoint", name: ap[1], accountId: ap[2], ...key };
}

/**
 * @public Resolves the bucket and key of a request from its Host header and raw (still percent-encoded)
 * path. The key is percent-decoded exactly once (`+` stays `+`, `%2F` becomes `/`, `//` is kept).
 * An IP address, an unknown host, or a host equal to a base domain means path style.
 */
export function resolveAddress(host: string | undefined, rawPath: string, config: AddressingConfig = DEFAULT_ADDRESSING): ResolvedAddress | AddressError {
  const q = rawPath.indexOf("?");
  const fullPath = q >= 0 ? rawPath.slice(0, q) : rawPath;
  const path = fullPath.startsWith("/") ? fullPath.slice(1) : fullPath;
  const name = hostName(host);
  if (name !== undefined) {
    for (const domain of compile(config)) {
      const m = domain.pattern.exec(name);
      if (m === null) continue;
      const label = m[1];
      return label === undefined ? pathStyle(path) : hostStyle(domain.kind, label, path, fullPath);
    }
  }
  return pathStyle(path);
}
