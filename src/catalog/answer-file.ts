// Reading and writing answer files as YAML or JSON ("assessment as code").
import { parse, stringify } from "yaml";
import type { AnswerFile } from "../contracts/answers.js";
import { Invalid } from "../contracts/errors.js";

/** Parse answer-file text; JSON when it starts with "{" or format says so, else YAML. */
export function parseAnswerText(text: string, format?: "yaml" | "json"): unknown {
  const useJson = format === "json" || (format === undefined && text.trimStart().startsWith("{"));
  try {
    return useJson ? JSON.parse(text) : parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    const message = `cannot parse ${useJson ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`;
    throw new Invalid(message, [{ path: "(root)", message }]);
  }
}

/** Serialise an answer file; answers keep catalog order when the caller built them in order. */
export function formatAnswerFile(file: AnswerFile, format: "yaml" | "json"): string {
  return format === "json" ? `${JSON.stringify(file, null, 2)}\n` : stringify(file, { lineWidth: 0 });
}
