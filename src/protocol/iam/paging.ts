/**
 * @module protocol/iam/paging
 * IAM list pagination, shared by every List* action (and GetGroup's users): `MaxItems` (1–1000,
 * default 100), an opaque `Marker`, and `IsTruncated`/`Marker` in the result
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/Welcome.html, "MaxItems", "Marker").
 *
 * A marker names the operation and the listed container (the user of ListAccessKeys, the policy of
 * ListPolicyVersions …) by a 32-bit hash, and the sort key of the last item returned; the next page
 * starts at the first item whose key sorts after it, so entities created or deleted between pages
 * neither repeat nor shift items. IAM accepts markers of at most 320 characters: a key too long for
 * that (a long policy name, a tag key in a non-Latin script) is carried by its hash instead, and the
 * page then starts after the item with that hash (the item must still exist). A marker that does not
 * decode, or that another operation or container issued, is refused with ValidationError
 * "Invalid Marker.".
 */
import { IamError, validationError } from "../../identity/iamError.ts";
import { intParam } from "./queryRequest.ts";
import type { XmlFields } from "./queryXml.ts";

/** @public IAM's page size when `MaxItems` is not given. */
export const DEFAULT_MAX_ITEMS = 100;
/** @public The largest `MaxItems` IAM accepts. */
export const MAX_MAX_ITEMS = 1000;
const MAX_MARKER_LENGTH = 320;

/** Where the previous page ended: the last item's sort key, or its hash when the key was too long to carry. */
type After = { readonly key: string } | { readonly hash: string };

/** @public A validated page request. */
export interface PageRequest {
  readonly maxItems: number;
  readonly after: After | undefined;
  /** Operation and container the marker must belong to. */
  readonly owner: string;
}

/** @public One page of a listing, with the result fields that describe it. */
export interface Page<T> {
  readonly items: readonly T[];
  /** `IsTruncated` and, when truncated, `Marker`. */
  readonly fields: XmlFields;
}

function invalidMarker(): IamError {
  return new IamError("ValidationError", "Invalid Marker.");
}

/** FNV-1a over UTF-16 code units, as 8 hex digits: tells markers of other listings apart, names a long key. */
function hash32(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** @public Encodes a marker (at most 320 characters, as IAM accepts); opaque to clients. */
export function encodeMarker(owner: string, key: string): string {
  const byKey = Buffer.from(`${hash32(owner)}k${key}`, "utf8").toString("base64url");
  return byKey.length <= MAX_MARKER_LENGTH ? byKey : Buffer.from(`${hash32(owner)}h${hash32(key)}`, "utf8").toString("base64url");
}

function decodeMarker(marker: string, owner: string): After {
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw invalidMarker();
  const decoded = Buffer.from(marker, "base64url").toString("utf8");
  if (decoded.slice(0, 8) !== hash32(owner)) throw invalidMarker();
  const rest = decoded.slice(9);
  if (decoded[8] === "k") return { key: rest };
  if (decoded[8] === "h" && /^[0-9a-f]{8}$/.test(rest)) return { hash: rest };
  throw invalidMarker();
}

/**
 * @public Reads and validates `MaxItems` and `Marker` for `operation`; `container` names what is
 * listed when the operation lists inside one entity (a user name, a policy ARN), "" otherwise.
 */
export function pageRequest(params: ReadonlyMap<string, string>, operation: string, container = ""): PageRequest {
  const max = intParam(params, "MaxItems");
  if (max !== undefined && max < 1) throw validationError("maxItems", String(max), "Member must have value greater than or equal to 1");
  if (max !== undefined && max > MAX_MAX_ITEMS) throw validationError("maxItems", String(max), `Member must have value less than or equal to ${MAX_MAX_ITEMS}`);
  const owner = `${operation}\n${container.toLowerCase()}`;
  const marker = params.get("Marker");
  if (marker === undefined) return { maxItems: max ?? DEFAULT_MAX_ITEMS, after: undefined, owner };
  if (marker.length < 1) throw validationError("marker", marker, "Member must have length greater than or equal to 1");
  if (marker.length > MAX_MARKER_LENGTH) throw validationError("marker", marker, `Member must have length less than or equal to ${MAX_MARKER_LENGTH}`);
  if (!/^[\u0020-\u00FF]+$/.test(marker)) throw validationError("marker", marker, "Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+");
  return { maxItems: max ?? DEFAULT_MAX_ITEMS, after: decodeMarker(marker, owner), owner };
}

/**
 * @public One page of `items` (keys must be unique within the listing): the items after the
 * request's marker, at most `maxItems` of them. Items are ordered by key, or, with `keepOrder`,
 * listed in the order given (tags keep the order they were added in); then the page starts after
 * the item whose key the marker holds, and a marker whose item has gone is invalid.
 */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, req: PageRequest, keepOrder = false): Page<T> {
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  if (!keepOrder) keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const after = req.after;
  let start = 0;
  if (after !== undefined && ("hash" in after || keepOrder)) {
    const at = "hash" in after ? keyed.findIndex((k) => hash32(k.key) === after.hash) : keyed.findIndex((k) => k.key === after.key);
    if (at < 0) throw invalidMarker();
    start = at + 1;
  } else if (after !== undefined) {
    start = keyed.findIndex((k) => k.key > after.key);
    if (start < 0) start = keyed.length;
  }
  const rest = keyed.slice(start);
  const page = rest.slice(0, req.maxItems);
  const last = page[page.length - 1];
  if (rest.length > page.length && last !== undefined) {
    return { items: page.map((k) => k.item), fields: [["IsTruncated", true], ["Marker", encodeMarker(req.owner, last.key)]] };
  }
  return { items: page.map((k) => k.item), fields: [["IsTruncated", false]] };
}
