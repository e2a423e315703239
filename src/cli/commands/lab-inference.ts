// Data for training-data inference runs from the CLI: candidate records (with member labels) and
// reference data read from CSV/JSON files (a demo victim's own splits: src/targets/demo-data.ts).
import { readFileSync } from "node:fs";
import { Invalid } from "../../contracts/errors.js";
import type { TargetInfo } from "../../contracts/lab.js";
import type { LabExample } from "../../lab/attack.js";
import { parseRecords } from "../../lab/records.js";
import { CliError, EXIT } from "../io.js";

/**
 * Read records for the target: `requireMember` for membership candidates. Errors name the file,
 * line and field (exit code 2).
 */
export function readRecordsFile(path: string, info: TargetInfo, requireMember: boolean): LabExample[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return parseRecords(text, {
      format: path.endsWith(".json") ? "json" : path.endsWith(".csv") ? "csv" : undefined,
      dims: info.inputShape.reduce((a, b) => a * b, 1),
      numClasses: info.numClasses,
      classNames: info.classNames,
      featureNames: info.featureNames,
      requireMember,
      source: path,
    });
  } catch (error) {
    if (error instanceof Invalid) throw new CliError(error.message, EXIT.invalid);
    throw error;
  }
}
