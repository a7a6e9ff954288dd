// An attestation (W3C VC 2.0 with a Data Integrity proof, cryptosuite eddsa-jcs-2022) verified in the page with the
// platform's verifier key only, in the order of CarpoolProof/Attestations/AttestationVerifier: (1) the proof, by the
// platform key, naming it as issuer; (2) the subject restates the journey commitment it carries; (3) the checkpoint
// note is signed by the key and its size is treeSize; (4) the RFC 9162 inclusion proof takes the leaf hash to the
// checkpoint root: the commitment's own (a v1 leaf), or the sealed v2 leaf the subject carries as logLeaf, which
// commitmentSalt and the commitment must open (SHA-256(salt || JCS(commitment)), docs/proofs.md "Log leaves").
import { concat, fromBase64, fromMultibase, sha256, toBase64Url, utf8 } from "./bytes";
import { ed25519Engine, verifyEd25519, type Ed25519Engine } from "./ed25519";
import { canonicalize, type Json } from "./jcs";
import { leafHash, verifyInclusion } from "./merkle";
import { AuditError, didKey, openCheckpoint, type VerifierKey } from "./note";

export interface AttestationFacts {
  operatorId?: string;
  journeyId?: string;
  proofClass?: string;
  status?: string;
  leafIndex?: number;
  treeSize?: number;
  origin?: string;
}

export interface AttestationVerdict {
  /** Null when the attestation verified, else why it did not. */
  failure: string | null;
  engine: Ed25519Engine;
  facts: AttestationFacts;
  /** The checkpoint the attestation carries, once its signature verified (for a consistency check). */
  checkpointNote?: string;
  /** The journey's log leaf (JCS of its commitment), once the attestation verified: what a revocation names. */
  leaf?: Uint8Array;
}

type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const MaxBytes = 1 << 20;
const CommitmentType = "mobility/carpool/journey/v1";
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export async function verifyAttestation(text: string, key: VerifierKey): Promise<AttestationVerdict> {
  const engine = await ed25519Engine();
  const facts: AttestationFacts = {};
  const fail = (failure: string): AttestationVerdict => ({ failure, engine, facts });
  if (utf8(text).length > MaxBytes) return fail(`larger than ${MaxBytes} bytes`);
  let vc: Json;
  try {
    vc = JSON.parse(text) as Json;
  } catch (e) {
    return fail(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObject(vc)) return fail("not a JSON object");
  try {
    // 1. The Data Integrity proof, by the platform key, and the issuer is that key.
    const proofFailure = await verifyProof(vc, key.publicKey);
    if (proofFailure) return fail(proofFailure);
    const did = didKey(key.publicKey);
    if (vc["issuer"] !== did) return fail("the issuer is not the platform key's did:key");
    if ((vc["proof"] as JsonObject)["verificationMethod"] !== `${did}#${did.slice("did:key:".length)}`) return fail("proof.verificationMethod is not the platform key");
    const types = vc["type"];
    if (!Array.isArray(types) || !types.includes("CarpoolProofAttestation")) return fail("not a CarpoolProofAttestation");

    // 2. The subject restates the commitment it carries.
    const subject = vc["credentialSubject"];
    if (!isObject(subject)) return fail("credentialSubject missing");
    const commitment = subject["journeyCommitment"];
    if (!isObject(commitment) || !isCanonicalCommitment(commitment)) return fail("journeyCommitment is not a canonical journey commitment");
    facts.operatorId = commitment["operator_id"] as string;
    facts.journeyId = commitment["operator_journey_id"] as string;
    facts.proofClass = commitment["proof_class"] as string;
    facts.status = commitment["status"] as string;
    if (subject["proofClass"] !== commitment["proof_class"]) return fail("proofClass differs from the commitment");
    if (subject["status"] !== commitment["status"]) return fail("status differs from the commitment");
    const rules = subject["ruleResults"];
    if (!Array.isArray(rules) || !rules.every(isObject)) return fail("ruleResults missing");
    const failed = rules.filter((r) => r["result"] === "fail").map((r) => String(r["label"])).sort();
    const labels = [...(commitment["labels"] as string[])].sort();
    if (failed.length !== labels.length || failed.some((l, i) => l !== labels[i])) return fail("failed rules differ from the commitment's labels");

    // 3. The checkpoint is signed by the platform key; the leaf is included under its root.
    const log = subject["transparencyLog"];
    if (!isObject(log)) return fail("transparencyLog missing");
    const index = log["leafIndex"];
    const size = log["treeSize"];
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size)) return fail("leafIndex and treeSize must be integers");
    facts.leafIndex = index as number;
    facts.treeSize = size as number;
    if (typeof log["checkpoint"] !== "string") return fail("transparencyLog.checkpoint missing");
    let checkpoint;
    try {
      checkpoint = await openCheckpoint(log["checkpoint"], key);
    } catch (e) {
      if (e instanceof AuditError) return fail(e.message);
      throw e;
    }
    facts.origin = checkpoint.origin;
    if (checkpoint.size !== size) return fail("treeSize differs from the checkpoint's size");
    const proof = log["inclusionProof"];
    if (!Array.isArray(proof)) return fail("inclusionProof missing");
    const path: Uint8Array[] = [];
    for (const h of proof) {
      const bytes = typeof h === "string" ? fromBase64(h) : null;
      if (!bytes || bytes.length !== 32) return fail("inclusionProof holds a value that is not a base64 SHA-256 hash");
      path.push(bytes);
    }
    const body = utf8(canonicalize(commitment));
    let leaf = body;
    if ("commitmentSalt" in subject || "logLeaf" in subject) {
      const salt = typeof subject["commitmentSalt"] === "string" ? fromBase64Url(subject["commitmentSalt"]) : null;
      if (!salt || salt.length !== 32) return fail("commitmentSalt is not 32 bytes in base64url");
      const logLeaf = subject["logLeaf"];
      if (!isObject(logLeaf) || !isSealedJourneyLeaf(logLeaf)) return fail("logLeaf is not a sealed journey leaf");
      if (logLeaf["commitment"] !== toBase64Url(sha256(salt, body))) return fail("the salt and journeyCommitment do not open logLeaf (wrong salt, or a changed commitment)");
      leaf = utf8(canonicalize(logLeaf));
    }
    if (!verifyInclusion(leafHash(leaf), index as number, size as number, path, checkpoint.root)) return fail("the inclusion proof does not lead to the checkpoint root");
    return { failure: null, engine, facts, checkpointNote: log["checkpoint"], leaf };
  } catch (e) {
    return fail(`malformed attestation: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** W3C vc-di-eddsa 3.3.2 (eddsa-jcs-2022 Verify Proof) with the key the verifier trusts; null when it verifies. */
async function verifyProof(secured: JsonObject, publicKey: Uint8Array): Promise<string | null> {
  const proof = secured["proof"];
  if (!isObject(proof)) return "no proof object";
  if (proof["type"] !== "DataIntegrityProof") return "proof.type is not DataIntegrityProof";
  if (proof["cryptosuite"] !== "eddsa-jcs-2022") return "proof.cryptosuite is not eddsa-jcs-2022";
  if (typeof proof["proofValue"] !== "string") return "proof.proofValue missing";
  const signature = fromMultibase(proof["proofValue"]);
  if (!signature || signature.length !== 64) return "proof.proofValue is not a base58btc Ed25519 signature";
  const method = proof["verificationMethod"];
  if (typeof method !== "string") return "proof.verificationMethod missing";
  if (method.startsWith("did:key:") && !method.startsWith(didKey(publicKey))) return "proof.verificationMethod names another key";
  const { proof: _, ...unsecured } = secured;
  const { proofValue: __, ...config } = proof;
  // 3.3.2 step 4: a proof @context must equal the document's.
  if ("@context" in config && canonicalize(config["@context"]!) !== canonicalize(unsecured["@context"] ?? null)) return "proof @context differs from the document's";
  // 3.3.4: hash(JCS(proof configuration)) || hash(JCS(document without its proof)).
  const hashData = concat(sha256(utf8(canonicalize(config))), sha256(utf8(canonicalize(unsecured))));
  return (await verifyEd25519(publicKey, hashData, signature)) ? null : "the proof's signature does not verify: the attestation was changed or not signed by this key";
}

/** A v2 journey leaf (CarpoolProof/Pipeline/SealedLeaf): commitment, optional territories, type; nothing else. */
function isSealedJourneyLeaf(l: JsonObject): boolean {
  const keys = Object.keys(l);
  if (!keys.every((k) => k === "commitment" || k === "territories" || k === "type")) return false;
  const territories = l["territories"];
  return l["type"] === SealedJourneyType && typeof l["commitment"] === "string"
    && (territories === undefined || (Array.isArray(territories) && territories.every((t) => typeof t === "string")));
}

const SealedJourneyType = "mobility/carpool/journey/v2";

/** Unpadded base64url (RFC 4648 section 5), as the node writes salts. */
function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return fromBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
}

/** Exactly the members the node writes (CarpoolProof/Pipeline/JourneyCommitment), with their types and formats. */
function isCanonicalCommitment(c: JsonObject): boolean {
  const strings = ["accepted_at", "declaration_sha256", "operator_id", "operator_journey_id", "proof_class", "start", "status", "type"];
  const keys = Object.keys(c).sort();
  if (keys.join(",") !== [...strings, "labels"].sort().join(",")) return false;
  if (!strings.every((k) => typeof c[k] === "string")) return false;
  const labels = c["labels"];
  return c["type"] === CommitmentType && timestamp.test(c["start"] as string) && timestamp.test(c["accepted_at"] as string)
    && Array.isArray(labels) && labels.every((l) => typeof l === "string");
}
