// `mlsa score` and `mlsa diff`: score an answer file (with a CI threshold) and compare two of them.
import { type Command, Option } from "commander";
import type { Rating, RiskPicture } from "../../contracts/result.js";
import { RATINGS } from "../../contracts/result.js";
import { diffAssessments, score } from "../../scoring/index.js";
import { CliError, EXIT, printJson, readAnswerFile, style } from "../io.js";
import { printDiff, printPicture } from "../render.js";

const atLeast = (rating: Rating, threshold: Rating) => RATINGS.indexOf(rating) >= RATINGS.indexOf(threshold);

/** Register `score` and `diff`. */
export function registerScore(program: Command): void {
  program
    .command("score")
    .description("score an answer file into a risk picture; with --fail-on, exit 1 at or above a rating")
    .argument("<answers>", "answer file (YAML or JSON)")
    .option("--json", "print the full risk picture as JSON")
    .addOption(
      new Option("--fail-on <rating>", "exit 1 when the overall rating is at or above this").choices([
        ...RATINGS,
      ]),
    )
    .action((path: string, opts: { json?: boolean; failOn?: Rating }) => {
      const { file, catalog } = readAnswerFile(path);
      const result: RiskPicture = score(catalog, { answers: file.answers, verified: file.verified });
      if (opts.json) printJson(result);
      else printPicture(result, file.system?.name);
      if (opts.failOn && atLeast(result.overall.rating, opts.failOn)) {
        if (!opts.json) {
          process.stderr.write(
            style.red(`overall rating ${result.overall.rating} is at or above --fail-on ${opts.failOn}\n`),
          );
        }
        process.exitCode = EXIT.threshold;
      }
    });

  program
    .command("diff")
    .description("compare two assessments of the same system: changed answers, residual risk, findings")
    .argument("<old>", "earlier answer file")
    .argument("<new>", "later answer file")
    .option("--json", "print the diff as JSON")
    .action((oldPath: string, newPath: string, opts: { json?: boolean }) => {
      const before = readAnswerFile(oldPath);
      const after = readAnswerFile(newPath);
      if (before.catalog.version !== after.catalog.version) {
        throw new CliError(
          `the files use different catalog versions (${before.catalog.version} and ${after.catalog.version}); re-answer one with the same version`,
        );
      }
      const diff = diffAssessments(
        after.catalog,
        { answers: before.file.answers, result: score(before.catalog, before.file) },
        { answers: after.file.answers, result: score(after.catalog, after.file) },
      );
      if (opts.json) printJson(diff);
      else printDiff(diff, after.catalog);
    });
}
