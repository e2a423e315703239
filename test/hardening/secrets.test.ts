// Capability tokens: at least 128 random bits (256 from the OS CSPRNG), stored only as SHA-256
// hashes (no raw token anywhere in a full database dump), and compared with timingSafeEqual on
// the real lookup path. (Tokens in logs and answers: fuzz.test.ts checks every request of its run.)
import * as crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashToken, newToken, sameHash } from "../../src/store/tokens.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { createParty, noLab } from "./endpoints.js";
import { dumpDatabase } from "./harness.js";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    randomBytes: vi.fn(actual.randomBytes),
    timingSafeEqual: vi.fn(actual.timingSafeEqual),
  };
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ lab: noLab });
});
afterAll(async () => server?.close());

describe("capability tokens", () => {
  it("carry 256 bits from the OS CSPRNG: unique, full length, every bit balanced", () => {
    const random = vi.mocked(crypto.randomBytes);
    random.mockClear();
    const n = 20_000;
    const tokens = Array.from({ length: n }, () => newToken());
    expect(random).toHaveBeenCalledTimes(n);
    for (const call of random.mock.calls) expect(call[0]).toBeGreaterThanOrEqual(16); // ≥ 128 bits
    expect(new Set(tokens).size).toBe(n);
    const ones = new Array<number>(256).fill(0);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const bytes = Buffer.from(t, "base64url");
      expect(bytes.length).toBe(32);
      for (let bit = 0; bit < 256; bit++)
        ones[bit] = (ones[bit] ?? 0) + (((bytes[bit >> 3] ?? 0) >> (bit & 7)) & 1);
    }
    // each bit is a fair coin: within 5 standard deviations (±354 of 10,000 for n = 20,000)
    const sd = Math.sqrt(n / 4);
    for (const count of ones) expect(Math.abs(count - n / 2)).toBeLessThan(5 * sd);
    // Shannon entropy of the bytes: close to 8 bits per byte
    const freq = new Array<number>(256).fill(0);
    for (const t of tokens) for (const b of Buffer.from(t, "base64url")) freq[b] = (freq[b] ?? 0) + 1;
    const total = n * 32;
    const entropy = -freq.reduce((s, f) => s + (f / total) * Math.log2(f / total), 0);
    expect(entropy).toBeGreaterThan(7.99);
  });

  it("are handed out by the API at full strength and stored only as SHA-256 hashes", async () => {
    const party = await createParty(server.call, "finance", 31, "pooled");
    const rotated = await server.call<{ token: string }>(
      "POST",
      `/api/assessments/${party.id}/tokens/security/rotate`,
      { token: party.tokens.owner },
    );
    const active = { ...party.tokens, security: rotated.body.token };
    const dump = await dumpDatabase(server.store.db);
    for (const token of Object.values(active)) {
      expect(Buffer.from(token, "base64url").length).toBe(32);
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(Buffer.from(token, "base64url").toString("hex")); // nor its raw bytes
      expect(dump).not.toContain(Buffer.from(token, "base64url").toString("base64"));
      expect(dump).toContain(hashToken(token).toString("hex")); // the hash is what is kept
    }
    expect(dump).not.toContain(hashToken(party.tokens.security).toString("hex")); // rotated away
  });

  it("are compared with timingSafeEqual, on the path every request takes", async () => {
    const safe = vi.mocked(crypto.timingSafeEqual);
    safe.mockClear();
    const h = hashToken("x".repeat(43));
    expect(sameHash(h, Buffer.from(h))).toBe(true);
    expect(sameHash(h, hashToken("y".repeat(43)))).toBe(false);
    expect(sameHash(h, h.subarray(0, 16))).toBe(false); // different lengths never reach the compare
    expect(safe).toHaveBeenCalledTimes(2);
    safe.mockClear();
    const party = await createParty(server.call, "healthcare", 32, "empty");
    const res = await server.call("GET", `/api/assessments/${party.id}`, { token: party.tokens.risk });
    expect(res.status).toBe(200);
    expect(safe).toHaveBeenCalled();
    const [a, b] = safe.mock.calls[0] as [Uint8Array, Uint8Array];
    expect(Buffer.from(a).equals(hashToken(party.tokens.risk))).toBe(true);
    expect(Buffer.from(b).equals(hashToken(party.tokens.risk))).toBe(true);
  });
});
