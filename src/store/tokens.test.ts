// Capability tokens: enough randomness, hashing, constant-time comparison.
import { describe, expect, it } from "vitest";
import { hashToken, newAssessmentId, newToken, sameHash, TOKEN_PATTERN } from "./tokens.js";

describe("tokens", () => {
  it("carry 256 random bits in 43 base64url characters, never repeating", () => {
    const many = Array.from({ length: 2000 }, newToken);
    expect(new Set(many).size).toBe(many.length);
    for (const t of many.slice(0, 50)) {
      expect(t).toMatch(TOKEN_PATTERN);
      expect(Buffer.from(t, "base64url")).toHaveLength(32);
    }
    // every base64url symbol turns up: the characters are not drawn from a small alphabet
    expect(new Set(many.join("")).size).toBe(64);
  });

  it("are stored as SHA-256 hashes that differ from the token", () => {
    const t = newToken();
    const h = hashToken(t);
    expect(h).toHaveLength(32);
    expect(h.toString("base64url")).not.toBe(t);
    expect(hashToken(t).equals(h)).toBe(true);
  });

  it("compare hashes in constant time and reject different lengths", () => {
    const a = hashToken(newToken());
    expect(sameHash(a, Buffer.from(a))).toBe(true);
    expect(sameHash(a, hashToken(newToken()))).toBe(false);
    expect(sameHash(a, a.subarray(0, 31))).toBe(false);
  });

  it("names assessments with 128 random bits", () => {
    expect(Buffer.from(newAssessmentId(), "base64url")).toHaveLength(16);
  });
});
