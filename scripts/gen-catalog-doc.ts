// Writes docs/catalog.md from the catalog (`npm run docs:catalog`); a test fails when it is stale.
import { writeFileSync } from "node:fs";
import { CATALOG } from "../src/catalog/index.js";
import { catalogMarkdown } from "../src/reports/catalog-md.js";

writeFileSync(new URL("../docs/catalog.md", import.meta.url), catalogMarkdown(CATALOG));
console.log("wrote docs/catalog.md");
