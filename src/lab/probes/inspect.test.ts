import { describe, expect, it } from "vitest";
import { decimalDigits, internalsLeaked, numberTokens, numericArrays, significantDigits } from "./inspect.js";
import { budgetRaw, type RawProbe } from "./raw.js";

describe("digits", () => {
  it.each([
    [0.25, 2],
    [3, 0],
    [1e-7, 7],
    [1.5e-7, 8],
    ["0.120", 3],
    ["-2.5E-3", 4],
  ] as const)("decimalDigits(%s) = %i", (v, n) => {
    expect(decimalDigits(v)).toBe(n);
  });

  it("counts significant digits and reads number tokens as written", () => {
    expect(significantDigits("0.00120")).toBe(3);
    expect(significantDigits(4.584959169839032e-14)).toBe(16);
    expect(numberTokens('{"a":[0.10,2,3e-5],"b":"x1.5"}')).toEqual(["0.10", "3e-5", "1.5"]);
  });
});

describe("numericArrays", () => {
  it("lists every numeric array with its path", () => {
    expect(
      numericArrays({ predictions: [{ label: 1, scores: [0.1, 0.9], logits: [1, 2] }], ids: ["a"] }),
    ).toEqual([
      { path: "predictions.0.scores", length: 2 },
      { path: "predictions.0.logits", length: 2 },
    ]);
  });
});

describe("internalsLeaked", () => {
  it("spots stack traces, paths, framework names and revealing headers", () => {
    const js = "TypeError: x is undefined\n    at score (/srv/app/model.js:12:5)";
    const found = internalsLeaked(js, { server: "uvicorn", "x-powered-by": "Express" });
    expect(found.join(" ")).toMatch(/JavaScript stack trace/);
    expect(found.join(" ")).toMatch(/source file path/);
    expect(found.join(" ")).toMatch(/exception class name/);
    expect(found.join(" ")).toMatch(/server header/);
    expect(found.join(" ")).toMatch(/x-powered-by header/);
    expect(
      internalsLeaked('Traceback (most recent call last):\n  File "/app/main.py", line 3').join(" "),
    ).toMatch(/Python traceback/);
  });

  it("finds nothing in a plain validation error", () => {
    expect(
      internalsLeaked(
        '{"error":"invalid input","issues":[{"path":"inputs.0","message":"expected 4 values"}]}',
      ),
    ).toEqual([]);
  });
});

describe("budgetRaw", () => {
  it("refuses the request that would exceed the budget shared with the guarded target", async () => {
    let sent = 0;
    const raw: RawProbe = {
      description: "fake",
      async sendInput() {
        sent++;
        return { status: 200, headers: {}, body: "{}", ms: 1 };
      },
    };
    let guarded = 3;
    const b = budgetRaw(raw, 5, () => guarded);
    await b.sendInput([1]);
    await b.sendInput([1]);
    await expect(b.sendInput([1])).rejects.toThrow(/budget of 5/);
    expect(sent).toBe(2);
    expect(b.used()).toBe(2);
    guarded = 2;
    expect(b.remaining()).toBe(1);
  });
});
