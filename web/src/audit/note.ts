// C2SP signed notes and tlog checkpoints, opened in the page with the platform's verifier key: the same rules as
// CarpoolProof/Log/Notes (docs/audit.md). Failures throw AuditError with the reason shown to the user.
import { concat, fromBase64, sha256, toBase58, utf8, wellFormed } from "./bytes";
import { verifyEd25519 } from "./ed25519";

export class AuditError extends Error {}

export interface VerifierKey { name: string; keyId: number; publicKey: Uint8Array; encoded: string }

export interface OpenedCheckpoint { origin: string; size: number; root: Uint8Array; text: string }

const hex8 = (n: number): string => n.toString(16).padStart(8, "0");
const validName = (name: string): boolean => name.length > 0 && !/[\s+]/u.test(name);

/** Key ID: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key). */
const keyIdOf = (name: string, publicKey: Uint8Array): number => {
  const h = sha256(utf8(name), Uint8Array.of(0x0a, 0x01), publicKey);
  return new DataView(h.buffer, h.byteOffset).getUint32(0);
};

/** Parses a C2SP verifier key `name+keyid+base64(0x01 || key)`, refusing one whose ID does not match. */
export function parseVerifierKey(text: string): VerifierKey {
  const encoded = text.trim();
  // The base64 key may itself hold '+': split at the first two only.
  const match = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/s.exec(encoded);
  if (!match || !validName(match[1]!)) throw new AuditError("verifier key: expected name+keyid+key");
  const parts = [match[1]!, match[2]!, match[3]!] as const;
  const blob = fromBase64(parts[2]);
  if (!blob || blob.length !== 33 || blob[0] !== 0x01) throw new AuditError("verifier key: not an Ed25519 key (0x01 and 32 bytes, base64)");
  const publicKey = blob.slice(1);
  const keyId = keyIdOf(parts[0], publicKey);
  if (hex8(keyId) !== parts[1]) throw new AuditError("verifier key: the key ID does not match the name and key");
  return { name: parts[0], keyId, publicKey, encoded };
}

/** Opens a signed note: its text (up to and including the newline before the blank line) signed by the key. */
export async function openNote(note: string, key: VerifierKey): Promise<string> {
  if (!wellFormed(note) || /[\u0000-\u0009\u000b-\u001f]/u.test(note)) throw new AuditError("note: control characters other than newline, or invalid Unicode");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new AuditError("note: no blank line before the signatures");
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith("\n")) throw new AuditError("note: the signature block is empty or does not end in a newline");
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > 100) throw new AuditError("note: more than 100 signatures");
  let verified = false;
  for (const line of lines) {
    if (!line.startsWith("\u2014 ")) throw new AuditError("note: a signature line must start with an em dash and a space");
    const rest = line.slice(2);
    const space = rest.indexOf(" ");
    if (space <= 0 || !validName(rest.slice(0, space))) throw new AuditError("note: a signature line must be '— name signature'");
    const blob = fromBase64(rest.slice(space + 1));
    if (!blob || blob.length < 5) throw new AuditError("note: a signature is not base64 of a key ID and a signature");
    const id = new DataView(blob.buffer, blob.byteOffset).getUint32(0);
    // Signatures by other keys (witnesses) are ignored, as C2SP requires.
    if (rest.slice(0, space) !== key.name || id !== key.keyId) continue;
    if (!(await verifyEd25519(key.publicKey, utf8(text), blob.slice(4)))) throw new AuditError(`note: invalid signature by ${key.name}+${hex8(key.keyId)}`);
    verified = true;
  }
  if (!verified) throw new AuditError(`note: no signature by the trusted key ${key.name}+${hex8(key.keyId)}`);
  return text;
}

/** Opens a C2SP tlog-checkpoint note: origin, tree size, root hash, signed by the key. */
export async function openCheckpoint(note: string, key: VerifierKey): Promise<OpenedCheckpoint> {
  const text = await openNote(note, key);
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) throw new AuditError("checkpoint: expected origin, tree size and root hash lines");
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin.length === 0) throw new AuditError("checkpoint: empty origin line");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) throw new AuditError(`checkpoint: tree size '${sizeText}' is not a decimal number`);
  const root = fromBase64(rootText);
  if (!root || root.length !== 32) throw new AuditError("checkpoint: root hash is not base64 of 32 bytes");
  if (lines.slice(3).some((l) => l.length === 0)) throw new AuditError("checkpoint: empty extension line");
  return { origin, size: Number(sizeText), root, text };
}

/** The did:key of an Ed25519 key (multicodec 0xed 0x01, base58btc), as attestations name the platform key. */
export function didKey(publicKey: Uint8Array): string {
  return `did:key:z${toBase58(concat(Uint8Array.of(0xed, 0x01), publicKey))}`;
}
