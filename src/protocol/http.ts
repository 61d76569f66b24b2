/**
 * @module protocol/http
 * The server as a function: {@link HttpRequest} in, {@link HttpResponse} out. Only the node:http
 * adapter in server/ touches sockets; tests can call the handler in-process.
 */
import type { Readable } from "node:stream";

/** @public An incoming request as the protocol layer sees it. */
export interface HttpRequest {
  readonly method: string;
  /** The request target exactly as received: raw (still percent-encoded) path plus `?query`. */
  readonly url: string;
  /** Header pairs as received, names in their original case, repeated headers kept. */
  readonly rawHeaders: readonly string[];
  /** The body. Consumed at most once. */
  readonly body: AsyncIterable<Uint8Array>;
  readonly remoteAddress: string;
  /** True when the connection used TLS (`aws:SecureTransport`). */
  readonly secure: boolean;
}

/** @public A response. A `Readable` body is streamed; `length` is then its Content-Length. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array | Readable;
}

/** @public Case-insensitive access to request headers. */
export class Headers {
  readonly #map = new Map<string, string>();

  constructor(rawHeaders: readonly string[]) {
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = (rawHeaders[i] as string).toLowerCase();
      const value = rawHeaders[i + 1] as string;
      const prev = this.#map.get(name);
      this.#map.set(name, prev === undefined ? value : `${prev},${value}`);
    }
  }

  /** The value, repeated headers joined with commas as HTTP allows. */
  get(name: string): string | undefined {
    return this.#map.get(name);
  }

  has(name: string): boolean {
    return this.#map.has(name);
  }

  /** All headers as lower-case name → value. */
  entries(): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
}
