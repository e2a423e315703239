// Tabular feature constraints for evasion: per-feature bounds, integer, immutable and one-hot
// groups. `project` maps any candidate onto the feasible set; both evasion attacks call it.
import { z } from "zod";
import { Invalid } from "../contracts/errors.js";

/** A feature named by index (0-based) or by name (resolved with the target's feature names). */
const FeatureRef = z.union([z.number().int().min(0), z.string().min(1)]);

/** User-facing constraint spec (YAML/JSON). Every field is optional. */
export const ConstraintSpec = z
  .object({
    bounds: z.record(z.string(), z.object({ min: z.number(), max: z.number() })).optional(),
    integer: z.array(FeatureRef).optional(),
    immutable: z.array(FeatureRef).optional(),
    oneHot: z.array(z.array(FeatureRef).min(2)).optional(),
  })
  .strict();
export type ConstraintSpec = z.infer<typeof ConstraintSpec>;

/** Compiled constraints over `dims` features. */
export interface FeatureConstraints {
  readonly dims: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly integer: readonly boolean[];
  readonly immutable: readonly boolean[];
  readonly oneHotGroups: readonly (readonly number[])[];
  /**
   * Nearest-ish feasible point: clip to bounds, round integers, snap one-hot groups to their
   * largest member, and copy immutable features from `origin` (when given). Returns a new array.
   */
  project(x: Float32Array, origin?: Float32Array): Float32Array;
  /** Human-readable list of violated constraints (empty when feasible). */
  violations(x: Float32Array, origin?: Float32Array): string[];
}

/** Options for compiling a spec against a target. */
export interface CompileOptions {
  dims: number;
  featureNames?: readonly string[];
  /** Default bounds for every feature (the target's input bounds). */
  defaultBounds: { min: number; max: number };
}

/** Validate a spec and compile it for a target with `dims` features. Throws Invalid with the field. */
export function compileConstraints(spec: unknown, options: CompileOptions): FeatureConstraints {
  const parsed = ConstraintSpec.safeParse(spec);
  if (!parsed.success) {
    throw new Invalid(
      "invalid feature constraints",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const s = parsed.data;
  const { dims, featureNames } = options;
  const resolve = (ref: string | number, where: string): number => {
    const byNumber = typeof ref === "number" ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
    const idx = byNumber ?? featureNames?.indexOf(ref as string) ?? -1;
    if (idx < 0 || idx >= dims) {
      throw new Invalid(`unknown feature ${JSON.stringify(ref)} in ${where}`, [
        { path: where, message: `expected an index in [0, ${dims}) or one of the target's feature names` },
      ]);
    }
    return idx;
  };
  const lower = new Float64Array(dims).fill(options.defaultBounds.min);
  const upper = new Float64Array(dims).fill(options.defaultBounds.max);
  for (const [ref, b] of Object.entries(s.bounds ?? {})) {
    const i = resolve(ref, `bounds.${ref}`);
    if (!(b.min <= b.max))
      throw new Invalid(`bounds.${ref}: min > max`, [{ path: `bounds.${ref}`, message: "min > max" }]);
    lower[i] = b.min;
    upper[i] = b.max;
  }
  const integer = new Array<boolean>(dims).fill(false);
  for (const ref of s.integer ?? []) integer[resolve(ref, "integer")] = true;
  const immutable = new Array<boolean>(dims).fill(false);
  for (const ref of s.immutable ?? []) immutable[resolve(ref, "immutable")] = true;
  const seen = new Set<number>();
  const oneHotGroups = (s.oneHot ?? []).map((group, g) => {
    const idx = group.map((ref) => resolve(ref, `oneHot.${g}`));
    for (const i of idx) {
      if (seen.has(i))
        throw new Invalid(`feature ${i} is in two one-hot groups`, [
          { path: `oneHot.${g}`, message: "overlap" },
        ]);
      seen.add(i);
      if (lower[i]! > 0 || upper[i]! < 1) {
        throw new Invalid(`one-hot feature ${i} must allow both 0 and 1`, [
          { path: `oneHot.${g}`, message: "bounds exclude 0 or 1" },
        ]);
      }
    }
    // A group with an immutable member cannot change at all.
    if (idx.some((i) => immutable[i])) for (const i of idx) immutable[i] = true;
    return idx;
  });
  // Tighten bounds to values representable in float32 (inputs are Float32Array) and, for integer
  // features, to the integers inside the bounds.
  for (let i = 0; i < dims; i++) {
    let lo = lower[i]!;
    let hi = upper[i]!;
    if (integer[i]) {
      lo = Math.ceil(lo);
      hi = Math.floor(hi);
      if (lo > hi)
        throw new Invalid(`integer feature ${i} has no integer inside its bounds`, [
          { path: "integer", message: "empty range" },
        ]);
    }
    lower[i] = f32AtLeast(lo);
    upper[i] = f32AtMost(hi);
  }
  const inGroup = new Set(oneHotGroups.flat());

  const project = (x: Float32Array, origin?: Float32Array): Float32Array => {
    const out = new Float32Array(dims);
    for (let i = 0; i < dims; i++) {
      let v = x[i]!;
      if (Number.isNaN(v)) v = lower[i]!;
      if (integer[i]) v = Math.round(v);
      out[i] = Math.min(upper[i]!, Math.max(lower[i]!, v));
    }
    for (const group of oneHotGroups) {
      let best = group[0]!;
      for (const i of group) if (out[i]! > out[best]!) best = i;
      for (const i of group) out[i] = i === best ? 1 : 0;
    }
    if (origin) for (let i = 0; i < dims; i++) if (immutable[i]) out[i] = origin[i]!;
    return out;
  };

  const violations = (x: Float32Array, origin?: Float32Array): string[] => {
    const found: string[] = [];
    if (x.length !== dims) return [`expected ${dims} features, got ${x.length}`];
    for (let i = 0; i < dims; i++) {
      const v = x[i]!;
      if (origin && immutable[i]) {
        if (!Object.is(v, origin[i]!)) found.push(`feature ${i} is immutable`);
        continue;
      }
      if (!(v >= lower[i]! && v <= upper[i]!))
        found.push(`feature ${i}=${v} outside [${lower[i]}, ${upper[i]}]`);
      if (integer[i] && !Number.isInteger(v)) found.push(`feature ${i}=${v} is not an integer`);
      if (inGroup.has(i) && v !== 0 && v !== 1) found.push(`one-hot feature ${i}=${v} is not 0 or 1`);
    }
    oneHotGroups.forEach((group, g) => {
      const ones = group.filter((i) => x[i] === 1).length;
      if (ones !== 1) found.push(`one-hot group ${g} has ${ones} active features`);
    });
    return found;
  };

  return { dims, lower, upper, integer, immutable, oneHotGroups, project, violations };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Smallest float32 value ≥ v. */
function f32AtLeast(v: number): number {
  const f = Math.fround(v);
  return f >= v ? f : stepF32(f, +1);
}

/** Largest float32 value ≤ v. */
function f32AtMost(v: number): number {
  const f = Math.fround(v);
  return f <= v ? f : stepF32(f, -1);
}

function stepF32(f: number, direction: 1 | -1): number {
  if (f === 0) return direction > 0 ? 2 ** -149 : -(2 ** -149);
  f32[0] = f;
  // Moving away from zero increments the magnitude bits; towards zero decrements them.
  u32[0] = u32[0]! + (f > 0 === direction > 0 ? 1 : -1);
  return f32[0]!;
}
