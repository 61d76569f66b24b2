/**
 * @module identity/writeGeneration
 * A write counter around the identity store, so that what is derived from it on every request (compiled
 * identity policies, an account's organization and SCP/RCP levels) can be cached and dropped as soon as
 * anything is written. Every method that is not a read (`get…`/`list…`) counts as a write, `transaction`
 * included, so a new kind of write is covered without a change here.
 */
import type { IdentityStore } from "../storage/identityPort.ts";

/** @public An identity store whose `generation` changes after every write. */
export interface CountedIdentityStore extends IdentityStore {
  readonly generation: number;
}

/** @public Wraps `store`; the wrapper must be the only way writes reach it. */
export function countWrites(store: IdentityStore): CountedIdentityStore {
  let generation = 0;
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store as CountedIdentityStore, {
    get(target, prop, receiver) {
      if (prop === "generation") return generation;
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      // One function per method, made on first use: reads are bound, writes also count.
      let fn = wrapped.get(prop);
      if (fn === undefined) {
        const method = value as (...a: unknown[]) => unknown;
        fn =
          typeof prop !== "string" || prop.startsWith("get") || prop.startsWith("list")
            ? method.bind(target)
            : (...args: unknown[]): unknown => {
                try {
                  return method.apply(target, args);
                } finally {
                  generation++;
                }
              };
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
