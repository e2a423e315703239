import { describe, expect, it } from "vitest";
import { Invalid } from "../contracts/errors.js";
import { membershipCandidates, parseRecords } from "./records.js";

const opts = { dims: 3, numClasses: 2, requireMember: true, source: "cands.csv" };

describe("parseRecords (CSV)", () => {
  it("reads features, label and member flags in any column order, skipping comments and blanks", () => {
    const text = "# candidates\nf1,member,f2,label,f3\n0.1,true,0.2,1,0.3\n\n1,non-member,2,0,3\n4,1,5,1,6\n";
    const r = parseRecords(text, opts);
    expect(r).toHaveLength(3);
    expect(Array.from(r[0]!.x)).toEqual([
      Float32Array.of(0.1)[0],
      Float32Array.of(0.2)[0],
      Float32Array.of(0.3)[0],
    ]);
    expect(r.map((e) => [e.y, e.member])).toEqual([
      [1, true],
      [0, false],
      [1, true],
    ]);
  });

  it("matches columns by feature name and labels by class name", () => {
    const r = parseRecords('class,b,a,member\n"yes",2,1,no\n', {
      featureNames: ["a", "b"],
      classNames: ["no", "yes"],
      requireMember: true,
    });
    expect(Array.from(r[0]!.x)).toEqual([1, 2]);
    expect(r[0]!.y).toBe(1);
    expect(r[0]!.member).toBe(false);
  });

  it.each([
    ["a,b,c,label,member\n1,2,x,0,true\n", /line 2, column "c": "x" is not a finite number/],
    ["a,b,c,label,member\n1,2,3,0,maybe\n", /line 2, column "member": "maybe"/],
    ["a,b,c,label,member\n1,2,3,5,true\n", /line 2, column "label": label "5" is not a class index 0–1/],
    ["a,b,c,label,member\n1,2,3,0\n", /line 2: 4 fields, the header has 5/],
    ["a,b,label,member\n1,2,0,true\n", /line 2: 2 features, the target expects 3/],
    ["a,b,c,member\n1,2,3,true\n", /line 1: the header needs a label column/],
    ["a,b,c,label\n1,2,3,0\n", /needs a member column/],
  ])("names the line and field of a bad record (%#)", (text, message) => {
    expect(() => parseRecords(text, opts)).toThrow(message);
    expect(() => parseRecords(text, opts)).toThrow(Invalid);
  });
});

describe("parseRecords (JSON)", () => {
  it("reads an array or {records}, with x/features, y/label and flexible member flags", () => {
    const a = parseRecords(
      '[{"x":[1,2,3],"y":1,"member":true},{"features":[4,5,6],"label":0,"member":"non-member"}]',
      opts,
    );
    const b = parseRecords('{"records":[{"x":[1,2,3],"y":0,"member":0}]}', opts);
    expect(a.map((e) => e.member)).toEqual([true, false]);
    expect(a[1]!.y).toBe(0);
    expect(b[0]!.member).toBe(false);
  });

  it("names the failing record and field", () => {
    expect(() => parseRecords('[{"x":[1,2,3],"y":1,"member":true},{"x":[1,"a",3],"y":0}]', opts)).toThrow(
      /records\[1\]\.x\[1\]/,
    );
    expect(() => parseRecords('[{"x":[1,2,3],"y":1}]', opts)).toThrow(/records\[0\]: missing `member`/);
    expect(() => parseRecords('[{"x":[1,2],"y":1,"member":true}]', opts)).toThrow(/records\[0\]: 2 features/);
    expect(() => parseRecords("[", opts)).toThrow(/not valid JSON/);
    expect(() => parseRecords("[]", opts)).toThrow(/no records/);
  });
});

describe("membershipCandidates", () => {
  it("takes the requested numbers of each split, labelled, in a seeded order", () => {
    const data = (n: number, base: number) => ({
      x: Array.from({ length: n }, (_, i) => Float32Array.of(base + i)),
      y: Array.from({ length: n }, () => 0),
      numClasses: 2,
      inputShape: [1],
      bounds: { min: 0, max: 100 },
    });
    const c = membershipCandidates(data(10, 0), data(20, 50), { members: 5, nonMembers: 8, seed: 1 });
    expect(c.filter((e) => e.member)).toHaveLength(5);
    expect(c.filter((e) => !e.member)).toHaveLength(8);
    expect(c.filter((e) => e.member).every((e) => e.x[0]! < 50)).toBe(true);
    // Not simply all members first.
    expect(c.slice(0, 5).every((e) => e.member)).toBe(false);
    expect(membershipCandidates(data(10, 0), data(20, 50), { members: 5, nonMembers: 8, seed: 1 })).toEqual(
      c,
    );
  });
});
