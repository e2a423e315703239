// The shared store suite on embedded PGlite (clones of a migrated template).

import { freshPglite } from "../support/pglite.js";
import { storeSuite } from "./suite.js";
import { trendsSuite } from "./trends-suite.js";

const factory = async () => {
  const db = await freshPglite();
  return { db, cleanup: () => db.close() };
};
storeSuite("PGlite", factory);
trendsSuite("PGlite", factory);
