// Ed25519 signature checks: WebCrypto where the page is a secure context and the browser supports Ed25519, else
// @noble/ed25519 in pure JavaScript (a node reached over plain HTTP by name is not a secure context, and there
// crypto.subtle does not exist). Both are strict RFC 8032 verifiers.
import * as noble from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";

noble.hashes.sha512 = sha512;

export type Ed25519Engine = "webcrypto" | "javascript";

let engine: Promise<Ed25519Engine> | null = null;

/** Which engine verifies in this page: WebCrypto when it can import an Ed25519 key, else JavaScript. */
export function ed25519Engine(): Promise<Ed25519Engine> {
  engine ??= (async (): Promise<Ed25519Engine> => {
    if (!globalThis.isSecureContext || !globalThis.crypto?.subtle) return "javascript";
    try {
      // Any valid point will do: the base point's encoding (RFC 8032 5.1).
      const base = new Uint8Array(32);
      base[0] = 0x58;
      base.fill(0x66, 1);
      await crypto.subtle.importKey("raw", base, { name: "Ed25519" }, false, ["verify"]);
      return "webcrypto";
    } catch {
      return "javascript";
    }
  })();
  return engine;
}

/** True when signature is publicKey's Ed25519 signature of message. Malformed keys or signatures are false. */
export async function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  if ((await ed25519Engine()) === "webcrypto") {
    try {
      const key = await crypto.subtle.importKey("raw", publicKey as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"]);
      return await crypto.subtle.verify({ name: "Ed25519" }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
    } catch {
      return false;
    }
  }
  try {
    return noble.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
