// What a report needs besides the risk picture: the system, when it was generated, lab evidence
// and the peer comparison. One schema shared by every report format, the server and the CLI.
import { z } from "zod";
import { AttackClass } from "../contracts/catalog.js";
import { LabRun } from "../contracts/lab.js";

/** Where this assessment stands among pooled peers (only sent when the pool has at least k systems). */
export const PeerComparison = z.object({
  /** Share 0..100 of peer systems whose overall residual risk is lower than this one's. */
  percentile: z.number().min(0).max(100),
  /** Number of pooled systems compared against. */
  count: z.number().int().min(0),
  /** The peer group, e.g. "finance" or "all systems". */
  group: z.string().max(200).optional(),
  /** Per-class percentiles (same meaning as `percentile`), for the classes the pool allows. */
  classes: z.partialRecord(AttackClass, z.number().min(0).max(100)).optional(),
  /** The smallest group size shown (k-anonymity threshold). */
  k: z.number().int().min(1).optional(),
});
export type PeerComparison = z.infer<typeof PeerComparison>;

/** Context of one report. */
export const ReportContext = z.object({
  system: z
    .object({ name: z.string().max(200).optional(), domain: z.string().max(100).optional() })
    .optional(),
  /** ISO 8601 timestamp printed on the report (the caller decides the clock). */
  generatedAt: z.string().min(1).max(40),
  labRuns: z.array(LabRun).optional(),
  peers: PeerComparison.optional(),
});
export type ReportContext = z.infer<typeof ReportContext>;
