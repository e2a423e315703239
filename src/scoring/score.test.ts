// Property and unit tests of the risk model: determinism, monotonicity, ranges, partial answers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../catalog/index.js";
import { allQuestions, questionnaireOf, visibleQuestions } from "../catalog/model.js";
import type { Answers, AnswerValue } from "../contracts/answers.js";
import { ATTACK_CLASSES, DONT_KNOW, QUESTIONNAIRES, type Question } from "../contracts/catalog.js";
import { RiskPicture } from "../contracts/result.js";
import { coverageOf, score } from "./index.js";
import { worstFirst } from "./present.js";

const questions = allQuestions(CATALOG);

const answerFor = (q: Question): fc.Arbitrary<AnswerValue> => {
  const ids = q.options.map((o) => o.id);
  const real: fc.Arbitrary<AnswerValue> =
    q.type === "multiple" ? fc.subarray(ids, { minLength: 1 }) : fc.constantFrom(...ids);
  return q.dontKnow
    ? fc.oneof({ arbitrary: real, weight: 4 }, { arbitrary: fc.constant(DONT_KNOW), weight: 1 })
    : real;
};

/** Random answers to a random subset of questions. */
const answersArb: fc.Arbitrary<Answers> = fc
  .tuple(...questions.map((q) => fc.option(answerFor(q), { nil: undefined, freq: 3 })))
  .map((values) => {
    const out: Record<string, AnswerValue> = {};
    values.forEach((v, i) => {
      if (v !== undefined) out[questions[i]!.id] = v;
    });
    return out;
  });

const visibleIds = (a: Answers) =>
  visibleQuestions(CATALOG, a)
    .map((q) => q.id)
    .join(",");

describe("score", () => {
  it("gives the same result for the same answers", () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        expect(score(CATALOG, { answers })).toEqual(score(CATALOG, { answers: { ...answers } }));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps every figure in range (schema-valid result)", () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        expect(() => RiskPicture.parse(score(CATALOG, { answers }))).not.toThrow();
      }),
      { numRuns: 60 },
    );
  });

  it("never lowers a likelihood when an answer is changed to one that adds exposure", () => {
    const single = questions.filter((q) => q.type !== "multiple");
    fc.assert(
      fc.property(
        answersArb,
        fc.constantFrom(...single),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...ATTACK_CLASSES),
        (answers, q, i, j, c) => {
          const a = q.options[i % q.options.length]!;
          const b = q.options[j % q.options.length]!;
          const [lo, hi] = (a.effects.exposure?.[c] ?? 0) <= (b.effects.exposure?.[c] ?? 0) ? [a, b] : [b, a];
          const before = { ...answers, [q.id]: lo.id };
          const after = { ...answers, [q.id]: hi.id };
          fc.pre(visibleIds(before) === visibleIds(after));
          const l0 = score(CATALOG, { answers: before }).classes.find((r) => r.attackClass === c)!;
          const l1 = score(CATALOG, { answers: after }).classes.find((r) => r.attackClass === c)!;
          expect(l1.likelihood.value).toBeGreaterThanOrEqual(l0.likelihood.value);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never raises a residual when a mitigation is added", () => {
    const ids = CATALOG.mitigations.map((m) => m.id);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...ids), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.constantFrom(...ids),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (base, extra, strength) => {
          const before = new Map(Object.entries(base));
          const after = new Map(before).set(extra, Math.max(before.get(extra) ?? 0, strength));
          const c0 = coverageOf(CATALOG, before);
          const c1 = coverageOf(CATALOG, after);
          for (const c of ATTACK_CLASSES) expect(c1[c]).toBeGreaterThanOrEqual(c0[c] - 1e-12);
        },
      ),
    );
  });

  it("never raises a residual when a security answer moves from 'no' to 'yes'", () => {
    const toggles = questions.filter(
      (q) =>
        q.id.startsWith("security.") &&
        q.options.some((o) => o.id === "yes") &&
        q.options.some((o) => o.id === "no"),
    );
    fc.assert(
      fc.property(answersArb, fc.constantFrom(...toggles), (answers, q) => {
        const before = { ...answers, [q.id]: "no" };
        const after = { ...answers, [q.id]: "yes" };
        fc.pre(visibleIds(before) === visibleIds(after));
        const r0 = score(CATALOG, { answers: before });
        const r1 = score(CATALOG, { answers: after });
        for (const c of ATTACK_CLASSES) {
          const v0 = r0.classes.find((r) => r.attackClass === c)!.residual.value;
          const v1 = r1.classes.find((r) => r.attackClass === c)!.residual.value;
          expect(v1).toBeLessThanOrEqual(v0 + 1e-12);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("scores any subset of questionnaires and says what is unknown", () => {
    fc.assert(
      fc.property(answersArb, fc.subarray([...QUESTIONNAIRES]), (answers, keep) => {
        const partial = Object.fromEntries(
          Object.entries(answers).filter(([id]) => keep.includes(questionnaireOf(id))),
        );
        const result = score(CATALOG, { answers: partial });
        const answered = new Set(
          visibleQuestions(CATALOG, partial)
            .filter((q) => partial[q.id] !== undefined)
            .map((q) => questionnaireOf(q.id)),
        );
        for (const q of QUESTIONNAIRES) {
          const says = result.completeness.unknown.some((u) =>
            u.includes(
              `The ${q === "risk" ? "risk & impact" : q === "surface" ? "attack-surface" : "security"} questionnaire is not answered`,
            ),
          );
          expect(says, q).toBe(!answered.has(q));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("scores no answers at all as an even, unknown picture", () => {
    const result = score(CATALOG, { answers: {} });
    for (const c of result.classes) {
      expect(c.likelihood.level).toBe(3);
      expect(c.likelihood.known).toBe(false);
      expect(c.impact.known).toBe(false);
      expect(c.coverage.value).toBe(0);
    }
    expect(result.completeness.unknown).toHaveLength(3);
    expect(result.maturity.level).toBeNull();
  });

  it("lists don't-know answers as knowledge gaps", () => {
    const q = questions.find((x) => x.dontKnow && !x.showIf)!;
    const result = score(CATALOG, { answers: { [q.id]: DONT_KNOW } });
    expect(result.gaps.map((g) => g.question)).toEqual([q.id]);
  });

  it("flags the rate-limit contradiction between security expert and practitioner", () => {
    const answers: Answers = {
      "surface.deployment.api_exposure": "public_anonymous",
      "surface.inference.query_limits": "none",
      "security.mitigation.rate_limiting": "yes",
    };
    const ids = score(CATALOG, { answers }).contradictions.map((c) => c.id);
    expect(ids).toContain("rate_limit_vs_unlimited_api");
  });
});

describe("overall rating", () => {
  it("is the worst class rating", () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const result = score(CATALOG, { answers });
        const order = ["low", "medium", "high", "critical"];
        const worst = Math.max(...result.classes.map((c) => order.indexOf(c.residual.rating)));
        expect(result.overall.rating).toBe(order[worst]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("finding summaries", () => {
  it("explain a likelihood only by answers that moved exposure the way it went", () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        for (const c of score(CATALOG, { answers }).classes) {
          const named = c.likelihood.because.filter((e) => c.summary.includes(e.text.replace(/\.$/, "")));
          if (c.likelihood.exposure !== 0 && c.likelihood.because.length > 0) {
            expect(c.summary, c.attackClass).toMatch(/mainly because/);
          }
          for (const e of named) {
            expect(Math.sign(e.effect), `${c.attackClass}: ${e.text}`).toBe(Math.sign(c.likelihood.exposure));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("order of findings", () => {
  it("puts the worst rating first, then the larger weight, then the fixed class order", () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const result = score(CATALOG, { answers });
        const sorted = worstFirst(result.classes);
        expect(result.overall.top).toEqual(sorted.slice(0, 3).map((c) => c.attackClass));
        const rank = ["low", "medium", "high", "critical"];
        for (let i = 1; i < sorted.length; i++) {
          const [a, b] = [sorted[i - 1]!, sorted[i]!];
          const key = (x: typeof a) => [rank.indexOf(x.residual.rating), x.residual.weight];
          const [ra, wa] = key(a);
          const [rb, wb] = key(b);
          expect(ra! > rb! || (ra === rb && wa! > wb!) || (ra === rb && wa === wb)).toBe(true);
          if (ra === rb && wa === wb) {
            expect(ATTACK_CLASSES.indexOf(a.attackClass)).toBeLessThan(ATTACK_CLASSES.indexOf(b.attackClass));
          }
        }
        expect(worstFirst([...result.classes].reverse())).toEqual(sorted);
      }),
      { numRuns: 60 },
    );
  });
});

describe("recommendations", () => {
  it("state their effect as the share of the total residual weight", () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const result = score(CATALOG, { answers });
        const total = result.classes.reduce((s, c) => s + c.residual.weight, 0);
        for (const r of result.recommendations) expect(r.share).toBeCloseTo(r.reduction / total, 9);
      }),
      { numRuns: 40 },
    );
  });
});
