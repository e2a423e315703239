// Lab run endpoints (owner token): start a run against a demo victim or an HTTP API, list, poll and
// cancel; plus the public list of every attack a run can start with and what such a run needs.
// Poisoning simulations (label-flip, backdoor) start here too: they train mlsa's model on demo data.
import { z } from "zod";
import { Invalid, NotFound, Unsupported } from "../../contracts/errors.js";
import { AttackFamily, OutputKind } from "../../contracts/lab.js";
import type { AttackDefinition } from "../../lab/attack.js";
import { DEFAULT_RATES } from "../../lab/poisoning/run.js";
import { TrainerSettings } from "../../lab/poisoning/trainer.js";
import type { PoisoningAttackDefinition } from "../../lab/poisoning/types.js";
import {
  describeAttack,
  getAttack,
  listAttacks,
  listPoisoningAttacks,
  POISONING_ATTACKS,
} from "../../lab/registry.js";
import type { RunRecord, Store } from "../../store/index.js";
import { loadTrainingData } from "../../targets/datasets-io.js";
import type { LabExecutor } from "../lab/executor.js";
import { DEFAULT_POISON_COUNT, trainerTarget } from "../lab/poisoning.js";
import { checkDataFor } from "../lab/setup.js";
import {
  DataSpec,
  PoisoningDataSpec,
  PoisoningTrainerSpec,
  parseTargetSpec,
  StartRunBody,
  StartRunBodyDoc,
} from "../lab/spec.js";
import { defineRoute, parseInput, type Route } from "../route.js";
import { AssessmentId, RunList, RunView } from "../schemas.js";

const RunParams = z.object({ id: AssessmentId, runId: z.string().uuid("a run id (UUID)") }).strict();
const IdOnly = z.object({ id: AssessmentId }).strict();

/** What every entry of GET /api/lab/attacks has, whatever its kind. */
const attackFields = {
  id: z.string(),
  name: z.string(),
  family: AttackFamily,
  description: z.string(),
  paper: z.object({
    authors: z.string(),
    title: z.string(),
    venue: z.string(),
    year: z.number(),
    url: z.string(),
  }),
  /** Parameter defaults, and the parameters' JSON Schema. */
  defaults: z.record(z.string(), z.unknown()),
  params: z.record(z.string(), z.unknown()),
};

/** The families of query attacks (poisoning simulations query nothing). */
const QueryFamily = AttackFamily.exclude(["poisoning"]);

/** A query attack: it sends inputs to a target, so a run needs `target` and `budget`. */
const QueryAttackInfo = z.object({
  kind: z.literal("query"),
  ...attackFields,
  family: QueryFamily,
  /** What the attack needs from the target (and, for inputs and reference, from `data`). */
  requires: z.object({
    outputs: z.array(OutputKind),
    inputs: z.boolean(),
    reference: z.boolean(),
    raw: z.boolean(),
  }),
});

/**
 * A poisoning simulation: it trains mlsa's own model on demo data, so a run takes no `target` or
 * `budget` but needs `data`, and may set `rates` and `trainer`.
 */
const PoisoningAttackInfo = z.object({
  kind: z.literal("poisoning"),
  ...attackFields,
  family: z.literal("poisoning"),
  /** `data` (required): its JSON Schema, and how many examples are sampled when it gives no count. */
  data: z.object({
    schema: z.record(z.string(), z.unknown()),
    defaultCount: z.object({ tiny: z.number().int(), full: z.number().int() }),
  }),
  /** `rates` (optional): the poison rates a run may sweep, and those swept when it gives none. */
  rates: z.object({ allowed: z.array(z.number()), default: z.array(z.number()) }),
  /** `trainer` (optional): its JSON Schema, and the settings used for what it leaves out. */
  trainer: z.object({
    schema: z.record(z.string(), z.unknown()),
    defaults: z.record(z.string(), z.unknown()),
  }),
});

const AttackInfo = z.discriminatedUnion("kind", [QueryAttackInfo, PoisoningAttackInfo]);
type AttackInfo = z.infer<typeof AttackInfo>;

/** Every attack a run can be started with: the query attacks, then the poisoning simulations. */
function listAttackInfo(): AttackInfo[] {
  const query = listAttacks().map((a): AttackInfo => {
    const { runWith: _, ...listing } = describeAttack(a);
    return { kind: "query", ...listing, family: QueryFamily.parse(a.family), params: jsonSchemaOf(a.params) };
  });
  const { hidden, epochs, batchSize } = TrainerSettings.parse({});
  const poisoning = listPoisoningAttacks().map((a): AttackInfo => {
    const { runWith: _r, requires: _q, ...listing } = describeAttack(a);
    return {
      kind: "poisoning",
      ...listing,
      family: "poisoning",
      params: jsonSchemaOf(a.params),
      data: { schema: jsonSchemaOf(PoisoningDataSpec), defaultCount: { ...DEFAULT_POISON_COUNT } },
      rates: { allowed: [...DEFAULT_RATES], default: [...DEFAULT_RATES] },
      trainer: { schema: jsonSchemaOf(PoisoningTrainerSpec), defaults: { hidden, epochs, batchSize } },
    };
  });
  return [...query, ...poisoning];
}

function summariseData(data: unknown): unknown {
  const d = data as { kind?: string; inputs?: unknown[]; heldOut?: unknown[]; reference?: unknown[] } | null;
  if (d?.kind !== "inline") return data ?? null;
  return {
    kind: "inline",
    inputs: d.inputs?.length ?? 0,
    ...(d.heldOut ? { heldOut: d.heldOut.length } : {}),
    ...(d.reference ? { reference: d.reference.length } : {}),
  };
}

function viewOf(run: RunRecord, withExamples: boolean): RunView {
  const { assessmentId: _a, worker: _w, examples, data, ...rest } = run;
  return { ...rest, data: summariseData(data), ...(withExamples ? { examples } : {}) };
}

const refuse = (path: string, message: string) => new Invalid(message, [{ path, message }]);

/** Check a poisoning run's body: demo data, no target or budget; rates and trainer within the caps. */
/** The attack's own check of its parameters against the demo data (class indices in range…), at
 * request time, so a run that would fail in the worker is refused before it is queued. */
async function checkPoisoningParams(
  attack: PoisoningAttackDefinition,
  victim: string,
  params: Record<string, unknown>,
): Promise<void> {
  const { data } = await loadTrainingData(`demo:${victim}`);
  try {
    attack.resolve(data, params);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    throw new Invalid(
      error.message,
      error.issues.map((i) => ({ ...i, path: `body.${i.path}` })),
    );
  }
}

async function poisoningRun(attack: PoisoningAttackDefinition, body: StartRunBody) {
  for (const field of ["target", "budget"] as const) {
    if (body[field] !== undefined)
      throw refuse(
        `body.${field}`,
        `${attack.name} is a poisoning simulation: it trains mlsa's own model on demo data, so it takes no ${field}`,
      );
  }
  if (body.data === undefined)
    throw refuse("body.data", `${attack.name} needs data: {kind: "demo", victim: "digits" | "iris"}`);
  const data = parseInput(PoisoningDataSpec, body.data, "body.data");
  const params = paramsFor(attack, body.params);
  await checkPoisoningParams(attack, data.victim, params);
  return {
    attack: attack.id,
    family: attack.family,
    target: trainerTarget(body.trainer),
    data,
    params: body.rates ? { ...params, rates: body.rates } : params,
    seed: body.seed,
    // One training run per rate plus the unpoisoned baseline (what runPoisoning records as budget).
    budget: (body.rates?.length ?? 5) + 1,
  };
}

function attackOf(id: string): AttackDefinition {
  try {
    return getAttack(id);
  } catch (error) {
    if (error instanceof NotFound || error instanceof Unsupported) {
      throw new Invalid(error.message, [{ path: "body.attack", message: error.message }]);
    }
    throw error;
  }
}

function paramsFor(
  attack: AttackDefinition | PoisoningAttackDefinition,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const parsed = attack.params.safeParse(params);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issues = parsed.error.issues.map((i) => ({
    path: ["body", "params", ...i.path.map(String)].join("."),
    message: i.message,
  }));
  throw new Invalid(
    `invalid parameters for ${attack.id}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    issues,
  );
}

/** The JSON Schema of what a client sends (parameters, data, trainer settings). */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  try {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
    return rest;
  } catch {
    return {};
  }
}

/** The routes; `lab` is null when this server cannot run lab jobs. */
export function runRoutes(
  store: Store,
  lab: LabExecutor | null,
  env: Readonly<Record<string, string | undefined>>,
): Route[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/lab/attacks",
      summary: "Every attack a run can start with: paper, what a run needs, parameters and defaults",
      description:
        'Query attacks (kind "query") send inputs to a target: a run needs target and budget, and data as ' +
        '`requires` says. Poisoning simulations (kind "poisoning": label-flip, backdoor) train mlsa\'s own ' +
        "model: a run takes no target or budget, needs data (demo digits or iris), and may set rates and " +
        "trainer within the limits their entries give.",
      tag: "lab",
      auth: false,
      response: { status: 200, schema: z.object({ attacks: z.array(AttackInfo) }), description: "Attacks" },
      errors: [],
      handler: async () => ({ attacks: listAttackInfo() }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/assessments/:id/runs",
      summary:
        "Start a lab run against a demo victim or an HTTP prediction API, or a poisoning simulation (owner)",
      description:
        "Checked before anything is queued: the attack id, its parameters (issues name body.params.*), " +
        "the target (ONNX files only from the CLI; HTTP only to http/https URLs the server allows, " +
        "secrets only from MLSA_LAB_SECRET_* variables), and the data the attack needs. Returns the queued " +
        "run; poll GET …/runs/:runId. Poisoning attacks (label-flip, backdoor) take no target or budget: " +
        'data {kind: "demo", victim: "digits" | "iris", tiny?, count? ≤ 10000}, optional rates (a subset ' +
        "of the default sweep) and trainer {hidden?, epochs? ≤ 20, batchSize?}. See docs/api.md (Lab runs).",
      tag: "lab",
      auth: true,
      params: IdOnly,
      body: StartRunBody,
      bodyDoc: StartRunBodyDoc,
      response: { status: 202, schema: RunView, description: "The run, queued" },
      errors: [400, 401, 404, 422],
      handler: async ({ params, body, token }) => {
        const p = await store.authorize(token(), params.id, "owner");
        const poisoning = Object.hasOwn(POISONING_ATTACKS, body.attack)
          ? POISONING_ATTACKS[body.attack]
          : undefined;
        if (poisoning) {
          const input = await poisoningRun(poisoning, body);
          if (!lab) throw new Unsupported("this server does not run lab jobs (no executor configured)");
          const run = await store.runs.create(p, input, lab.dispatch);
          lab.submitted(run.id);
          return viewOf(run, false);
        }
        const attack = attackOf(body.attack);
        for (const field of ["rates", "trainer"] as const) {
          if (body[field] !== undefined)
            throw refuse(`body.${field}`, `${field} applies to poisoning attacks only, not ${attack.name}`);
        }
        if (body.budget === undefined) throw refuse("body.budget", `${attack.name} needs a query budget`);
        const target = parseTargetSpec(body.target, env);
        const data = body.data === undefined ? undefined : parseInput(DataSpec, body.data, "body.data");
        const checked = paramsFor(attack, body.params);
        const output = target.kind === "demo" ? target.output : (target.config.output as string);
        if (!(attack.requires.outputs as readonly string[]).includes(output)) {
          const message = `${attack.name} needs a target that returns ${attack.requires.outputs.join(" or ")} outputs; this one returns ${output}`;
          const path = target.kind === "demo" ? "body.target.output" : "body.target.config.output";
          throw new Invalid(message, [{ path, message }]);
        }
        checkDataFor(attack, target, data);
        if (!lab) throw new Unsupported("this server does not run lab jobs (no executor configured)");
        const run = await store.runs.create(
          p,
          {
            attack: attack.id,
            family: attack.family,
            target,
            data: data ?? null,
            params: checked,
            seed: body.seed,
            budget: body.budget,
          },
          lab.dispatch,
        );
        lab.submitted(run.id);
        return viewOf(run, false);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/runs",
      summary: "The assessment's lab runs, newest first, without examples (owner)",
      tag: "lab",
      auth: true,
      params: IdOnly,
      response: { status: 200, schema: RunList, description: "Runs" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        const p = await store.authorize(token(), params.id, "owner");
        return { runs: (await store.runs.list(p)).map((r) => viewOf(r, false)) };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/runs/:runId",
      summary: "One lab run: state, progress, metrics and evidence (owner; poll this)",
      tag: "lab",
      auth: true,
      params: RunParams,
      response: { status: 200, schema: RunView, description: "The run" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        const p = await store.authorize(token(), params.id, "owner");
        return viewOf(await store.runs.get(p, params.runId), true);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/assessments/:id/runs/:runId/cancel",
      summary: "Cancel a queued or running lab run (owner)",
      description:
        "A queued run is cancelled at once. A running run is asked to stop: within about one heartbeat " +
        "its worker stops sending queries and records state cancelled with the evidence so far. " +
        "Cancelling a cancelled run is a no-op; a finished run gives 409.",
      tag: "lab",
      auth: true,
      params: RunParams,
      response: { status: 200, schema: RunView, description: "The run after the request" },
      errors: [400, 401, 404, 409],
      handler: async ({ params, token }) => {
        const p = await store.authorize(token(), params.id, "owner");
        return viewOf(await store.runs.cancel(p, params.runId), false);
      },
    }),
  ];
}
