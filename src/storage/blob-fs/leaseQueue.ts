/**
 * @module storage/blob-fs/leaseQueue
 * Deferred deletion under read leases. Leases are numbered in the order they are taken; a deletion
 * requested when `n` leases had been taken waits until every lease numbered up to `n` is released.
 * Later leases never hold back an earlier deletion: a reader that takes its lease after the metadata
 * change cannot have seen the released blob.
 */
import type { ReadLease } from "../ports.ts";

/** @internal Tracks leases and runs deletions once no earlier lease is held. */
export class LeaseQueue<T> {
  #taken = 0;
  /** Active lease numbers; a Map iterates in insertion (= number) order, so the first key is the oldest. */
  readonly #active = new Map<number, true>();
  readonly #pending: { readonly epoch: number; readonly items: readonly T[] }[] = [];
  readonly #run: (items: readonly T[]) => void;

  constructor(run: (items: readonly T[]) => void) {
    this.#run = run;
  }

  /** Takes a lease; releasing it twice is harmless. */
  lease(): ReadLease {
    const n = ++this.#taken;
    this.#active.set(n, true);
    return {
      release: () => {
        if (this.#active.delete(n)) this.#drain();
      },
    };
  }

  /** Schedules `items` to run once every lease taken so far is released (at once if none is held). */
  defer(items: readonly T[]): void {
    if (items.length === 0) return;
    this.#pending.push({ epoch: this.#taken, items });
    this.#drain();
  }

  /** Deletions still waiting for leases. */
  get waiting(): number {
    return this.#pending.reduce((n, p) => n + p.items.length, 0);
  }

  #drain(): void {
    const oldest = this.#active.keys().next();
    const oldestActive = oldest.done === true ? Infinity : oldest.value;
    while (this.#pending.length > 0) {
      const head = this.#pending[0];
      if (head === undefined || head.epoch >= oldestActive) break;
      this.#pending.shift();
      this.#run(head.items);
    }
  }
}
