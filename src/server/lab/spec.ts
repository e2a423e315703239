// What a lab run started through the API may attack and with which data, and the server's rules for
// it: no local files (ONNX only from the CLI), only http/https, only allowed hosts
// (MLSA_LAB_ALLOWED_HOSTS), and auth secrets only from MLSA_LAB_SECRET_* variables. Poisoning runs
// train mlsa's own small model on bundled demo data instead, within a capped training budget.
import { z } from "zod";
import { Invalid } from "../../contracts/errors.js";
import { OutputKind } from "../../contracts/lab.js";
import { DEFAULT_RATES } from "../../lab/poisoning/run.js";
import { parseHttpTargetConfig } from "../../targets/http.js";
import { VICTIM_NAMES } from "../../targets/victims/index.js";

/** Largest query budget one API run may have. */
export const MAX_BUDGET = 100_000;
/** Environment variables an HTTP target started through the API may read its auth secret from. */
export const SECRET_ENV_PREFIX = "MLSA_LAB_SECRET_";

const Victim = z.enum(VICTIM_NAMES);

export const DemoTargetSpec = z
  .object({
    kind: z.literal("demo"),
    victim: Victim,
    output: OutputKind.default("probs"),
    /** For output "topk": how many classes are revealed (default 3). */
    topK: z.number().int().min(1).max(100).optional(),
    /** The small, quickly trained variant of the victim (tests, quick looks). */
    tiny: z.boolean().default(false),
  })
  .strict();

export const HttpTargetSpec = z
  .object({
    kind: z.literal("http"),
    /** An HTTP target configuration (docs/lab.md), checked by the HTTP target's own schema. */
    config: z.record(z.string(), z.unknown()),
  })
  .strict();

export const TargetSpec = z.discriminatedUnion("kind", [DemoTargetSpec, HttpTargetSpec]);
export type TargetSpec = z.output<typeof TargetSpec>;

const LabeledInput = z
  .object({
    x: z.array(z.number()).min(1).max(10_000),
    y: z.number().int().min(0),
    /** Membership inference: whether the record was in the training set. */
    member: z.boolean().optional(),
  })
  .strict();

export const DataSpec = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("demo"),
      /** Use this demo victim's seeded splits (the one an HTTP demo server serves, for example). */
      victim: Victim,
      tiny: z.boolean().default(false),
      /** Evasion: how many test inputs to attack (default 10). */
      count: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("inline"),
      /** Examples to attack, query seeds or membership candidates, depending on the attack. */
      inputs: z.array(LabeledInput).max(2000),
      /** Held-out labelled inputs to measure fidelity/accuracy (extraction). */
      heldOut: z.array(LabeledInput).max(2000).optional(),
      /** The attacker's own data (shadow models). */
      reference: z.array(LabeledInput).max(2000).optional(),
    })
    .strict(),
]);
export type DataSpec = z.output<typeof DataSpec>;

/** Most training examples one API poisoning run may sample from the demo data. */
export const MAX_POISON_TRAIN = 10_000;
/** Most epochs per model one API poisoning run may train (one model per rate, plus a baseline). */
export const MAX_POISON_EPOCHS = 20;

/** Poisoning runs: bundled demo data to poison (no target; mlsa trains the models itself). */
export const PoisoningDataSpec = z
  .object({
    kind: z.literal("demo"),
    victim: z.enum(["digits", "iris"]),
    /** A small sample (300 examples unless `count` says otherwise) for tests and quick looks. */
    tiny: z.boolean().default(false),
    /** Examples sampled from the demo set before the test split (default 2000, tiny 300). */
    count: z.number().int().min(20).max(MAX_POISON_TRAIN).optional(),
  })
  .strict();
export type PoisoningDataSpec = z.output<typeof PoisoningDataSpec>;

/** Poisoning runs: settings of mlsa's trainer, within the server's training budget. */
export const PoisoningTrainerSpec = z
  .object({
    /** Hidden ReLU layer widths; [] trains softmax regression (default [128]). */
    hidden: z.array(z.number().int().min(1).max(256)).max(2).optional(),
    epochs: z.number().int().min(1).max(MAX_POISON_EPOCHS).optional(),
    batchSize: z.number().int().min(1).max(1024).optional(),
  })
  .strict();

/** Poisoning runs: poison rates (fractions), a subset of the default sweep. */
export const PoisonRates = z
  .array(
    z
      .number()
      .refine((r) => DEFAULT_RATES.includes(r), `one of the default rates ${DEFAULT_RATES.join(", ")}`),
  )
  .min(1)
  .max(DEFAULT_RATES.length)
  .refine((rates) => new Set(rates).size === rates.length, "each rate at most once");

/**
 * Body of POST /api/assessments/:id/runs. `target` and `data` are checked in a second step, once
 * the attack is known: query attacks need `target` and `budget` (data: {@link DataSpec});
 * poisoning attacks take no target or budget but `data` ({@link PoisoningDataSpec}) and
 * optionally `rates` and `trainer`.
 */
export const StartRunBody = z
  .object({
    attack: z.string().min(1).max(100),
    target: z.unknown().optional(),
    budget: z.number().int().min(1).max(MAX_BUDGET).optional(),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    params: z.record(z.string(), z.unknown()).default({}),
    data: z.unknown().optional(),
    rates: PoisonRates.optional(),
    trainer: PoisoningTrainerSpec.optional(),
  })
  .strict();

export type StartRunBody = z.output<typeof StartRunBody>;

/** The same body as documented in OpenAPI (target and data are checked in two steps for clear errors). */
export const StartRunBodyDoc = StartRunBody.extend({
  target: TargetSpec.optional(),
  data: z.union([DataSpec, PoisoningDataSpec]).optional(),
});

const relabel = (error: Invalid, prefix: string): Invalid =>
  new Invalid(
    error.message,
    error.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message })),
  );

/**
 * Check a target spec: the shape, then the HTTP config with the HTTP target's schema, the secret
 * variable's prefix and the allowed hosts. Paths in errors start with `where` (e.g. body.target).
 */
export function parseTargetSpec(
  input: unknown,
  env: Readonly<Record<string, string | undefined>>,
  where = "body.target",
): TargetSpec {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (kind === "onnx") {
    const message =
      "ONNX models can only be attacked from the CLI (mlsa lab run ATTACK --target model.onnx): " +
      "the server does not read files from its own disk. Serve the model as an HTTP API, or use a demo victim.";
    throw new Invalid(message, [{ path: `${where}.kind`, message }]);
  }
  const parsed = TargetSpec.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join("."),
      message: i.message,
    }));
    throw new Invalid(`invalid target: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  const spec = parsed.data;
  if (spec.kind === "http") {
    let config: ReturnType<typeof parseHttpTargetConfig>;
    try {
      config = parseHttpTargetConfig(spec.config);
    } catch (error) {
      throw error instanceof Invalid ? relabel(error, `${where}.config`) : error;
    }
    if (config.auth && !config.auth.env.startsWith(SECRET_ENV_PREFIX)) {
      const message = `through the server, auth secrets come only from environment variables named ${SECRET_ENV_PREFIX}*, which the operator sets; "${config.auth.env}" is not one`;
      throw new Invalid(message, [{ path: `${where}.config.auth.env`, message }]);
    }
    const host = checkHostAllowed(config.url, env.MLSA_LAB_ALLOWED_HOSTS);
    if (host) throw new Invalid(host, [{ path: `${where}.config.url`, message: host }]);
  }
  return spec;
}

/** Parse MLSA_LAB_ALLOWED_HOSTS: comma-separated host names, `host:port`, or `*.domain`; empty = any. */
export function allowedHosts(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
}

/**
 * Why `url` may not be attacked under the MLSA_LAB_ALLOWED_HOSTS setting, or null when it may.
 * Unset or empty: any host the owner names. An entry matches the URL's host name, its host:port,
 * or (`*.example.com`) any subdomain of example.com.
 */
export function checkHostAllowed(url: string, setting: string | undefined): string | null {
  const allowed = allowedHosts(setting);
  if (allowed.length === 0) return null;
  const u = new URL(url);
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  const ok = allowed.some((entry) => {
    if (entry.startsWith("*.")) return host.endsWith(entry.slice(1)) && host.length > entry.length - 1;
    const bare = entry.replace(/^\[|\]$/g, "");
    if (bare === host) return true;
    const at = entry.lastIndexOf(":");
    return at > 0 && entry.slice(0, at).replace(/^\[|\]$/g, "") === host && entry.slice(at + 1) === port;
  });
  return ok
    ? null
    : `host ${u.host} is not in this server's MLSA_LAB_ALLOWED_HOSTS (${allowed.join(", ")}); the lab only sends traffic to hosts the operator allows`;
}
