// Canonical JSON of a catalog (keys sorted, undefined dropped) and its SHA-256 content hash, the
// identity of a released catalog version in catalog.lock.json.
import { createHash } from "node:crypto";
import type { Catalog } from "../contracts/catalog.js";

/**
 * Canonical JSON: object keys sorted by code unit, undefined values dropped. With `indent` the same
 * text is spread over lines, lists of plain values kept on one line (the snapshot files); without it, compact (used for the hash).
 */
export function canonicalJson(value: unknown, indent = "", at = ""): string {
  const open = indent ? `\n${at}${indent}` : "";
  const close = indent ? `\n${at}` : "";
  const inner = at + indent;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    // Lists of plain values (option ids, asset names) stay on one line.
    if (indent && value.every((v) => v === null || typeof v !== "object"))
      return `[${value.map((v) => canonicalJson(v)).join(", ")}]`;
    return `[${open}${value.map((v) => canonicalJson(v, indent, inner)).join(`,${open}`)}${close}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return "{}";
    const colon = indent ? ": " : ":";
    const body = entries.map(([k, v]) => `${JSON.stringify(k)}${colon}${canonicalJson(v, indent, inner)}`);
    return `{${open}${body.join(`,${open}`)}${close}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the catalog's compact canonical JSON (key order independent), as `sha256:<hex>`. */
export function catalogHash(catalog: Catalog): string {
  return `sha256:${createHash("sha256").update(canonicalJson(catalog)).digest("hex")}`;
}
