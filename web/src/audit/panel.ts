// The audit sections of the authority page: an attestation verified in the page, the log's checkpoints and a
// consistency check between two of them. They read public data (GET /log/keys, /log/checkpoint, /log/proofs/...),
// so they work before signing in: whoever is shown an attestation can check it. Signed in, the authority's token
// also reads the later leaves (GET /log/leaves), where a revocation would be.
import type { components } from "../generated/api";
import { t, type WordKey } from "../i18n";
import { toBase64 } from "./bytes";
import { verifyAttestation, type AttestationFacts } from "./attestation";
import { checkConsistency } from "./consistency";
import { AuditError, openCheckpoint, parseVerifierKey, type VerifierKey } from "./note";
import { findRevocation } from "./revocation";

type Keys = components["schemas"]["KeysResponse"];
type CheckpointResponse = components["schemas"]["CheckpointResponse"];
type ProofResponse = components["schemas"]["ProofResponse"];

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

async function getJson<T>(path: string, bearer?: string): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (bearer) headers["authorization"] = `Bearer ${bearer}`;
  const response = await fetch(path, { headers });
  const body = (await response.json().catch(() => null)) as (T & { title?: string; detail?: string }) | null;
  if (!response.ok || body === null) throw new AuditError([body?.title, body?.detail].filter(Boolean).join(": ") || `HTTP ${response.status}`);
  return body;
}

function verdict(target: HTMLElement, ok: boolean, head: string, detail: string, facts: [WordKey, string | number | undefined][] = []): void {
  target.className = ok ? "verdict valid" : "verdict invalid";
  target.dataset["result"] = ok ? "valid" : "invalid";
  const p = document.createElement("p");
  const strong = document.createElement("strong");
  strong.textContent = head;
  p.append(strong, ` ${detail}`);
  const dl = document.createElement("dl");
  dl.className = "facts";
  for (const [key, value] of facts) {
    if (value === undefined) continue;
    const dt = document.createElement("dt");
    dt.textContent = t(key);
    const dd = document.createElement("dd");
    dd.textContent = String(value);
    dd.dataset["fact"] = key;
    dl.append(dt, dd);
  }
  target.replaceChildren(p, ...(dl.childElementCount > 0 ? [dl] : []));
}

/** Clears a verdict while a check runs, so a stale one is never read as the new one. */
function pending(target: HTMLElement): void {
  target.className = "verdict";
  target.textContent = t("verifying");
  delete target.dataset["result"];
}

const factRows = (f: AttestationFacts): [WordKey, string | number | undefined][] => [
  ["operator", f.operatorId], ["journey", f.journeyId], ["proofClass", f.proofClass], ["journeyStatus", f.status],
  ["leafIndex", f.leafIndex], ["treeSize", f.treeSize], ["logOrigin", f.origin],
];

function key(): VerifierKey {
  const text = $<HTMLInputElement>("vkey").value.trim();
  if (!text) throw new AuditError(t("noKey"));
  return parseVerifierKey(text);
}

/** Puts an attestation in the verifier and verifies it (the authority's journey list uses it). */
export async function verifyText(text: string): Promise<void> {
  $<HTMLTextAreaElement>("attestation").value = text;
  await verify();
}

async function verify(): Promise<void> {
  const target = $("verdict");
  const text = $<HTMLTextAreaElement>("attestation").value.trim();
  if (!text) {
    verdict(target, false, t("invalid"), t("emptyAttestation"));
    return;
  }
  pending(target);
  try {
    const v = await verifyAttestation(text, key());
    target.dataset["engine"] = v.engine;
    const engine = t(v.engine === "webcrypto" ? "engineWebcrypto" : "engineJavascript");
    if (v.failure === null) {
      const facts = factRows(v.facts);
      const bearer = authorityToken();
      if (bearer && v.leaf && v.facts.leafIndex !== undefined) {
        const check = await findRevocation(v.leaf, v.facts.leafIndex, key(), (path) => getJson(path, bearer));
        if (check.revocation) {
          const r = check.revocation;
          verdict(target, false, `${t("revokedHead")}:`, `${t("revokedBy")} ${r.leafIndex}: ${r.status} (${r.reason}). ${engine}.`, facts);
          target.dataset["result"] = "revoked";
          return;
        }
        facts.push(["revocation", t("notRevoked").replace("{n}", String(check.size - v.facts.leafIndex - 1))]);
      } else {
        facts.push(["revocation", t("revocationUnchecked")]);
      }
      verdict(target, true, `${t("valid")}:`, `${t("validSummary")} ${engine}.`, facts);
      if (v.checkpointNote) await remember(v.checkpointNote, t("fromAttestation"), "older");
    } else {
      verdict(target, false, `${t("invalid")}:`, `${v.failure}. ${engine}.`, factRows(v.facts));
    }
  } catch (e) {
    verdict(target, false, `${t("invalid")}:`, e instanceof Error ? e.message : String(e));
  }
}

/** Adds a checkpoint whose signature verified to the table of checkpoints seen, and puts it in a field. */
const seenNotes = new Set<string>();

async function remember(note: string, seen: string, slot: "older" | "newer"): Promise<void> {
  const c = await openCheckpoint(note, key());
  $<HTMLTextAreaElement>(`${slot}-checkpoint`).value = note;
  if (seenNotes.has(note)) return;
  seenNotes.add(note);
  const body = $<HTMLTableElement>("checkpoints").tBodies[0]!;
  const tr = body.insertRow();
  tr.dataset["size"] = String(c.size);
  tr.insertCell().textContent = seen;
  tr.insertCell().textContent = String(c.size);
  const root = tr.insertCell();
  root.className = "hash";
  root.textContent = toBase64(c.root);
  const use = tr.insertCell();
  for (const [label, into] of [["asOlder", "older-checkpoint"], ["asNewer", "newer-checkpoint"]] as const) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = t(label);
    b.setAttribute("aria-label", `${t(label)}: ${c.size} ${t("treeSize").toLowerCase()}`);
    b.addEventListener("click", () => {
      $<HTMLTextAreaElement>(into).value = note;
    });
    use.append(b);
  }
}

async function fetchCheckpoint(): Promise<void> {
  const target = $("consistency");
  pending(target);
  try {
    const latest = await getJson<CheckpointResponse>("/log/checkpoint");
    await remember(latest.note, new Date().toLocaleTimeString(document.documentElement.lang), "newer");
    verdict(target, true, `${t("checkpointOk")}:`, `${latest.size} ${t("treeSize").toLowerCase()}.`);
  } catch (e) {
    verdict(target, false, `${t("invalid")}:`, e instanceof Error ? e.message : String(e));
  }
}

async function consistency(): Promise<void> {
  const target = $("consistency");
  const older = $<HTMLTextAreaElement>("older-checkpoint").value;
  const newer = $<HTMLTextAreaElement>("newer-checkpoint").value;
  pending(target);
  if (!older.trim() || !newer.trim()) {
    verdict(target, false, `${t("inconsistent")}:`, t("twoCheckpoints"));
    return;
  }
  try {
    const v = await checkConsistency(older, newer, key(), async (from, to) =>
      (await getJson<ProofResponse>(`/log/proofs/consistency?from=${from}&to=${to}`)).path);
    const summary = t("consistentSummary").replace("{n}", String(v.newer.size)).replace("{m}", String(v.older.size)).replace("{k}", String(v.proofLength));
    verdict(target, true, `${t("consistent")}:`, summary);
  } catch (e) {
    verdict(target, false, `${t("inconsistent")}:`, e instanceof Error ? e.message : String(e));
  }
}

let authorityToken: () => string | null = () => null;

/** Wires the sections; authority gives the signed-in authority's token, with which revocations are searched. */
export function wireAudit(authority: () => string | null): void {
  authorityToken = authority;
  const area = $<HTMLTextAreaElement>("attestation");
  area.addEventListener("dragover", (e) => e.preventDefault());
  area.addEventListener("drop", (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void file.text().then((text) => {
      area.value = text;
      return verify();
    });
  });
  $<HTMLInputElement>("attestation-file").addEventListener("change", (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void file.text().then((text) => { area.value = text; return verify(); });
  });
  $<HTMLButtonElement>("verify-button").addEventListener("click", () => void verify());
  $<HTMLButtonElement>("fetch-checkpoint").addEventListener("click", () => void fetchCheckpoint());
  $<HTMLButtonElement>("check-consistency").addEventListener("click", () => void consistency());
  void getJson<Keys>("/log/keys").then((keys) => {
    const field = $<HTMLInputElement>("vkey");
    if (!field.value) field.value = keys.vkey;
  }).catch(() => undefined);
}
