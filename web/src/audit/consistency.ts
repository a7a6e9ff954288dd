// A consistency check between two signed checkpoints of the log (RFC 9162 2.1.4): both notes opened with the
// platform key, same origin, the older no larger than the newer, and the node's proof recomputed in the page.
import { fromBase64 } from "./bytes";
import { verifyConsistency } from "./merkle";
import { AuditError, openCheckpoint, type OpenedCheckpoint, type VerifierKey } from "./note";

export interface ConsistencyVerdict { older: OpenedCheckpoint; newer: OpenedCheckpoint; proofLength: number }

/** Throws AuditError with the reason when the newer checkpoint does not extend the older one. */
export async function checkConsistency(olderNote: string, newerNote: string, key: VerifierKey,
  proveConsistency: (from: number, to: number) => Promise<string[]>): Promise<ConsistencyVerdict> {
  const open = async (note: string, which: string): Promise<OpenedCheckpoint> => {
    try {
      return await openCheckpoint(note, key);
    } catch (e) {
      throw e instanceof AuditError ? new AuditError(`${which}: ${e.message}`) : e;
    }
  };
  const older = await open(olderNote, "older checkpoint");
  const newer = await open(newerNote, "newer checkpoint");
  if (older.origin !== newer.origin) throw new AuditError(`the checkpoints name different logs (${older.origin}, ${newer.origin})`);
  if (older.size > newer.size) throw new AuditError(`the older checkpoint (${older.size} leaves) is larger than the newer (${newer.size})`);
  const path = (await proveConsistency(older.size, newer.size)).map((h) => {
    const bytes = fromBase64(h);
    if (!bytes || bytes.length !== 32) throw new AuditError("the proof holds a value that is not a base64 SHA-256 hash");
    return bytes;
  });
  if (!verifyConsistency(older.size, newer.size, older.root, newer.root, path)) {
    throw new AuditError(`the newer tree (${newer.size} leaves) does not extend the older one (${older.size}): the log was rewritten`);
  }
  return { older, newer, proofLength: path.length };
}
