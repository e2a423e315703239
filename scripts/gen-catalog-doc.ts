// Writes docs/catalog.md from the catalog and its released versions (`npm run docs:catalog`); a test
// fails when it is stale.
import { writeFileSync } from "node:fs";
import { catalogDocument } from "../src/reports/catalog-md.js";

writeFileSync(new URL("../docs/catalog.md", import.meta.url), catalogDocument());
console.log("wrote docs/catalog.md");
