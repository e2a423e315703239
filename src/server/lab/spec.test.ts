// The server's rules for lab targets: allowed hosts, secret variables, no local files.
import { describe, expect, it } from "vitest";
import { Invalid } from "../../contracts/errors.js";
import { checkHostAllowed, parseTargetSpec } from "./spec.js";

const config = (url: string, extra: Record<string, unknown> = {}) => ({
  kind: "http",
  config: {
    url,
    response: { label: "label" },
    output: "label",
    numClasses: 2,
    inputShape: [2],
    inputBounds: { min: 0, max: 1 },
    ...extra,
  },
});

const issuePaths = (f: () => unknown): string[] => {
  try {
    f();
  } catch (error) {
    if (error instanceof Invalid) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
};

describe("checkHostAllowed", () => {
  it("allows any host when MLSA_LAB_ALLOWED_HOSTS is unset or empty", () => {
    expect(checkHostAllowed("http://10.0.0.1:8080/p", undefined)).toBeNull();
    expect(checkHostAllowed("http://10.0.0.1:8080/p", " , ")).toBeNull();
  });

  it("matches host names, host:port (default ports too), IPv6 and *.domain", () => {
    const setting = "models.example.com, 127.0.0.1:9000, [::1]:8443, *.corp.example";
    expect(checkHostAllowed("https://MODELS.example.com/v1", setting)).toBeNull();
    expect(checkHostAllowed("http://127.0.0.1:9000/p", setting)).toBeNull();
    expect(checkHostAllowed("http://127.0.0.1:9001/p", setting)).toMatch(/not in this server's/);
    expect(checkHostAllowed("https://[::1]:8443/p", setting)).toBeNull();
    expect(checkHostAllowed("https://a.b.corp.example/p", setting)).toBeNull();
    expect(checkHostAllowed("https://corp.example/p", setting)).not.toBeNull();
    expect(checkHostAllowed("https://evilcorp.example/p", setting)).not.toBeNull();
    expect(checkHostAllowed("http://models.example.com.evil.test/p", setting)).not.toBeNull();
    expect(checkHostAllowed("https://models.example.com:443/p", "models.example.com:443")).toBeNull();
  });
});

describe("parseTargetSpec", () => {
  it("accepts demo victims and HTTP configs", () => {
    expect(parseTargetSpec({ kind: "demo", victim: "digits" }, {})).toEqual({
      kind: "demo",
      victim: "digits",
      output: "probs",
      tiny: false,
    });
    expect(parseTargetSpec(config("http://127.0.0.1:1/p"), {}).kind).toBe("http");
  });

  it("refuses ONNX paths, other schemes, secrets outside MLSA_LAB_SECRET_*, and hosts not allowed", () => {
    expect(issuePaths(() => parseTargetSpec({ kind: "onnx", path: "/etc/passwd" }, {}))).toEqual([
      "body.target.kind",
    ]);
    expect(issuePaths(() => parseTargetSpec(config("ftp://x/p"), {}))).toEqual(["body.target.config.url"]);
    expect(
      issuePaths(() =>
        parseTargetSpec(config("http://x/p", { auth: { header: "Authorization", env: "PGPASSWORD" } }), {}),
      ),
    ).toEqual(["body.target.config.auth.env"]);
    expect(
      parseTargetSpec(
        config("http://x/p", {
          auth: { header: "Authorization", env: "MLSA_LAB_SECRET_MODEL", prefix: "Bearer " },
        }),
        {},
      ).kind,
    ).toBe("http");
    expect(issuePaths(() => parseTargetSpec(config("http://x/p"), { MLSA_LAB_ALLOWED_HOSTS: "y" }))).toEqual([
      "body.target.config.url",
    ]);
    expect(issuePaths(() => parseTargetSpec({ kind: "demo", victim: "nope" }, {}))).toEqual([
      "body.target.victim",
    ]);
  });
});
