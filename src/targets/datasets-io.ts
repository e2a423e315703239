// Reading the user's training data (CSV, JSON, a folder of PNGs per class, or a bundled demo set)
// into a lab Dataset with clear errors, and writing data sets back as CSV or JSON for training hooks.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { PNG } from "pngjs";
import { z } from "zod";
import { Invalid } from "../contracts/errors.js";
import { type Dataset, loadDigits, loadIris } from "../lab/datasets.js";

/** Options of {@link loadTrainingData}. */
export interface LoadDataOptions {
  /** CSV/JSON: name (or 0-based index) of the label column; default "label", "class", "target", "y", else the last. */
  labelColumn?: string;
  /** CSV/JSON: shape of one input when the rows are flattened images, e.g. [28, 28] or [28, 28, 1]. */
  inputShape?: readonly number[];
}

/** A loaded data set and where it came from (safe to show). */
export interface LoadedData {
  data: Dataset;
  description: string;
  format: "csv" | "json" | "images" | "demo";
}

const DEMO_SETS = { digits: loadDigits, iris: loadIris } as const;

/**
 * Load training data from `spec`: `demo:digits` / `demo:iris`, a `.csv` or `.json` file, or a
 * directory with one subfolder of PNG images per class. Throws Invalid naming the file, line or
 * field at fault.
 */
export async function loadTrainingData(spec: string, options: LoadDataOptions = {}): Promise<LoadedData> {
  if (spec.startsWith("demo:")) {
    const name = spec.slice(5);
    const load = DEMO_SETS[name as keyof typeof DEMO_SETS];
    if (!load)
      throw new Invalid(
        `unknown demo data "${name}"; known: ${Object.keys(DEMO_SETS)
          .map((k) => `demo:${k}`)
          .join(", ")}`,
      );
    return { data: load(), description: `${name} (bundled demo data)`, format: "demo" };
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(spec);
  } catch {
    throw new Invalid(`cannot read ${spec}: no such file or directory`);
  }
  if (info.isDirectory())
    return { data: await readImageFolder(spec), description: basename(spec), format: "images" };
  const ext = extname(spec).toLowerCase();
  if (ext !== ".csv" && ext !== ".json") {
    throw new Invalid(
      `${spec}: unsupported data file; use .csv, .json, a folder of PNGs per class, or demo:digits`,
    );
  }
  const text = await readFile(spec, "utf8");
  const data = ext === ".csv" ? parseCsvDataset(text, spec, options) : parseJsonDataset(text, spec, options);
  return { data, description: basename(spec), format: ext === ".csv" ? "csv" : "json" };
}

/**
 * Express `test` in the classes of `train` (matched by class name), so a separately loaded test
 * file with fewer classes or another label order still lines up. Throws Invalid on an unknown class.
 */
export function alignClasses(train: Dataset, test: Dataset, where: string): Dataset {
  const trainNames = train.classNames ?? Array.from({ length: train.numClasses }, (_, i) => String(i));
  const testNames = test.classNames ?? Array.from({ length: test.numClasses }, (_, i) => String(i));
  const map = testNames.map((n) => trainNames.indexOf(n));
  const used = new Set(test.y);
  map.forEach((m, c) => {
    if (m < 0 && used.has(c)) {
      throw new Invalid(
        `${where}: class "${testNames[c]}" does not occur in the training data (classes: ${trainNames.join(", ")})`,
      );
    }
  });
  const d = train.x[0]?.length ?? 0;
  if (test.x[0] && test.x[0].length !== d) {
    throw new Invalid(`${where}: inputs have ${test.x[0].length} features, the training data ${d}`);
  }
  return {
    ...test,
    y: test.y.map((c) => map[c]!),
    numClasses: train.numClasses,
    classNames: trainNames,
    inputShape: train.inputShape,
    bounds: train.bounds,
    ...(train.featureNames ? { featureNames: train.featureNames } : {}),
  };
}

// --- labels and shapes ------------------------------------------------------------------------

/** Map raw labels to class indices: integers 0..k−1 stay as they are, anything else is sorted and numbered. */
export function encodeLabels(
  raw: ReadonlyArray<string | number>,
  where: string,
): { y: number[]; classNames: string[] } {
  const text = raw.map((v) => String(v).trim());
  text.forEach((t, i) => {
    if (t === "") throw new Invalid(`${where}: example ${i + 1} has an empty label`);
  });
  if (text.every((t) => /^\d+$/.test(t))) {
    // Class indices (0-based): keep them, so a test file missing a class still lines up.
    const y = text.map(Number);
    const k = Math.max(...y) + 1;
    if (Math.min(...y) === 0 && k <= 1000)
      return { y, classNames: Array.from({ length: k }, (_, i) => String(i)) };
  }
  const distinct = [...new Set(text)];
  const numeric = distinct.every((t) => Number.isFinite(Number(t)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(distinct.map((c, i) => [c, i]));
  return { y: text.map((t) => index.get(t)!), classNames: distinct };
}

function checkShape(inputShape: readonly number[] | undefined, d: number, where: string): number[] {
  if (!inputShape) return [d];
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (!inputShape.every((v) => Number.isInteger(v) && v > 0) || size !== d) {
    throw new Invalid(
      `${where}: input shape [${inputShape.join(", ")}] holds ${size} values, rows have ${d} features`,
    );
  }
  return [...inputShape];
}

function finish(
  x: Float32Array[],
  rawLabels: ReadonlyArray<string | number> | { y: number[]; classNames: string[] },
  featureNames: string[] | undefined,
  where: string,
  options: LoadDataOptions,
): Dataset {
  if (x.length < 2) throw new Invalid(`${where}: needs at least 2 examples, found ${x.length}`);
  const { y, classNames } = "classNames" in rawLabels ? rawLabels : encodeLabels(rawLabels, where);
  if (classNames.length < 2)
    throw new Invalid(`${where}: every example has the same label; need at least 2 classes`);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of x) for (const v of row) [min, max] = [Math.min(min, v), Math.max(max, v)];
  const d = x[0]!.length;
  return {
    x,
    y,
    numClasses: classNames.length,
    inputShape: checkShape(options.inputShape, d, where),
    bounds: { min, max: max > min ? max : min + 1 },
    ...(featureNames ? { featureNames } : {}),
    classNames,
  };
}

// --- CSV ---------------------------------------------------------------------------------------

/** Split CSV text into rows of fields (RFC 4180 quotes, comma or semicolon separated); blank lines skipped. */
export function parseCsvRows(text: string): Array<{ line: number; fields: string[] }> {
  const firstLine = text.slice(0, text.indexOf("\n") >= 0 ? text.indexOf("\n") : text.length);
  const sep = !firstLine.includes(",") && firstLine.includes(";") ? ";" : ",";
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== "") rows.push({ line: rowLine, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === sep) {
      fields.push(field);
      field = "";
    } else if (ch === "\n") {
      endRow();
      line++;
      rowLine = line;
    } else if (ch !== "\r") field += ch;
  }
  if (quoted) throw new Invalid(`CSV line ${rowLine}: a quoted field is never closed`);
  if (field !== "" || fields.length > 0) endRow();
  return rows;
}

const LABEL_NAMES = ["label", "class", "target", "y"];

function labelIndex(
  header: string[] | undefined,
  width: number,
  labelColumn: string | undefined,
  where: string,
): number {
  if (labelColumn !== undefined) {
    const byName = header?.findIndex((h) => h.trim() === labelColumn) ?? -1;
    if (byName >= 0) return byName;
    if (/^\d+$/.test(labelColumn) && Number(labelColumn) < width) return Number(labelColumn);
    throw new Invalid(
      `${where}: no label column "${labelColumn}"${header ? `; columns: ${header.join(", ")}` : ""}`,
    );
  }
  const lower = header?.map((h) => h.trim().toLowerCase());
  for (const name of LABEL_NAMES) {
    const i = lower?.indexOf(name) ?? -1;
    if (i >= 0) return i;
  }
  return width - 1;
}

/** Parse a CSV data set: numeric features and one label column; a header row is optional. */
export function parseCsvDataset(text: string, where: string, options: LoadDataOptions = {}): Dataset {
  const rows = parseCsvRows(text);
  if (rows.length === 0) throw new Invalid(`${where}: the file is empty`);
  const first = rows[0]!.fields;
  const hasHeader = first.some((f) => f.trim() !== "" && !Number.isFinite(Number(f)));
  const header = hasHeader ? first.map((f) => f.trim()) : undefined;
  const width = first.length;
  if (width < 2) throw new Invalid(`${where}: needs at least one feature column and a label column`);
  const li = labelIndex(header, width, options.labelColumn, where);
  const x: Float32Array[] = [];
  const labels: string[] = [];
  for (const { line, fields } of hasHeader ? rows.slice(1) : rows) {
    if (fields.length !== width) {
      throw new Invalid(`${where} line ${line}: ${fields.length} columns, expected ${width}`, [
        { path: `line ${line}`, message: `expected ${width} columns` },
      ]);
    }
    const row = new Float32Array(width - 1);
    let j = 0;
    fields.forEach((f, c) => {
      if (c === li) return;
      const v = Number(f.trim());
      if (f.trim() === "" || !Number.isFinite(v)) {
        const col = header?.[c] ?? `column ${c + 1}`;
        throw new Invalid(`${where} line ${line}: "${f}" in ${col} is not a finite number`, [
          { path: `line ${line}.${col}`, message: "number expected" },
        ]);
      }
      row[j++] = v;
    });
    x.push(row);
    labels.push(fields[li]!);
  }
  return finish(
    x,
    labels,
    header?.filter((_, c) => c !== li),
    where,
    options,
  );
}

// --- JSON --------------------------------------------------------------------------------------

const Label = z.union([z.string(), z.number()]);
const Matrix = z.object({
  x: z.array(z.array(z.number())).min(1),
  y: z.array(Label).min(1),
  featureNames: z.array(z.string()).optional(),
  classNames: z.array(z.string()).optional(),
  inputShape: z.array(z.number().int().positive()).optional(),
});
const Records = z.array(z.record(z.string(), z.unknown())).min(1);

/**
 * Parse a JSON data set: `{ "x": [[…]], "y": […] }` (optional featureNames, classNames, inputShape);
 * or an array of records, either `{ "features": […], "label": … }` or named numeric fields plus a label.
 */
export function parseJsonDataset(text: string, where: string, options: LoadDataOptions = {}): Dataset {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Invalid(`${where}: not valid JSON (${(error as Error).message})`);
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const m = Matrix.safeParse(value);
    if (!m.success) {
      const issue = m.error.issues[0]!;
      throw new Invalid(`${where}: ${issue.path.join(".") || "top level"}: ${issue.message}`, [
        { path: issue.path.join("."), message: issue.message },
      ]);
    }
    const { x, y } = m.data;
    if (x.length !== y.length) throw new Invalid(`${where}: ${x.length} inputs but ${y.length} labels`);
    const d = x[0]!.length;
    x.forEach((row, i) => {
      if (row.length !== d) throw new Invalid(`${where}: x[${i}] has ${row.length} values, x[0] has ${d}`);
    });
    const names = m.data.classNames;
    let labels: ReturnType<typeof encodeLabels> | undefined;
    if (names && y.every((v) => typeof v === "number")) {
      // Labels given as indices into the file's own class names keep that order.
      y.forEach((v, i) => {
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= names.length) {
          throw new Invalid(
            `${where}: y[${i}] = ${v} is not an index into classNames (0–${names.length - 1})`,
          );
        }
      });
      labels = { y: y as number[], classNames: names };
    }
    return finish(
      x.map((r) => Float32Array.from(r)),
      labels ?? y,
      m.data.featureNames,
      where,
      { ...options, inputShape: options.inputShape ?? m.data.inputShape },
    );
  }
  const records = Records.safeParse(value);
  if (!records.success) {
    throw new Invalid(`${where}: expected an object with "x" and "y" or a non-empty array of records`);
  }
  return parseRecords(records.data, where, options);
}

function parseRecords(
  records: ReadonlyArray<Record<string, unknown>>,
  where: string,
  options: LoadDataOptions,
): Dataset {
  const keys = Object.keys(records[0]!);
  const labelKey =
    options.labelColumn ?? keys.find((k) => LABEL_NAMES.includes(k.toLowerCase())) ?? undefined;
  if (!labelKey) throw new Invalid(`${where}: records need a "label" field (or pass the label field's name)`);
  const vectorKey = ["features", "x", "input"].find((k) => k in records[0]! && Array.isArray(records[0]![k]));
  const featureKeys = vectorKey ? undefined : keys.filter((k) => k !== labelKey);
  const x: Float32Array[] = [];
  const labels: Array<string | number> = [];
  records.forEach((r, i) => {
    const label = Label.safeParse(r[labelKey]);
    if (!label.success)
      throw new Invalid(`${where}: record ${i} has no usable "${labelKey}"`, [
        { path: `${i}.${labelKey}`, message: "string or number expected" },
      ]);
    labels.push(label.data);
    const values = vectorKey ? r[vectorKey] : featureKeys!.map((k) => r[k]);
    const parsed = z.array(z.number()).safeParse(values);
    if (!parsed.success) {
      throw new Invalid(`${where}: record ${i} has a feature that is not a number`, [
        { path: `${i}.${vectorKey ?? "features"}`, message: "numbers expected" },
      ]);
    }
    if (x.length > 0 && parsed.data.length !== x[0]!.length) {
      throw new Invalid(
        `${where}: record ${i} has ${parsed.data.length} features, record 0 has ${x[0]!.length}`,
      );
    }
    x.push(Float32Array.from(parsed.data));
  });
  if (x[0]!.length === 0) throw new Invalid(`${where}: records have no features`);
  return finish(x, labels, featureKeys, where, options);
}

// --- image folders -----------------------------------------------------------------------------

/**
 * Read `root/<class name>/*.png` into a data set: classes sorted by folder name, pixel values in
 * [0, 1], one channel when every image is grey, else RGB. Every image must have the same size.
 */
export async function readImageFolder(root: string): Promise<Dataset> {
  const entries = (await readdir(root, { withFileTypes: true })).filter((e) => !e.name.startsWith("."));
  const classes = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (classes.length < 2) {
    throw new Invalid(
      `${root}: an image folder needs one subfolder of PNG files per class (found ${classes.length} subfolders)`,
    );
  }
  const images: Array<{ png: PNG; label: number; file: string }> = [];
  for (const [label, name] of classes.entries()) {
    const dir = join(root, name);
    const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith(".png")).sort();
    if (files.length === 0) throw new Invalid(`${dir}: class folder "${name}" has no .png files`);
    for (const f of files) {
      const file = join(dir, f);
      try {
        images.push({ png: PNG.sync.read(await readFile(file)), label, file });
      } catch (error) {
        throw new Invalid(`${file}: not a readable PNG (${(error as Error).message})`);
      }
    }
  }
  const { width, height } = images[0]!.png;
  for (const im of images) {
    if (im.png.width !== width || im.png.height !== height) {
      throw new Invalid(
        `${im.file} is ${im.png.width}×${im.png.height}, the first image is ${width}×${height}; all images must have one size`,
      );
    }
  }
  const grey = images.every(({ png }) => {
    for (let o = 0; o < png.data.length; o += 4) {
      if (png.data[o] !== png.data[o + 1] || png.data[o] !== png.data[o + 2]) return false;
    }
    return true;
  });
  const channels = grey ? 1 : 3;
  const x = images.map(({ png }) => {
    const out = new Float32Array(width * height * channels);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < channels; c++) out[p * channels + c] = png.data[p * 4 + c]! / 255;
    }
    return out;
  });
  return {
    x,
    y: images.map((im) => im.label),
    numClasses: classes.length,
    inputShape: [height, width, channels],
    bounds: { min: 0, max: 1 },
    classNames: classes,
  };
}

// --- writing -----------------------------------------------------------------------------------

const num = (v: number) => String(Number(v.toPrecision(9)));

/** Feature names used in written files: the data's own, else x0, x1, … */
export function columnNames(data: Dataset): string[] {
  const d = data.x[0]?.length ?? 0;
  return data.featureNames && data.featureNames.length === d
    ? [...data.featureNames]
    : Array.from({ length: d }, (_, j) => `x${j}`);
}

/** Write `features…,label` CSV with a header row; labels are class indices (0-based). */
export async function writeDatasetCsv(data: Dataset, path: string): Promise<void> {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [[...columnNames(data), "label"].map(quote).join(",")];
  data.x.forEach((row, i) => {
    lines.push(`${Array.from(row, num).join(",")},${data.y[i]}`);
  });
  await writeFile(path, `${lines.join("\n")}\n`);
}

/** Write `{ featureNames, classNames, numClasses, inputShape, x, y }` JSON; labels are class indices. */
export async function writeDatasetJson(data: Dataset, path: string): Promise<void> {
  const body = {
    featureNames: columnNames(data),
    ...(data.classNames ? { classNames: data.classNames } : {}),
    numClasses: data.numClasses,
    inputShape: data.inputShape,
    x: data.x.map((row) => Array.from(row, (v) => Number(v.toPrecision(9)))),
    y: data.y,
  };
  await writeFile(path, JSON.stringify(body));
}
