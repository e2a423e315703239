// Remembers, in this browser only, the questionnaire links the owner was shown. The server keeps
// only fingerprints of tokens and can never show a link again; without this, the dashboard could
// only offer to replace them. Nothing here is ever sent anywhere.
import type { Questionnaire } from "../../src/contracts/catalog.js";

type Links = Partial<Record<Questionnaire, string>>;

const keyOf = (assessmentId: string) => `mlsa.links.${assessmentId}`;

function read(assessmentId: string): Links {
  try {
    const raw = window.localStorage.getItem(keyOf(assessmentId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== "object") return {};
    const out: Links = {};
    for (const q of ["risk", "surface", "security"] as const) {
      const v = (parsed as Record<string, unknown>)[q];
      if (typeof v === "string") out[q] = v;
    }
    return out;
  } catch {
    return {};
  }
}

function write(assessmentId: string, links: Links): void {
  try {
    if (Object.keys(links).length === 0) window.localStorage.removeItem(keyOf(assessmentId));
    else window.localStorage.setItem(keyOf(assessmentId), JSON.stringify(links));
  } catch {
    // Storage can be full or disabled (private windows); the dashboard then offers "Replace link".
  }
}

/** The remembered questionnaire tokens of an assessment. */
export function rememberedLinks(assessmentId: string): Links {
  return read(assessmentId);
}

/** Remember one or more questionnaire tokens (after creation or rotation). */
export function rememberLinks(assessmentId: string, links: Links): void {
  write(assessmentId, { ...read(assessmentId), ...links });
}

/** Forget one token (revoked) or, without a questionnaire, all of them (assessment deleted). */
export function forgetLinks(assessmentId: string, questionnaire?: Questionnaire): void {
  const links = questionnaire ? read(assessmentId) : {};
  if (questionnaire) delete links[questionnaire];
  write(assessmentId, links);
}
