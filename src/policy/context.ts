/**
 * @module policy/context
 * The request context keys a policy's conditions read (spec §8): a case-insensitive key → value lookup that
 * knows which keys are multivalued (spec §3.10). Built once per request by the authorization engine; values
 * may also be supplied lazily by a resolver that is asked only for keys a condition actually reads.
 */

/** @public A context value: one string, or a set of strings for multivalued keys. */
export type ContextValue = string | readonly string[];

/** @public Multivalued global and S3 keys (type `ArrayOf…` in the Service Authorization Reference), lower-case. */
export const MULTIVALUED_KEYS: ReadonlySet<string> = new Set([
  "aws:tagkeys",
  "aws:principalorgpaths",
  "aws:resourceorgpaths",
  "aws:calledvia",
  "aws:principalservicenameslist",
  "s3:requestobjecttagkeys",
  "s3:inventoryaccessibleoptionalfields",
]);

/** @public Case-insensitive, lazily extensible context keys. */
export class ContextKeys {
  private readonly map = new Map<string, ContextValue>();
  private resolver: ((keyLower: string) => ContextValue | undefined) | undefined;

  /** Builds context keys from a plain record; array values are multivalued. */
  static of(record: Readonly<Record<string, ContextValue>>): ContextKeys {
    const c = new ContextKeys();
    for (const k in record) {
      const v = record[k];
      if (v !== undefined) c.map.set(k.toLowerCase(), v);
    }
    return c;
  }

  /** Sets one key (name compared case-insensitively). */
  set(key: string, value: ContextValue): this {
    this.map.set(key.toLowerCase(), value);
    return this;
  }

  /** Supplies keys on demand; the resolver is called with the lower-case key name, at most once per key. */
  withResolver(resolver: (keyLower: string) => ContextValue | undefined): this {
    this.resolver = resolver;
    return this;
  }

  /** The value of a key, looked up by its lower-case name. */
  lookup(keyLower: string): ContextValue | undefined {
    const v = this.map.get(keyLower);
    if (v !== undefined || this.resolver === undefined) return v;
    const r = this.resolver(keyLower);
    if (r !== undefined) this.map.set(keyLower, r);
    return r;
  }

  /** The value of a key, by any spelling of its name. */
  get(key: string): ContextValue | undefined {
    return this.lookup(key.toLowerCase());
  }

  /** All keys set so far (lower-case), for traces and tests. */
  entries(): IterableIterator<[string, ContextValue]> {
    return this.map.entries();
  }
}
