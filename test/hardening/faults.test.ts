// Load and faults on loopback, bounded in count and time: 50 respondents autosaving while the
// server is SIGKILLed (PGlite and PostgreSQL), and PostgreSQL crashing and restarting under load.
import { describe, expect, it } from "vitest";
import { killUnderLoad, postgresOutage } from "./faults.js";

describe("faults under load", () => {
  for (const database of ["pglite", "postgres"] as const) {
    it(`${database}: SIGKILL mid-load loses no acknowledged answer`, async () => {
      const r = await killUnderLoad({ database, respondents: 50, killAfter: 500 });
      console.log(`[faults] ${database} SIGKILL: ${JSON.stringify(r)}`);
      expect(r.killedAtAck).toBeGreaterThanOrEqual(500); // the kill came under load, not before it
      expect(r.inFlight).toBeGreaterThan(0); // requests were in flight when it came
      expect(r.check.lost).toEqual([]);
      expect(r.check.found).toBe(r.check.acknowledged);
      expect(r.check.acknowledged).toBeGreaterThanOrEqual(500);
    }, 120_000);
  }

  it("PostgreSQL crash: 503 within 2 s while it is down, recovery by itself, nothing acknowledged lost", async () => {
    const r = await postgresOutage({ respondents: 30, downSeconds: 3 });
    console.log(`[faults] PostgreSQL outage: ${JSON.stringify(r)}`);
    expect(r.serverSurvived).toBe(true);
    // every request sent while PostgreSQL was down got 503 (none hung, none got a 500)
    expect(Object.keys(r.duringOutage)).toEqual(["503"]);
    expect(r.duringOutage["503"]).toBeGreaterThan(10);
    expect(r.outageMaxMs).toBeLessThan(2000);
    expect(r.recoverySeconds).toBeLessThan(10);
    expect(r.check.lost).toEqual([]);
    expect(r.check.found).toBe(r.check.acknowledged);
  }, 180_000);
});
