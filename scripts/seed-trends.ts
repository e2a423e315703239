// Fills the anonymous trends pool with generated, realistic answer sets (demos and benchmarks).
// Usage: npm run seed:trends -- --systems N [--data-dir DIR] [--seed S] [--months M] [--scored K]
// Uses DATABASE_URL when set, else PGlite in --data-dir / $MLSA_DATA_DIR / ./.mlsa.
import { parseArgs } from "node:util";
import { CATALOG } from "../src/catalog/index.js";
import {
  buildContribution,
  type Contribution,
  openStore,
  publishedThrough,
  resolveStoreConfig,
} from "../src/store/index.js";
import { rng, sampleAnswers, sampleDomain } from "../src/store/seed.js";

const { values } = parseArgs({
  options: {
    systems: { type: "string", default: "200" },
    "data-dir": { type: "string" },
    seed: { type: "string", default: "1" },
    months: { type: "string", default: "12" },
    scored: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  process.stdout.write(
    [
      "npm run seed:trends -- --systems N [--data-dir DIR] [--seed S] [--months M] [--scored K]",
      "  --systems  generated systems to pool (each answers all three questionnaires; ~140 pool rows each)",
      "  --months   spread contributions over the last M closed months (default 12)",
      "  --scored   how many of them also get a pooled score row (score() takes ~20 ms per system;",
      "             default: all up to 1000, else 1000)",
      "  DATABASE_URL selects PostgreSQL; otherwise PGlite in --data-dir ($MLSA_DATA_DIR, ./.mlsa)",
      "",
    ].join("\n"),
  );
  process.exit(0);
}

const systems = Number(values.systems);
const months = Number(values.months);
if (!Number.isInteger(systems) || systems < 1) throw new Error("--systems: expected a positive integer");
if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error("--months: expected 1..120");
const scored = values.scored === undefined ? Math.min(systems, 1000) : Number(values.scored);
const random = rng(Number(values.seed));

// the last M months the trends already publish (a month is shown only once it has closed)
const [lastYear, lastMonth] = publishedThrough(new Date()).split("-").map(Number) as [number, number];
const monthList = Array.from({ length: months }, (_, i) =>
  new Date(Date.UTC(lastYear, lastMonth - 1 - i, 1)).toISOString().slice(0, 7),
);

const store = await openStore(resolveStoreConfig({ dataDir: values["data-dir"] }));
const started = performance.now();
let rows = 0;
const BATCH = 500;
try {
  for (let done = 0; done < systems; done += BATCH) {
    const batch: Contribution[] = [];
    for (let i = done; i < Math.min(systems, done + BATCH); i++) {
      const domain = sampleDomain(CATALOG, random);
      const answers = sampleAnswers(CATALOG, domain, random);
      // more contributions in recent months, as adoption grows
      const month = monthList[Math.min(months - 1, Math.floor(months * random() * random()))] as string;
      batch.push(
        buildContribution(CATALOG, answers, ["risk", "surface", "security"], {
          domain,
          month,
          withScore: i < scored,
        }),
      );
    }
    await store.poolBulk(batch);
    rows += batch.reduce((s, c) => s + c.answers.length, 0);
    process.stderr.write(
      `seed:trends: ${Math.min(systems, done + BATCH)}/${systems} systems, ${rows} answers\n`,
    );
  }
  await store.analyze();
} finally {
  await store.close();
}
process.stderr.write(
  `seed:trends: pooled ${systems} systems (${scored} scored), ${rows} answer rows in ${Math.round(performance.now() - started)} ms (${store.db.kind})\n`,
);
