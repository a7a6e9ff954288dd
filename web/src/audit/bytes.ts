// Byte helpers for the in-page audit: SHA-256, strict base64 and base58btc (multibase), UTF-8. SHA-256 is
// @noble/hashes rather than crypto.subtle.digest: the latter is missing outside a secure context, where the page
// must still verify.
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

/** False when the string holds a lone surrogate (with the u flag, a valid pair is one code point, not Cs). */
export const wellFormed = (s: string): boolean => !/\p{Cs}/u.test(s);

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = nobleSha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
};

export const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Standard base64 with padding; null unless the text is the canonical encoding of its bytes (as the node requires). */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null;
  const bin = atob(text);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return toBase64(bytes) === text ? bytes : null;
}

export const toBase64 = (b: Uint8Array): string => btoa(Array.from(b, (x) => String.fromCharCode(x)).join(""));

/** Unpadded base64url (RFC 4648 section 5), as the node names leaves by their hash. */
export const toBase64Url = (b: Uint8Array): string => toBase64(b).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Bitcoin base58 (draft-msporny-base58): leading '1's are zero bytes; null on a character outside the alphabet. */
export function fromBase58(text: string): Uint8Array | null {
  let n = 0n;
  for (const c of text) {
    const v = alphabet.indexOf(c);
    if (v < 0) return null;
    n = n * 58n + BigInt(v);
  }
  const body: number[] = [];
  while (n > 0n) {
    body.push(Number(n & 0xffn));
    n >>= 8n;
  }
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body.reverse()]);
}

export function toBase58(bytes: Uint8Array): string {
  let n = bytes.reduce((acc, b) => acc * 256n + BigInt(b), 0n);
  let out = "";
  while (n > 0n) {
    out = alphabet[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}

/** Multibase base58btc ("z" prefix). */
export const fromMultibase = (text: string): Uint8Array | null => (text.startsWith("z") ? fromBase58(text.slice(1)) : null);
