// Small formatting helpers: percentages, dates, effect steps in words, downloads.

/** 0.4567 -> "46 %". */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** An ISO date as a readable local date. */
export function dateOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: "medium" });
}

const STEP_WORDS: Record<string, string> = {
  "-3": "much harder",
  "-2": "harder",
  "-1": "slightly harder",
  "1": "slightly easier",
  "2": "easier",
  "3": "much easier",
};

/** An exposure step (-3..3) in words, from the attacker's point of view. */
export function stepWords(step: number): string {
  return STEP_WORDS[String(step)] ?? "no different";
}

const IMPACT_WORDS = ["negligible", "minor", "moderate", "major", "severe"] as const;

/** An impact level 1..5 in words. */
export function impactWords(level: number): string {
  return IMPACT_WORDS[level - 1] ?? "moderate";
}

/** Saves a blob as a file through a temporary object URL (no token ever appears in a URL). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "1 question" / "3 questions". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
