// Reading and writing answer files as YAML or JSON ("assessment as code"). Parsing is linear in the
// size of the text (duplicate keys are found with a set, not yaml's pairwise check) and refuses
// "__proto__" keys, which would otherwise be dropped silently by validation.
import { isMap, isScalar, isSeq, parseDocument, stringify } from "yaml";
import type { AnswerFile } from "../contracts/answers.js";
import { Invalid } from "../contracts/errors.js";

/** The first duplicate key of any mapping in a parsed YAML document, walking without recursion. */
function duplicateKey(root: unknown): string | null {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) return String(key);
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) stack.push(...node.items);
  }
  return null;
}

/** The path of the first own "__proto__" key in a parsed value, walking without recursion. */
function protoKey(root: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: "" }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (value === null || typeof value !== "object") continue;
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === "__proto__") return at;
      stack.push({ value: item, path: at });
    }
  }
  return null;
}

/** Parse answer-file text; JSON when it starts with "{" or format says so, else YAML. */
export function parseAnswerText(text: string, format?: "yaml" | "json"): unknown {
  const useJson = format === "json" || (format === undefined && text.trimStart().startsWith("{"));
  let value: unknown;
  try {
    if (useJson) value = JSON.parse(text);
    else {
      // logLevel "error": no warnings on stderr (they would quote the input into the server's logs)
      const doc = parseDocument(text, { uniqueKeys: false, logLevel: "error" });
      if (doc.errors[0]) throw doc.errors[0];
      const duplicate = duplicateKey(doc.contents);
      if (duplicate !== null) throw new Error(`Map keys must be unique: "${duplicate}" appears twice`);
      value = doc.toJS({ maxAliasCount: 100 });
    }
  } catch (error) {
    const why = parseProblem(error, text);
    const message = `cannot parse ${useJson ? "JSON" : "YAML"}: ${why}`;
    throw new Invalid(message, [{ path: "(root)", message }]);
  }
  const proto = protoKey(value);
  if (proto !== null) {
    const message = `"__proto__" is not allowed as a key`;
    throw new Invalid(`${proto}: ${message}`, [{ path: proto, message }]);
  }
  return value;
}

/**
 * The first line of a parser's message; for YAML errors with a position, the dangling "line 5,
 * column 1:" gets the offending line itself (shortened) instead of yaml's multi-line code frame.
 */
function parseProblem(error: unknown, text: string): string {
  const first = (error as Error).message.split("\n")[0] ?? "";
  if (/Maximum call stack/.test(first)) return "nested too deeply";
  const line = (error as { linePos?: ReadonlyArray<{ line: number }> }).linePos?.[0]?.line;
  const stripped = first.replace(/:\s*$/, "");
  if (line === undefined) return stripped;
  const source = (text.split(/\r?\n/)[line - 1] ?? "").trim();
  if (source === "") return `${stripped} (an empty line)`;
  return `${stripped}: ${JSON.stringify(source.length > 60 ? `${source.slice(0, 60)}…` : source)}`;
}

/** Serialise an answer file; answers keep catalog order when the caller built them in order. */
export function formatAnswerFile(file: AnswerFile, format: "yaml" | "json"): string {
  return format === "json" ? `${JSON.stringify(file, null, 2)}\n` : stringify(file, { lineWidth: 0 });
}
