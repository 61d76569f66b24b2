/**
 * @module kernel/clock
 * Time and randomness are injected so that the core stays deterministic under test.
 */

/** @public A source of the current time. */
export interface Clock {
  now(): Date;
}

/** @public A clock pinned to one instant, or moved by hand: for tests and offline simulation. */
export class FixedClock implements Clock {
  #t: number;
  constructor(at: Date | number) {
    this.#t = typeof at === "number" ? at : at.getTime();
  }
  now(): Date {
    return new Date(this.#t);
  }
  advance(ms: number): void {
    this.#t += ms;
  }
}
