// Slow senders (slowloris): a request whose headers or body never finish arriving is answered 408
// in our JSON error shape and its connection closed once the request timeout passes, instead of
// holding a connection forever. The server's default timeout is finite.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../src/server/index.js";
import { REQUEST_TIMEOUT_MS } from "../../src/server/transport.js";
import { createStore, type Store } from "../../src/store/index.js";
import { freshPglite } from "../support/pglite.js";
import { parseResponse } from "./wire.js";

let store: Store;
let app: Awaited<ReturnType<typeof buildServer>>;
let port: number;
beforeAll(async () => {
  store = createStore(await freshPglite());
  app = await buildServer({ store, logger: false, webRoot: null, lab: null, requestTimeout: 1000 });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** Send `bytes` and then nothing more; resolve when the server closes the connection. */
function stall(bytes: string): Promise<{ ms: number; raw: Buffer }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, "127.0.0.1");
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error("the server kept the stalled connection open"));
    }, 15_000);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("close", () => {
      clearTimeout(guard);
      resolve({ ms: performance.now() - started, raw: Buffer.concat(chunks) });
    });
    socket.write(bytes);
  });
}

describe("slow senders", () => {
  it("cuts off a body that stops arriving: 408 JSON after the request timeout", async () => {
    const r = await stall(
      'POST /api/assessments HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"na',
    );
    const answer = parseResponse(r.raw);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({
      error: "the request did not arrive in time",
      issues: [{ path: "(request)", message: "the request did not arrive in time" }],
    });
    expect(answer.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(r.ms).toBeGreaterThanOrEqual(900);
    expect(r.ms).toBeLessThan(5000);
    expect((await store.db.query("SELECT 1 FROM assessment")).length).toBe(0);
  });

  it("cuts off headers that never end", async () => {
    const r = await stall("GET /api/health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: a");
    expect(r.ms).toBeLessThan(5000);
    expect(parseResponse(r.raw).status).toBe(408);
  });

  it("has a finite timeout by default, with headers held to it too", async () => {
    const plain = await buildServer({ store, logger: false, webRoot: null, lab: null });
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThan(0);
    expect(plain.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(plain.server.headersTimeout).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS);
    await plain.close();
  });
});
