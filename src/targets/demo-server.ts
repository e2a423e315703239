// `mlsa demo serve`: a demo victim behind a small fastify prediction API (POST /predict, GET /info),
// so the black-box lab flow (HTTP target, budgets, rate limits) works offline and in tests.
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { z } from "zod";
import type { OutputKind } from "../contracts/lab.js";
import { argmax, topIndices } from "./dense.js";
import type { HttpTargetConfig } from "./http.js";
import { loadVictim, type Victim, type VictimName } from "./victims/index.js";

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** A victim name (loaded or trained via the cache) or an already loaded victim. */
  victim: VictimName | Victim;
  output: OutputKind;
  /** Classes returned for `output: "topk"` (default 3). */
  topK?: number;
  /** Port (default 0: any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  dataDir?: string;
  seed?: number;
  tiny?: boolean;
  /** Answer 429 with Retry-After when requests exceed this rate (token bucket). */
  rateLimit?: { perSecond: number; burst?: number };
  /** Largest accepted batch (default 1024). */
  maxBatch?: number;
  onTrainProgress?: (p: { epoch: number; epochs: number; loss: number }) => void;
}

/** A running demo server. */
export interface DemoServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly victim: Victim;
  /** A ready-to-use HTTP target configuration for this server (batch mode). */
  readonly targetConfig: HttpTargetConfig;
  /** Requests and inputs served so far. */
  stats(): { requests: number; inputs: number; rejected: number; rateLimited: number };
  close(): Promise<void>;
}

const Body = z.union([
  z.object({ input: z.array(z.number()) }).strict(),
  z.object({ inputs: z.array(z.array(z.number())).min(1) }).strict(),
]);

/** Start a demo prediction API for a victim. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const victim =
    typeof options.victim === "string"
      ? await loadVictim(options.victim, {
          dataDir: options.dataDir,
          seed: options.seed,
          tiny: options.tiny,
          onProgress: options.onTrainProgress,
        })
      : options.victim;
  const output = options.output;
  const topK = output === "topk" ? (options.topK ?? 3) : undefined;
  const info = victim.info(output, topK);
  const size = info.inputShape.reduce((a, b) => a * b, 1);
  const { min, max } = info.inputBounds;
  const maxBatch = options.maxBatch ?? 1024;
  const counters = { requests: 0, inputs: 0, rejected: 0, rateLimited: 0 };
  const bucket = options.rateLimit && createBucket(options.rateLimit.perSecond, options.rateLimit.burst ?? 1);

  const answer = (probs: Float64Array) => {
    const label = argmax(probs);
    if (output === "label") return { label };
    if (output === "probs") return { label, scores: Array.from(probs) };
    return { label, top: topIndices(probs, topK ?? 3).map((i) => ({ label: i, score: probs[i]! })) };
  };

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  let url = "";

  app.post("/predict", async (request, reply) => {
    counters.requests++;
    if (bucket) {
      const wait = bucket.take();
      if (wait > 0) {
        counters.rateLimited++;
        return reply
          .code(429)
          .header("retry-after", String(Math.ceil(wait / 1000)))
          .send({ error: "rate limit exceeded" });
      }
    }
    const parsed = Body.safeParse(request.body);
    if (!parsed.success) {
      counters.rejected++;
      return reply.code(400).send({
        error: 'body must be { "input": number[] } or { "inputs": number[][] }',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    const batch = "inputs" in parsed.data;
    const inputs = "inputs" in parsed.data ? parsed.data.inputs : [parsed.data.input];
    const issues = checkInputs(inputs, batch, size, min, max, maxBatch);
    if (issues.length > 0) {
      counters.rejected++;
      return reply.code(400).send({ error: "invalid input", issues });
    }
    counters.inputs += inputs.length;
    const answers = victim.predictProbs(inputs.map((x) => Float32Array.from(x))).map(answer);
    return batch ? { predictions: answers } : answers[0];
  });

  app.get("/info", async () => ({
    victim: victim.name,
    seed: victim.seed,
    tiny: victim.tiny,
    summary: victim.spec.summary,
    output,
    ...(topK ? { topK } : {}),
    numClasses: info.numClasses,
    inputShape: info.inputShape,
    inputBounds: info.inputBounds,
    ...(info.featureNames ? { featureNames: info.featureNames } : {}),
    ...(info.classNames ? { classNames: info.classNames } : {}),
    maxBatch,
    accuracy: { train: victim.metrics.trainAccuracy, test: victim.metrics.testAccuracy },
    target: targetConfig(),
  }));

  const targetConfig = (): HttpTargetConfig => ({
    url: `${url}/predict`,
    method: "POST",
    batch: true,
    maxBatch,
    request: { inputs: "{{inputs}}" },
    response:
      output === "topk"
        ? { items: "predictions", label: "label", topk: { path: "top", label: "label", score: "score" } }
        : output === "probs"
          ? { items: "predictions", label: "label", scores: "scores" }
          : { items: "predictions", label: "label" },
    output,
    ...(topK ? { topK } : {}),
    numClasses: info.numClasses,
    inputShape: info.inputShape,
    inputBounds: info.inputBounds,
    ...(info.featureNames ? { featureNames: info.featureNames } : {}),
    ...(info.classNames ? { classNames: info.classNames } : {}),
    description: `mlsa demo victim ${victim.name}`,
  });

  await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const bound = app.server.address() as AddressInfo;
  const host = bound.address === "0.0.0.0" ? "127.0.0.1" : bound.address === "::" ? "::1" : bound.address;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${bound.port}`;
  return {
    url,
    victim,
    get targetConfig() {
      return targetConfig();
    },
    stats: () => ({ ...counters }),
    close: () => app.close(),
  };
}

function checkInputs(
  inputs: number[][],
  batch: boolean,
  size: number,
  min: number,
  max: number,
  maxBatch: number,
) {
  const at = (i: number) => (batch ? `inputs.${i}` : "input");
  const issues: { path: string; message: string }[] = [];
  if (inputs.length > maxBatch)
    issues.push({ path: "inputs", message: `at most ${maxBatch} inputs per request` });
  inputs.forEach((x, i) => {
    if (issues.length >= 10) return;
    if (x.length !== size) issues.push({ path: at(i), message: `expected ${size} values, got ${x.length}` });
    else {
      const j = x.findIndex((v) => !(v >= min && v <= max));
      if (j >= 0) issues.push({ path: `${at(i)}.${j}`, message: `value ${x[j]} outside [${min}, ${max}]` });
    }
  });
  return issues;
}

/** Token bucket: `take()` returns 0 when a token was taken, else the ms until one is available. */
function createBucket(rate: number, burst: number) {
  const capacity = Math.max(1, burst);
  let tokens = capacity;
  let last = performance.now();
  return {
    take(): number {
      const now = performance.now();
      tokens = Math.min(capacity, tokens + ((now - last) / 1000) * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return ((1 - tokens) / rate) * 1000;
    },
  };
}
