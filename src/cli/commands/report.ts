// `mlsa report`: score an answer file and render it as HTML, PDF, Markdown, JSON or an ATLAS
// Navigator layer, to a file or stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { z } from "zod";
import { Unsupported } from "../../contracts/errors.js";
import { LabRun } from "../../contracts/lab.js";
import type { ReportContext } from "../../reports/context.js";
import { REPORT_FORMATS, type ReportFormat, renderReport } from "../../reports/index.js";
import { score } from "../../scoring/index.js";
import { CliError, readAnswerFile } from "../io.js";

/** Exit code when the PDF printer (Chromium) is not available (sysexits EX_UNAVAILABLE). */
export const EXIT_UNAVAILABLE = 69;

/** The format a file name implies, e.g. "risk.pdf" → pdf, "x.layer.json" → navigator. */
export function formatFromPath(path: string): ReportFormat | undefined {
  const p = path.toLowerCase();
  if (p.endsWith(".layer.json") || p.endsWith(".navigator.json")) return "navigator";
  if (p.endsWith(".json")) return "json";
  if (p.endsWith(".pdf")) return "pdf";
  if (p.endsWith(".html") || p.endsWith(".htm")) return "html";
  if (p.endsWith(".md") || p.endsWith(".markdown")) return "md";
  return undefined;
}

/** Report timestamp: SOURCE_DATE_EPOCH (reproducible builds) when set, else now. */
export function reportTime(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

function readLabRuns(paths: readonly string[]): LabRun[] {
  return paths.flatMap((path) => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new CliError(`cannot read lab run file ${path}: ${(error as Error).message.split("\n")[0]}`);
    }
    const parsed = z.union([LabRun, z.array(LabRun)]).safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
      throw new CliError(`${path} is not a lab run record (or a list of them):\n${issues.join("\n")}`);
    }
    return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  });
}

/** Register `report`. */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "render an answer file as a report: html, pdf, md, json, or an ATLAS Navigator layer (navigator)",
    )
    .argument("<answers>", "answer file (YAML or JSON)")
    .addOption(
      new Option("-f, --format <format>", "report format (default: from the -o file name, else md)").choices([
        ...REPORT_FORMATS,
      ]),
    )
    .option("-o, --output <file>", "write the report to this file (required for pdf); default stdout")
    .option("--lab <files...>", "lab run records (JSON: one run or a list) to include as evidence")
    .addHelpText(
      "after",
      "\nExamples:\n  mlsa report answers.yaml --format pdf -o risk.pdf\n  mlsa report answers.yaml -o exposed.layer.json   # ATLAS Navigator layer\n  mlsa report answers.yaml --format md > REPORT.md\n\nSOURCE_DATE_EPOCH fixes the report timestamp; MLSA_CHROMIUM names the Chromium used for PDF.",
    )
    .action(async (path: string, opts: { format?: ReportFormat; output?: string; lab?: string[] }) => {
      const format = opts.format ?? (opts.output ? formatFromPath(opts.output) : undefined) ?? "md";
      if (format === "pdf" && !opts.output) {
        throw new CliError("a PDF is binary: give a file with -o, e.g. -o report.pdf");
      }
      const { file, catalog } = readAnswerFile(path);
      const labRuns = readLabRuns(opts.lab ?? []);
      const picture = score(catalog, { answers: file.answers, verified: file.verified });
      const ctx: ReportContext = {
        generatedAt: reportTime(),
        ...(file.system ? { system: file.system } : {}),
        ...(labRuns.length > 0 ? { labRuns } : {}),
      };
      let output: string | Buffer;
      try {
        output = await renderReport(format, picture, ctx, { catalog, standalone: true });
      } catch (error) {
        if (error instanceof Unsupported) throw new CliError(error.message, EXIT_UNAVAILABLE);
        throw error;
      }
      if (opts.output) {
        try {
          writeFileSync(opts.output, output);
        } catch (error) {
          throw new CliError(
            `cannot write ${opts.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          );
        }
        process.stderr.write(`wrote ${format} report to ${opts.output} (${output.length} bytes)\n`);
      } else {
        process.stdout.write(output);
      }
    });
}
