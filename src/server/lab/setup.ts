// Opens what a stored lab run describes, in the process that executes it: the target (a demo victim
// in-process, or an HTTP API checked again against this process's allowed hosts) and the data the
// attack works from (a demo victim's seeded splits, or labelled inputs sent with the request).
import { Invalid } from "../../contracts/errors.js";
import type { AttackDefinition, GroundTruth, LabExample } from "../../lab/attack.js";
import type { RawProbe } from "../../lab/probes/raw.js";
import type { Target } from "../../lab/target.js";
import { demoRunData } from "../../targets/demo-data.js";
import { createHttpTarget } from "../../targets/http.js";
import { createHttpProbe } from "../../targets/http-probe.js";
import { loadVictim, type Victim } from "../../targets/victims/index.js";
import { DataSpec as DataSchema, type DataSpec, parseTargetSpec } from "./spec.js";

/** Everything runAttack needs besides the attack and its settings. */
export interface RunSetup {
  target: Target;
  raw?: RawProbe;
  inputs: LabExample[];
  heldOut?: LabExample[];
  reference?: LabExample[];
  groundTruth?: GroundTruth;
}

/** Where demo victims are cached and which environment the process has. */
export interface SetupOptions {
  dataDir?: string;
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** Open the stored target and data of a run for `attack`. */
export async function openRunSetup(
  attack: AttackDefinition,
  stored: { target: unknown; data: unknown; seed: number },
  options: SetupOptions,
): Promise<RunSetup> {
  const spec = parseTargetSpec(stored.target, options.env, "target");
  const data = stored.data === null || stored.data === undefined ? undefined : DataSchema.parse(stored.data);
  const victims = new Map<string, Promise<Victim>>();
  const victim = (name: Victim["name"], tiny: boolean) => {
    const key = `${name}:${tiny}`;
    let v = victims.get(key);
    if (!v) {
      options.onProgress?.(`loading demo victim ${name}${tiny ? " (tiny)" : ""}`);
      v = loadVictim(name, { dataDir: options.dataDir, tiny, signal: options.signal });
      victims.set(key, v);
    }
    return v;
  };

  let target: Target;
  let raw: RawProbe | undefined;
  let own: Victim | undefined;
  if (spec.kind === "demo") {
    own = await victim(spec.victim, spec.tiny);
    target = own.target(spec.output, spec.topK ? { topK: spec.topK } : {});
  } else {
    target = createHttpTarget(spec.config, { env: options.env });
    if (attack.requires.raw) raw = createHttpProbe(spec.config, { env: options.env });
  }

  const source: DataSpec | undefined =
    data ?? (spec.kind === "demo" ? { kind: "demo", victim: spec.victim, tiny: spec.tiny } : undefined);
  if (!source) return { target, ...(raw ? { raw } : {}), inputs: [] };
  if (source.kind === "inline") {
    const rows = (list: Extract<DataSpec, { kind: "inline" }>["inputs"]) =>
      list.map((e) => ({
        x: Float32Array.from(e.x),
        y: e.y,
        ...(e.member === undefined ? {} : { member: e.member }),
      }));
    return {
      target,
      ...(raw ? { raw } : {}),
      inputs: rows(source.inputs),
      ...(source.heldOut ? { heldOut: rows(source.heldOut) } : {}),
      ...(source.reference ? { reference: rows(source.reference) } : {}),
    };
  }
  const v = await victim(source.victim, source.tiny);
  // The victim's own labels for held-out data cost no budget, but only when it is the target itself.
  const demo = demoRunData(v, attack.family, {
    seed: stored.seed,
    count: source.count,
    victimIsTarget: own !== undefined && own === v,
  });
  return { target, ...(raw ? { raw } : {}), ...demo };
}

/** Throw Invalid (before anything is queued) when the attack needs data the request does not give. */
export function checkDataFor(attack: AttackDefinition, target: { kind: string }, data: DataSpec | undefined) {
  const fromDemo = target.kind === "demo" || data?.kind === "demo";
  const inline = data?.kind === "inline" ? data : undefined;
  if (attack.requires.inputs && !fromDemo && (inline?.inputs.length ?? 0) === 0) {
    const message = `${attack.name} needs labelled inputs: send data {kind: "inline", inputs: [{x, y}]} or {kind: "demo", victim}`;
    throw new Invalid(message, [{ path: "body.data", message }]);
  }
  if (attack.requires.reference && !fromDemo && (inline?.reference?.length ?? 0) === 0) {
    const message = `${attack.name} needs reference data (the attacker's own records): send data.reference or use a demo victim's data`;
    throw new Invalid(message, [{ path: "body.data.reference", message }]);
  }
  if (attack.requires.raw && target.kind !== "http") {
    const message = `${attack.name} sends raw HTTP requests, which only HTTP API targets allow`;
    throw new Invalid(message, [{ path: "body.target.kind", message }]);
  }
}
