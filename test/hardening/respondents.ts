// Simulated respondents autosaving answers concurrently, each recording what the server
// acknowledged, and the check that every acknowledged answer is stored after a fault.
import { CATALOG, questionsOf } from "../../src/catalog/index.js";
import { QUESTIONNAIRES, type Questionnaire } from "../../src/contracts/catalog.js";

/** One respondent: a questionnaire token of an assessment, and its own client address. */
export interface Respondent {
  assessmentId: string;
  questionnaire: Questionnaire;
  token: string;
  /** Sent as X-Forwarded-For (the server runs with --trust-proxy): one address per respondent. */
  address: string;
}

/** A write the server acknowledged (2xx with the stored answer). */
export interface Ack {
  questionId: string;
  value: string;
  revision: number;
}

/** What one respondent saw. */
export interface RespondentLog {
  respondent: Respondent;
  acks: Ack[];
  /** Writes whose outcome is unknown (connection lost, or 503 after the database went away): each
   * may or may not have been stored. */
  uncertain: Array<{ questionId: string; value: string; baseRevision: number }>;
  /** Statuses other than 200, by status ("network" for a dropped connection). */
  refused: Record<string, number>;
  /** Every response: when the request started (performance.now()), how long it took, its status. */
  samples: Array<{ start: number; ms: number; status: string }>;
}

const singleChoice = (q: Questionnaire) =>
  questionsOf(CATALOG, q).filter((question) => question.type !== "multiple" && question.options.length >= 2);

/** Create `count` assessments through the API; returns one respondent per questionnaire token. */
export async function createRespondents(url: string, assessments: number): Promise<Respondent[]> {
  const out: Respondent[] = [];
  for (let i = 0; i < assessments; i++) {
    const res = await fetch(`${url}/api/assessments`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `10.1.${i >> 8}.${i & 255}` },
      body: JSON.stringify({ name: `load ${i}`, domain: "finance" }),
    });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
    const { assessment, tokens } = (await res.json()) as {
      assessment: { id: string };
      tokens: Record<Questionnaire, string>;
    };
    for (const q of QUESTIONNAIRES) {
      const n = out.length;
      out.push({
        assessmentId: assessment.id,
        questionnaire: q,
        token: tokens[q],
        address: `10.2.${n >> 8}.${n & 255}`,
      });
    }
  }
  return out;
}

/**
 * Every respondent writes answers one after another (cycling through its questionnaire's questions
 * and their options) until `stop()` is true or the server goes away. A 409 adopts the current
 * revision; a 429 or 503 waits as told. Resolves when all respondents have stopped.
 */
export async function autosave(
  url: string,
  respondents: readonly Respondent[],
  stop: () => boolean,
  options: { onAck?: () => void; stopOnNetworkError?: boolean } = {},
): Promise<RespondentLog[]> {
  const stopOnNetworkError = options.stopOnNetworkError ?? true;
  return Promise.all(
    respondents.map(async (respondent, index) => {
      const log: RespondentLog = { respondent, acks: [], uncertain: [], refused: {}, samples: [] };
      const questions = singleChoice(respondent.questionnaire);
      const revisions = new Map<string, number>();
      let step = index; // respondents start at different questions
      while (!stop()) {
        const question = questions[step % questions.length];
        if (!question) break;
        const value = question.options[Math.floor(step / questions.length) % question.options.length]?.id;
        if (!value) break;
        const baseRevision = revisions.get(question.id) ?? 0;
        const write = { questionId: question.id, value, baseRevision };
        const started = performance.now();
        let res: Response;
        try {
          res = await fetch(`${url}/api/assessments/${respondent.assessmentId}/answers/${question.id}`, {
            method: "PUT",
            headers: {
              authorization: `Bearer ${respondent.token}`,
              "content-type": "application/json",
              "x-forwarded-for": respondent.address,
            },
            body: JSON.stringify({ value, baseRevision }),
            signal: AbortSignal.timeout(10_000),
          });
        } catch {
          log.uncertain.push(write);
          log.refused.network = (log.refused.network ?? 0) + 1;
          log.samples.push({ start: started, ms: performance.now() - started, status: "network" });
          if (stopOnNetworkError) return log;
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const text = await res.text().catch(() => null);
        log.samples.push({
          start: started,
          ms: performance.now() - started,
          status: text === null ? "network" : String(res.status),
        });
        if (text === null) {
          log.uncertain.push(write);
          log.refused.network = (log.refused.network ?? 0) + 1;
          if (stopOnNetworkError) return log;
          continue;
        }
        if (res.status === 200) {
          const stored = JSON.parse(text) as Ack;
          log.acks.push({ questionId: question.id, value, revision: stored.revision });
          revisions.set(question.id, stored.revision);
          step++;
          options.onAck?.();
          continue;
        }
        log.refused[res.status] = (log.refused[res.status] ?? 0) + 1;
        if (res.status === 503) log.uncertain.push(write);
        if (res.status === 409) {
          const current = (JSON.parse(text) as { current?: { revision: number } }).current;
          revisions.set(question.id, current?.revision ?? 0);
        } else if (res.status === 429 || res.status === 503) {
          const wait = Number(res.headers.get("retry-after") ?? 1);
          await new Promise((r) => setTimeout(r, Math.min(wait, 2) * 1000));
        } else {
          await new Promise((r) => setTimeout(r, 50)); // counted in `refused`; the tests assert on it
        }
      }
      return log;
    }),
  );
}

/** Outcome of checking acknowledged answers against what the server has after a fault. */
export interface AckCheck {
  acknowledged: number;
  /** Acknowledged answers found (as the last acknowledged value, or superseded by the in-flight write). */
  found: number;
  /** Human-readable problems; empty when nothing was lost. */
  lost: string[];
}

/**
 * Read every respondent's questionnaire back and check each question's last acknowledged answer:
 * stored with that revision and value, or one revision later with the value of a write whose
 * outcome the respondent could not know (in flight at the fault).
 */
export async function checkAcks(url: string, logs: readonly RespondentLog[]): Promise<AckCheck> {
  const result: AckCheck = { acknowledged: 0, found: 0, lost: [] };
  for (const log of logs) {
    const { respondent } = log;
    result.acknowledged += log.acks.length;
    const res = await fetch(
      `${url}/api/assessments/${respondent.assessmentId}/questionnaires/${respondent.questionnaire}`,
      {
        headers: { authorization: `Bearer ${respondent.token}`, "x-forwarded-for": respondent.address },
      },
    );
    if (res.status !== 200) {
      result.lost.push(`${respondent.assessmentId}/${respondent.questionnaire}: read back ${res.status}`);
      continue;
    }
    const stored = new Map(
      (
        (await res.json()) as { answers: Array<{ questionId: string; value: unknown; revision: number }> }
      ).answers.map((a) => [a.questionId, a]),
    );
    const last = new Map<string, Ack>();
    const count = new Map<string, number>();
    for (const ack of log.acks) {
      last.set(ack.questionId, ack);
      count.set(ack.questionId, (count.get(ack.questionId) ?? 0) + 1);
    }
    for (const [questionId, latest] of last) {
      const have = stored.get(questionId);
      const asAcked = have?.revision === latest.revision && have.value === latest.value;
      const superseded = log.uncertain.some(
        (u) =>
          u.questionId === questionId &&
          u.baseRevision === latest.revision &&
          have?.revision === latest.revision + 1 &&
          have.value === u.value,
      );
      // earlier acknowledgements of the same question were replaced by this one on purpose
      if (asAcked || superseded) result.found += count.get(questionId) ?? 0;
      else
        result.lost.push(
          `${respondent.assessmentId} ${questionId}: acknowledged revision ${latest.revision} (${latest.value}), stored ${JSON.stringify(have ?? null)}`,
        );
    }
  }
  return result;
}

/** Percentile (0..100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
