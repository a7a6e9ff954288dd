// Revocation of an attested journey: a later status-change leaf of the log names the journey's leaf by its RFC 9162
// leaf hash (CarpoolProof/Pipeline/StatusChange; a sealed v2 status leaf names it too, its reason stays sealed). The leaves are the authority's (GET /log/leaves); a revocation
// found is trusted only once its own inclusion proof leads to the root of the latest signed checkpoint.
import type { components } from "../generated/api";
import { fromBase64, toBase64Url } from "./bytes";
import { leafHash, verifyInclusion } from "./merkle";
import { AuditError, openCheckpoint, type VerifierKey } from "./note";

type CheckpointResponse = components["schemas"]["CheckpointResponse"];
type LeavesResponse = components["schemas"]["LeavesResponse"];
type ProofResponse = components["schemas"]["ProofResponse"];

export interface RevocationCheck {
  /** The revoking leaf, proven included; null when none of the later leaves names the journey. */
  revocation: { leafIndex: number; status: string; reason: string } | null;
  /** The later leaves searched: (leafIndex, size). */
  size: number;
}

const PageSize = 10_000; // the node's bound per request (LogSingletonActor.MaxLeavesPerRead)
const StatusType = "mobility/carpool/status/v1";
const SealedStatusType = "mobility/carpool/status/v2";

export async function findRevocation(leaf: Uint8Array, leafIndex: number, key: VerifierKey, get: <T>(path: string) => Promise<T>): Promise<RevocationCheck> {
  const latest = await openCheckpoint((await get<CheckpointResponse>("/log/checkpoint")).note, key);
  const named = toBase64Url(leafHash(leaf));
  for (let start = leafIndex + 1; start < latest.size; start += PageSize) {
    const end = Math.min(latest.size, start + PageSize);
    const page = await get<LeavesResponse>(`/log/leaves?start=${start}&end=${end}`);
    for (let k = 0; k < page.leaves.length; k++) {
      const bytes = fromBase64(page.leaves[k]!);
      if (!bytes) throw new AuditError(`leaf ${start + k} is not base64`);
      const change = statusChange(bytes);
      if (!change || change.journey_leaf_hash !== named) continue;
      const index = start + k;
      const proof = await get<ProofResponse>(`/log/proofs/inclusion?index=${index}&size=${latest.size}`);
      const path = proof.path.map((h) => fromBase64(h) ?? new Uint8Array());
      if (!verifyInclusion(leafHash(bytes), index, latest.size, path, latest.root)) {
        throw new AuditError(`the revocation at leaf ${index} is not in the signed log`);
      }
      return { revocation: { leafIndex: index, status: change.status, reason: change.reason }, size: latest.size };
    }
  }
  return { revocation: null, size: latest.size };
}

interface StatusChange { type: string; journey_leaf_hash: string; status: string; reason: string }

function statusChange(bytes: Uint8Array): StatusChange | null {
  try {
    const o = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as Partial<StatusChange>;
    if (o.type === SealedStatusType && typeof o.journey_leaf_hash === "string") {
      return { type: o.type, journey_leaf_hash: o.journey_leaf_hash, status: "revoked", reason: "sealed" };
    }
    return o.type === StatusType && typeof o.journey_leaf_hash === "string" && typeof o.status === "string" && typeof o.reason === "string"
      ? (o as StatusChange) : null;
  } catch {
    return null;
  }
}
