// Reading training data from CSV, JSON, PNG folders and demo sets, the errors bad files give, and
// the CSV/JSON files written for training hooks reading back to the same data.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { Invalid } from "../contracts/errors.js";
import { blobs } from "../lab/poisoning/fixtures.js";
import {
  alignClasses,
  loadTrainingData,
  parseCsvDataset,
  parseJsonDataset,
  readImageFolder,
  writeDatasetCsv,
  writeDatasetJson,
} from "./datasets-io.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-data-io-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

describe("CSV", () => {
  it("reads a header, a named label column and text classes (sorted)", () => {
    const d = parseCsvDataset("a,b,species\n1,2,setosa\n3,4,virginica\n5,6,setosa\n", "iris.csv");
    expect(d.featureNames).toEqual(["a", "b"]);
    expect(d.classNames).toEqual(["setosa", "virginica"]);
    expect(d.y).toEqual([0, 1, 0]);
    expect(Array.from(d.x[1]!)).toEqual([3, 4]);
    expect(d.bounds).toEqual({ min: 1, max: 6 });
  });

  it("takes the last column as label without a header, and a chosen column with --label-column", () => {
    const d = parseCsvDataset("0.5,1,0\n0.25,2,1\r\n\n0,3,2\n", "x.csv");
    expect(d.y).toEqual([0, 1, 2]);
    expect(d.numClasses).toBe(3);
    const e = parseCsvDataset("y,f\n1,0.5\n0,0.7\n", "x.csv", { labelColumn: "y" });
    expect(e.y).toEqual([1, 0]);
    expect(e.featureNames).toEqual(["f"]);
  });

  it("handles quoted fields and semicolons", () => {
    const d = parseCsvDataset('"f 1";"label"\n1;"a;b"\n2;c\n', "x.csv");
    expect(d.classNames).toEqual(["a;b", "c"]);
  });

  it("shapes flattened images", () => {
    const row = Array.from({ length: 16 }, (_, i) => i / 16).join(",");
    const d = parseCsvDataset(`${row},0\n${row},1\n`, "img.csv", { inputShape: [4, 4] });
    expect(d.inputShape).toEqual([4, 4]);
    expect(() => parseCsvDataset(`${row},0\n${row},1\n`, "img.csv", { inputShape: [5, 5] })).toThrow(
      /holds 25 values/,
    );
  });

  it("names the line and column of bad values", () => {
    expect(() => parseCsvDataset("a,b,label\n1,2,x\n1,2\n", "bad.csv")).toThrow(
      /bad\.csv line 3: 2 columns, expected 3/,
    );
    expect(() => parseCsvDataset("a,b,label\n1,2,x\n1,oops,y\n", "bad.csv")).toThrow(/line 3: "oops" in b/);
    expect(() => parseCsvDataset("a,label\n1,x\n2,x\n", "one.csv")).toThrow(/at least 2 classes/);
    expect(() => parseCsvDataset("", "empty.csv")).toThrow(/empty/);
    expect(() => parseCsvDataset('a,label\n1,"x\n', "q.csv")).toThrow(/never closed/);
    expect(() => parseCsvDataset("a,label\n1,x\n2,y\n", "x.csv", { labelColumn: "cls" })).toThrow(
      /no label column "cls"; columns: a, label/,
    );
  });
});

describe("JSON", () => {
  it("reads {x, y} with class names, records with a feature vector, and named-field records", () => {
    const m = parseJsonDataset(
      JSON.stringify({
        x: [
          [1, 2],
          [3, 4],
        ],
        y: [1, 0],
        classNames: ["cat", "dog"],
        featureNames: ["w", "h"],
      }),
      "m.json",
    );
    expect(m.classNames).toEqual(["cat", "dog"]);
    expect(m.y).toEqual([1, 0]);
    const r = parseJsonDataset(
      JSON.stringify([
        { features: [1, 2], label: "b" },
        { features: [3, 4], label: "a" },
      ]),
      "r.json",
    );
    expect(r.y).toEqual([1, 0]);
    const n = parseJsonDataset(
      JSON.stringify([
        { age: 30, income: 2, class: "no" },
        { age: 50, income: 9, class: "yes" },
      ]),
      "n.json",
    );
    expect(n.featureNames).toEqual(["age", "income"]);
    expect(Array.from(n.x[1]!)).toEqual([50, 9]);
  });

  it("explains malformed JSON data", () => {
    expect(() => parseJsonDataset("{nope", "a.json")).toThrow(/not valid JSON/);
    expect(() => parseJsonDataset(JSON.stringify({ x: [[1], [2]], y: [0] }), "a.json")).toThrow(
      /2 inputs but 1 labels/,
    );
    expect(() => parseJsonDataset(JSON.stringify({ x: [[1], [2, 3]], y: [0, 1] }), "a.json")).toThrow(
      /x\[1\] has 2 values/,
    );
    expect(() => parseJsonDataset(JSON.stringify({ x: [["a"]], y: [0] }), "a.json")).toThrow(Invalid);
    expect(() => parseJsonDataset(JSON.stringify([{ f: 1 }, { f: 2 }]), "a.json")).toThrow(/"label" field/);
    expect(() =>
      parseJsonDataset(
        JSON.stringify([
          { f: "x", label: 0 },
          { f: 2, label: 1 },
        ]),
        "a.json",
      ),
    ).toThrow(/record 0 has a feature that is not a number/);
    expect(() =>
      parseJsonDataset(JSON.stringify({ x: [[1], [2]], y: [0, 5], classNames: ["a", "b"] }), "a.json"),
    ).toThrow(/y\[1\] = 5/);
  });
});

describe("image folders", () => {
  const png = (w: number, h: number, pixel: (x: number, y: number) => [number, number, number]) => {
    const p = new PNG({ width: w, height: h });
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = (y * w + x) * 4;
        const [r, g, b] = pixel(x, y);
        p.data[o] = r;
        p.data[o + 1] = g;
        p.data[o + 2] = b;
        p.data[o + 3] = 255;
      }
    }
    return PNG.sync.write(p);
  };
  const folder = async (name: string, classes: Record<string, Buffer[]>) => {
    const root = join(dir, name);
    for (const [c, images] of Object.entries(classes)) {
      await mkdir(join(root, c), { recursive: true });
      await Promise.all(images.map((b, i) => writeFile(join(root, c, `${i}.png`), b)));
    }
    return root;
  };

  it("reads one class per subfolder, grey images as one channel in [0, 1]", async () => {
    const root = await folder("grey", {
      zero: [png(4, 3, () => [0, 0, 0]), png(4, 3, () => [51, 51, 51])],
      one: [png(4, 3, (x) => (x === 0 ? [255, 255, 255] : [0, 0, 0]))],
    });
    await writeFile(join(root, "one", "notes.txt"), "ignored");
    const d = await readImageFolder(root);
    expect(d.classNames).toEqual(["one", "zero"]);
    expect(d.inputShape).toEqual([3, 4, 1]);
    expect(d.y).toEqual([0, 1, 1]);
    expect(d.x[0]![0]).toBe(1);
    expect(d.x[2]![5]).toBeCloseTo(0.2, 5);
    const loaded = await loadTrainingData(root);
    expect(loaded.format).toBe("images");
  });

  it("keeps colour as three channels", async () => {
    const root = await folder("rgb", {
      a: [png(2, 2, () => [255, 0, 0])],
      b: [png(2, 2, () => [0, 0, 255])],
    });
    const d = await readImageFolder(root);
    expect(d.inputShape).toEqual([2, 2, 3]);
    expect(Array.from(d.x[0]!.slice(0, 3))).toEqual([1, 0, 0]);
  });

  it("rejects mixed sizes, empty classes, unreadable files and a single class", async () => {
    const mixed = await folder("mixed", { a: [png(2, 2, () => [0, 0, 0])], b: [png(3, 2, () => [0, 0, 0])] });
    await expect(readImageFolder(mixed)).rejects.toThrow(/is 3×2, the first image is 2×2/);
    const empty = await folder("empty", { a: [png(2, 2, () => [0, 0, 0])], b: [] });
    await expect(readImageFolder(empty)).rejects.toThrow(/class folder "b" has no \.png files/);
    const broken = await folder("broken", { a: [png(2, 2, () => [0, 0, 0])], b: [Buffer.from("not a png")] });
    await expect(readImageFolder(broken)).rejects.toThrow(/not a readable PNG/);
    const single = await folder("single", { a: [png(2, 2, () => [0, 0, 0])] });
    await expect(readImageFolder(single)).rejects.toThrow(/one subfolder of PNG files per class/);
  });
});

describe("loadTrainingData", () => {
  it("loads demo sets and files by extension, with clear errors otherwise", async () => {
    const digits = await loadTrainingData("demo:digits");
    expect(digits.data.x).toHaveLength(10_000);
    expect(digits.data.inputShape).toEqual([28, 28, 1]);
    await expect(loadTrainingData("demo:cifar")).rejects.toThrow(/known: demo:digits, demo:iris/);
    await expect(loadTrainingData(join(dir, "missing.csv"))).rejects.toThrow(/no such file/);
    await expect(loadTrainingData(await file("data.txt", "1,2"))).rejects.toThrow(/unsupported data file/);
    const csv = await loadTrainingData(await file("ok.csv", "a,label\n1,x\n2,y\n"));
    expect(csv.description).toBe("ok.csv");
  });

  it("lines a separate test file up with the training classes", () => {
    const train = parseCsvDataset("a,label\n1,cat\n2,dog\n3,emu\n", "train.csv");
    const test = parseCsvDataset("a,label\n1,emu\n2,dog\n", "test.csv");
    const aligned = alignClasses(train, test, "test.csv");
    expect(aligned.y).toEqual([2, 1]);
    expect(aligned.numClasses).toBe(3);
    const stranger = parseCsvDataset("a,label\n1,cat\n2,yak\n", "test.csv");
    expect(() => alignClasses(train, stranger, "test.csv")).toThrow(/class "yak" does not occur/);
  });
});

describe("files written for hooks", () => {
  it("read back to the same data (CSV and JSON)", async () => {
    const data = blobs(30, 3, 3, 4);
    const csvPath = join(dir, "w.csv");
    const jsonPath = join(dir, "w.json");
    await writeDatasetCsv(data, csvPath);
    await writeDatasetJson(data, jsonPath);
    for (const path of [csvPath, jsonPath]) {
      const back = (await loadTrainingData(path)).data;
      expect(back.y).toEqual(data.y);
      expect(back.featureNames).toEqual(["f0", "f1", "f2"]);
      back.x.forEach((row, i) => {
        expect(Array.from(row)).toEqual(Array.from(data.x[i]!));
      });
    }
  });
});
