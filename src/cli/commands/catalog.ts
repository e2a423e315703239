// `mlsa catalog` and `mlsa template`: print the catalog, or write an answer file ready to fill in.
import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { stringify } from "yaml";
import { CATALOG, getCatalog, listCatalogVersions } from "../../catalog/index.js";
import { questionsOf, sectionsOf } from "../../catalog/model.js";
import { ANSWER_FORMAT } from "../../contracts/answers.js";
import { type Catalog, DONT_KNOW, QUESTIONNAIRES, type Questionnaire } from "../../contracts/catalog.js";
import { catalogMarkdown } from "../../reports/catalog-md.js";
import { CliError } from "../io.js";

const questionnaireOption = () =>
  new Option("-q, --questionnaire <name>", "only one questionnaire").choices([...QUESTIONNAIRES]);

/** The catalog restricted to one questionnaire (or whole). */
function subset(catalog: Catalog, only?: Questionnaire): Catalog {
  return only ? { ...catalog, sections: sectionsOf(catalog, only) } : catalog;
}

const comment = (text: string, indent: string) =>
  text
    .replace(/\s+/g, " ")
    .match(/.{1,92}(\s|$)/g)!
    .map((l) => `${indent}# ${l.trim()}`)
    .join("\n");

/** An answer-file template: every question commented with its options, answers left empty. */
export function answerTemplate(catalog: Catalog, only?: Questionnaire): string {
  const lines = [
    `# mlsa answer file. Fill in each answer with one option id (a list for multiple choice),`,
    `# or ${DONT_KNOW} where offered; delete lines you do not answer. Check it with: mlsa score <file>`,
    `format: ${ANSWER_FORMAT}`,
    `catalog: ${catalog.version}`,
    "system:",
    "  name: my ML system",
    "  domain: other",
    "answers:",
  ];
  for (const questionnaire of QUESTIONNAIRES.filter((q) => !only || q === only)) {
    lines.push(`  # ===== ${questionnaire} =====`);
    for (const q of questionsOf(catalog, questionnaire)) {
      lines.push("", comment(q.text, "  "), comment(`Why: ${q.hint}`, "  "));
      if (q.showIf)
        lines.push(
          `  # Only if: ${q.showIf.map((c) => `${c.question} is ${c.anyOf.join("/")}`).join(" and ")}`,
        );
      const kind = q.type === "multiple" ? "a list, e.g. [a, b]" : "one of";
      lines.push(
        `  # ${kind}: ${q.options.map((o) => `${o.id} (${o.label})`).join(" | ")}${q.dontKnow ? ` | ${DONT_KNOW}` : ""}`,
      );
      lines.push(`  # ${q.id}: `);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The current catalog, or the released version asked for; CliError (exit 2) for an unknown one. */
function catalogOf(version?: string): Catalog {
  if (version === undefined) return CATALOG;
  const catalog = getCatalog(version);
  if (!catalog)
    throw new CliError(
      `--catalog-version: catalog version ${version} is not known to this mlsa; known: ${listCatalogVersions().join(", ")}`,
    );
  return catalog;
}

/** Register `catalog` and `template`. */
export function registerCatalog(program: Command): void {
  program
    .command("catalog")
    .description("print the question catalog (questions, hints, options and their effects, mitigations)")
    .addOption(questionnaireOption())
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["md", "json", "yaml"]).default("md"),
    )
    .option("--catalog-version <x.y.z>", "an earlier released version instead of the current one")
    .action(
      (opts: { questionnaire?: Questionnaire; format: "md" | "json" | "yaml"; catalogVersion?: string }) => {
        const catalog = subset(catalogOf(opts.catalogVersion), opts.questionnaire);
        if (opts.format === "md") process.stdout.write(catalogMarkdown(catalog, opts.questionnaire));
        else if (opts.format === "json") process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
        else process.stdout.write(stringify(catalog, { lineWidth: 0 }));
      },
    );

  program
    .command("template")
    .description("write an answer file with every question and its options as comments, ready to fill in")
    .addOption(questionnaireOption())
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action((opts: { questionnaire?: Questionnaire; output?: string }) => {
      const text = answerTemplate(CATALOG, opts.questionnaire);
      if (opts.output) {
        writeFileSync(opts.output, text, { flag: "wx" });
        process.stderr.write(`wrote ${opts.output}\n`);
      } else process.stdout.write(text);
    });
}
