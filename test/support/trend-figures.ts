// Every count a trends answer shows, flattened to named figures, and the checks that no difference
// between two answers (a slice and a narrower slice of it) describes a group smaller than k.
// Used by the store suite (test/store/trends-suite.ts) and the HTTP property (test/hardening/trends.test.ts).

/** Named counts of one answer, e.g. "q:risk.domain.sector:opt:finance" → 12. */
export type Figures = Map<string, number>;

interface OverviewLike {
  systems: number | null;
  domains: Array<{ domain: string; systems: number }>;
  months: Array<{ month: string; systems: number }>;
}
interface QuestionLike {
  questionId: string;
  systems: number | null;
  options: Array<{ answer: string; systems: number }>;
  other: number | null;
}
interface MitigationLike {
  mitigation: string;
  systems: number | null;
  withIt: number | null;
}
interface ResidualLike {
  domain: string;
  systems: number;
}

/** The figures of one answer of each kind. */
export const figuresOf = {
  overview(o: OverviewLike): Figures {
    const f: Figures = new Map();
    if (o.systems !== null) f.set("o:systems", o.systems);
    for (const d of o.domains) f.set(`o:domain:${d.domain}`, d.systems);
    for (const m of o.months) f.set(`o:month:${m.month}`, m.systems);
    return f;
  },
  questions(list: readonly QuestionLike[]): Figures {
    const f: Figures = new Map();
    for (const q of list) {
      if (q.systems !== null) f.set(`q:${q.questionId}:systems`, q.systems);
      if (q.other !== null) f.set(`q:${q.questionId}:other`, q.other);
      for (const o of q.options) f.set(`q:${q.questionId}:opt:${o.answer}`, o.systems);
    }
    return f;
  },
  mitigations(list: readonly MitigationLike[]): Figures {
    const f: Figures = new Map();
    for (const m of list) {
      if (m.systems !== null) f.set(`m:${m.mitigation}:systems`, m.systems);
      if (m.withIt !== null) f.set(`m:${m.mitigation}:with`, m.withIt);
    }
    return f;
  },
  residual(list: readonly ResidualLike[]): Figures {
    return new Map(list.map((d) => [`r:${d.domain}:systems`, d.systems]));
  },
};

/** Figures under k (there must be none). */
export function underK(figures: Figures, k: number): string[] {
  return [...figures].filter(([, n]) => n < k).map(([key, n]) => `${key} = ${n}`);
}

/**
 * Differences between an answer for a slice (`wide`) and one for a narrower slice inside it
 * (`narrow`) that describe a group under k, or that go negative (which would mean the narrow answer
 * shows systems the wide one hides: the wide one could then be differenced against it).
 */
export function smallDifferences(wide: Figures, narrow: Figures, k: number): string[] {
  const bad: string[] = [];
  for (const key of new Set([...wide.keys(), ...narrow.keys()])) {
    const d = (wide.get(key) ?? 0) - (narrow.get(key) ?? 0);
    if (d < 0 || (d > 0 && d < k)) bad.push(`${key}: ${wide.get(key) ?? 0} − ${narrow.get(key) ?? 0} = ${d}`);
  }
  return bad;
}

/** Keys where `whole` is not the sum of `parts` (answers for slices that partition it). */
export function notAdditive(whole: Figures, parts: readonly Figures[]): string[] {
  const bad: string[] = [];
  const keys = new Set([...whole.keys(), ...parts.flatMap((p) => [...p.keys()])]);
  for (const key of keys) {
    const sum = parts.reduce((s, p) => s + (p.get(key) ?? 0), 0);
    if ((whole.get(key) ?? 0) !== sum) bad.push(`${key}: ${whole.get(key) ?? 0} ≠ Σ ${sum}`);
  }
  return bad;
}
