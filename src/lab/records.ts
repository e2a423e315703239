// Candidate records for training-data inference: parse CSV or JSON (features, true label, optional
// member flag) with zod, failing with the exact line / field; and build candidates from data splits.
import { z } from "zod";
import { Invalid } from "../contracts/errors.js";
import type { LabExample } from "./attack.js";
import type { Dataset } from "./datasets.js";
import { createRng } from "./rng.js";

/** A record the lab can score: features, true label, and (for membership) whether it was trained on. */
export interface LabRecord extends LabExample {
  /** True when the record is in the target's training set; absent when unknown. */
  readonly member?: boolean;
}

/** How to read a records file. */
export interface ParseRecordsOptions {
  /** `csv` or `json`; default: JSON when the text starts with `[` or `{`, else CSV. */
  format?: "csv" | "json";
  /** Features every record must have (the target's input size). */
  dims?: number;
  /** Number of classes: labels must lie in [0, numClasses). */
  numClasses?: number;
  /** Class names: a label may then be given by name as well as by index. */
  classNames?: readonly string[];
  /** Feature names: CSV columns are then matched by name (any order) instead of position. */
  featureNames?: readonly string[];
  /** Every record must say whether it is a member (membership inference). */
  requireMember?: boolean;
  /** Name used in error messages (file name). */
  source?: string;
}

const MEMBER_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
  yes: true,
  no: false,
  member: true,
  "non-member": false,
  nonmember: false,
  non_member: false,
  in: true,
  out: false,
};
const LABEL_COLUMNS = ["label", "y", "class"];
const MEMBER_COLUMNS = ["member", "is_member", "membership"];

const JsonMember = z.union([
  z.boolean(),
  z.literal(0).transform(() => false),
  z.literal(1).transform(() => true),
  z
    .string()
    .refine((s) => s.trim().toLowerCase() in MEMBER_WORDS, "true/false, 1/0, yes/no or member/non-member")
    .transform((s) => MEMBER_WORDS[s.trim().toLowerCase()] as boolean),
]);
const JsonRecord = z
  .object({
    x: z.array(z.number()).min(1).optional(),
    features: z.array(z.number()).min(1).optional(),
    y: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
    label: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
    member: JsonMember.optional(),
  })
  .refine((r) => (r.x ?? r.features) !== undefined, { message: "needs an `x` (or `features`) array" })
  .refine((r) => (r.y ?? r.label) !== undefined, { message: "needs a `y` (or `label`) class" });

/**
 * Parse candidate records. CSV: a header row; a `label` (or `y`/`class`) column, an optional
 * `member` column, every other column a numeric feature. JSON: an array (or `{records: [...]}`) of
 * `{x: number[], y: number|string, member?: boolean}`. Throws Invalid naming the line or field.
 */
export function parseRecords(text: string, options: ParseRecordsOptions = {}): LabRecord[] {
  const trimmed = text.trimStart();
  const format = options.format ?? (trimmed.startsWith("[") || trimmed.startsWith("{") ? "json" : "csv");
  const records = format === "json" ? parseJson(text, options) : parseCsv(text, options);
  if (records.length === 0) throw new Invalid(`${options.source ?? "records"}: no records found`);
  return records;
}

function where(options: ParseRecordsOptions, place: string): string {
  return `${options.source ?? "records"}, ${place}`;
}

function labelOf(raw: number | string, options: ParseRecordsOptions, place: string): number {
  let label: number | undefined;
  if (typeof raw === "number") label = raw;
  else {
    const named = options.classNames?.indexOf(raw.trim()) ?? -1;
    if (named >= 0) label = named;
    else if (/^\d+$/.test(raw.trim())) label = Number(raw.trim());
  }
  const k = options.numClasses;
  if (label === undefined || !Number.isInteger(label) || label < 0 || (k !== undefined && label >= k)) {
    const expected = k !== undefined ? `a class index 0–${k - 1}` : "a non-negative integer class index";
    const names = options.classNames ? ` or one of ${options.classNames.join(", ")}` : "";
    throw new Invalid(`${place}: label "${raw}" is not ${expected}${names}`, [
      { path: place, message: `expected ${expected}${names}` },
    ]);
  }
  return label;
}

function checkDims(x: ArrayLike<number>, options: ParseRecordsOptions, place: string): void {
  if (options.dims !== undefined && x.length !== options.dims) {
    throw new Invalid(`${place}: ${x.length} features, the target expects ${options.dims}`, [
      { path: place, message: `expected ${options.dims} features` },
    ]);
  }
}

function parseJson(text: string, options: ParseRecordsOptions): LabRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Invalid(`${options.source ?? "records"}: not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === "object" && Array.isArray((data as { records?: unknown }).records)
      ? (data as { records: unknown[] }).records
      : undefined;
  if (!list) {
    throw new Invalid(`${options.source ?? "records"}: expected a list of records or {"records": [...]}`);
  }
  const parsedList = list.map((item, i) => {
    const parsed = JsonRecord.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? [])
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("");
    const at = `records[${i}]${path}`;
    throw new Invalid(`${where(options, at)}: ${issue?.message ?? "invalid"}`, [
      { path: at, message: issue?.message ?? "invalid" },
    ]);
  });
  return parsedList.map((r, i) => {
    const place = where(options, `records[${i}]`);
    const x = Float32Array.from((r.x ?? r.features) as number[]);
    checkDims(x, options, place);
    const y = labelOf((r.y ?? r.label) as number | string, options, `${place}.y`);
    if (options.requireMember && r.member === undefined) {
      throw new Invalid(`${place}: missing \`member\` (true for training records, false otherwise)`, [
        { path: `records[${i}].member`, message: "required" },
      ]);
    }
    return r.member === undefined ? { x, y } : { x, y, member: r.member };
  });
}

/** Split one CSV line into fields (RFC 4180 quotes; a doubled quote is a literal quote). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      out.push(field.trim());
      field = "";
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

function parseCsv(text: string, options: ParseRecordsOptions): LabRecord[] {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  if (headerIndex < 0) throw new Invalid(`${options.source ?? "records"}: empty CSV`);
  const header = splitCsvLine(lines[headerIndex]!).map((h) => h.toLowerCase());
  const find = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const labelCol = find(LABEL_COLUMNS);
  const memberCol = find(MEMBER_COLUMNS);
  if (labelCol < 0) {
    throw new Invalid(
      `${where(options, `line ${headerIndex + 1}`)}: the header needs a label column (${LABEL_COLUMNS.join(", ")})`,
      [{ path: "header", message: "missing label column" }],
    );
  }
  if (options.requireMember && memberCol < 0) {
    throw new Invalid(
      `${where(options, `line ${headerIndex + 1}`)}: the header needs a member column (${MEMBER_COLUMNS.join(", ")})`,
      [{ path: "header", message: "missing member column" }],
    );
  }
  let featureCols = header.flatMap((_, i) => (i === labelCol || i === memberCol ? [] : [i]));
  if (options.featureNames) {
    const wanted = options.featureNames.map((n) => n.toLowerCase());
    if (wanted.every((n) => header.includes(n))) featureCols = wanted.map((n) => header.indexOf(n));
  }
  const records: LabRecord[] = [];
  for (let li = headerIndex + 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const place = where(options, `line ${li + 1}`);
    const cells = splitCsvLine(line);
    if (cells.length !== header.length) {
      throw new Invalid(`${place}: ${cells.length} fields, the header has ${header.length}`, [
        { path: `line ${li + 1}`, message: `expected ${header.length} fields` },
      ]);
    }
    const x = new Float32Array(featureCols.length);
    featureCols.forEach((col, j) => {
      const cell = cells[col]!;
      const v = cell === "" ? Number.NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new Invalid(`${place}, column "${header[col]}": "${cell}" is not a finite number`, [
          { path: `line ${li + 1}.${header[col]}`, message: "finite number expected" },
        ]);
      }
      x[j] = v;
    });
    checkDims(x, options, place);
    const y = labelOf(cells[labelCol]!, options, `${place}, column "${header[labelCol]}"`);
    if (memberCol < 0) {
      records.push({ x, y });
      continue;
    }
    const word = cells[memberCol]!.toLowerCase();
    const member = MEMBER_WORDS[word];
    if (member === undefined) {
      throw new Invalid(
        `${place}, column "${header[memberCol]}": "${cells[memberCol]}" is not true/false, 1/0, yes/no or member/non-member`,
        [{ path: `line ${li + 1}.${header[memberCol]}`, message: "membership flag expected" }],
      );
    }
    records.push({ x, y, member });
  }
  return records;
}

/**
 * Membership candidates from known splits (e.g. a demo victim's `train` = members and `test` =
 * non-members): up to `members` and `nonMembers` records of each, drawn with `seed`, interleaved
 * in a seeded order so nothing downstream can read membership from position.
 */
export function membershipCandidates(
  membersData: Dataset,
  nonMembersData: Dataset,
  options: { members?: number; nonMembers?: number; seed: number },
): LabRecord[] {
  const rng = createRng(`${options.seed}:candidates`);
  const pick = (d: Dataset, n: number | undefined, member: boolean): LabRecord[] =>
    rng
      .shuffle(d.x.map((_, i) => i))
      .slice(0, n ?? d.x.length)
      .map((i) => ({ x: d.x[i]!, y: d.y[i]!, member }));
  const all = [
    ...pick(membersData, options.members, true),
    ...pick(nonMembersData, options.nonMembers, false),
  ];
  return rng.shuffle(all);
}

/** Plain labelled examples (no membership flag) from a data set, e.g. shadow-model reference data. */
export function datasetExamples(data: Dataset, limit?: number): LabExample[] {
  return data.x.slice(0, limit ?? data.x.length).map((x, i) => ({ x, y: data.y[i]! }));
}
