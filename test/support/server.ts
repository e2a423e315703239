// A real server on 127.0.0.1 over a fresh PGlite clone (or a given database), and a tiny HTTP client.
import type { Writable } from "node:stream";
import { buildServer } from "../../src/server/index.js";
import type { LabExecutor } from "../../src/server/lab/executor.js";
import type { RateLimits } from "../../src/server/security.js";
import type { Db } from "../../src/store/db.js";
import { createStore, type Store } from "../../src/store/index.js";
import { freshPglite } from "./pglite.js";

/** Rate limits high enough that tests never hit them unless they mean to. */
export const NO_LIMITS: RateLimits = {
  address: { burst: 1e9, perSecond: 1e9 },
  token: { burst: 1e9, perSecond: 1e9 },
  create: { burst: 1e9, perSecond: 1e9 },
};

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface TestServer {
  url: string;
  store: Store;
  call: <T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; text?: string; contentType?: string },
  ) => Promise<Reply<T>>;
  close: () => Promise<void>;
}

/** Start a server; the database is closed with it. */
export async function startTestServer(
  options: {
    db?: Db;
    k?: number;
    log?: Writable;
    rateLimits?: RateLimits;
    now?: () => Date;
    /** Who executes lab runs (default: the server's own choice); built on the server's store. */
    lab?: (store: Store) => Promise<LabExecutor | null>;
    labEnv?: Readonly<Record<string, string | undefined>>;
  } = {},
): Promise<TestServer> {
  const db = options.db ?? (await freshPglite());
  const store = createStore(db, { trendsK: options.k, now: options.now });
  const lab = options.lab ? await options.lab(store) : undefined;
  const app = await buildServer({
    store,
    ...(lab !== undefined ? { lab } : {}),
    ...(options.labEnv ? { labEnv: options.labEnv } : {}),
    logger: options.log ? { stream: options.log } : false,
    rateLimits: options.rateLimits ?? NO_LIMITS,
    webRoot: null,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url,
    store,
    call: async (method, path, o = {}) => {
      const headers: Record<string, string> = {};
      if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
      let body: string | undefined;
      if (o.text !== undefined) {
        body = o.text;
        headers["content-type"] = o.contentType ?? "application/yaml";
      } else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers["content-type"] = o.contentType ?? "application/json";
      }
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
      return { status: res.status, body: parsed as never, text, headers: res.headers };
    },
    close: async () => {
      await app.close();
      await lab?.close();
      await store.close();
    },
  };
}
