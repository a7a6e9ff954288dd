// JSON Canonicalization Scheme, RFC 8785. ECMAScript's JSON.stringify already writes numbers (3.2.2.3) and strings
// (3.2.2.2) as the RFC asks; what is left is sorting members by UTF-16 code units (3.2.3), which is what the default
// string comparison of JavaScript does.
import { wellFormed } from "./bytes";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalize(value: Json): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("RFC 8785: NaN and Infinity are not JSON");
    if (typeof value === "string" && !wellFormed(value)) throw new Error("RFC 8785: a string holds a lone surrogate");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${canonicalize(k)}:${canonicalize(value[k]!)}`).join(",")}}`;
}
