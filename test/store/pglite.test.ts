// The shared store suite on embedded PGlite (clones of a migrated template).

import { freshPglite } from "../support/pglite.js";
import { storeSuite } from "./suite.js";

storeSuite("PGlite", async () => {
  const db = await freshPglite();
  return { db, cleanup: () => db.close() };
});
