// The traveler's own page at /ui/me.html: the account key (mt_...) is exchanged for a token kept in this module's
// memory only; then the traveler's fare caps (GET /me/account: each cap's progress in the period that holds now), trips
// (GET /trips), incentives (GET /v3/me/incentives) and carpool attestations
// (GET /v3/me/attestations), each attestation verified in the page with the platform's public key (src/audit) and
// downloadable as its JSON file. Booking and tickets live on the planner page.
import { verifyAttestation } from "./audit/attestation";
import { parseVerifierKey, type VerifierKey } from "./audit/note";
import { num } from "./api";
import type { components } from "./generated/api";
import { pickLang, setLang, t, type WordKey } from "./i18n";

type Token = components["schemas"]["TokenResponse"];
type Trip = components["schemas"]["TripResponse"];
type Attestations = components["schemas"]["AttestationsResponse"];
type Journey = components["schemas"]["JourneyResponse"];
type Keys = components["schemas"]["KeysResponse"];
type Account = components["schemas"]["AccountResponse"];

// GET /v3/me/incentives is written by the campaign entity (CampaignViews.Incentives) and has no schema in the
// OpenAPI document: its shape is stated here.
interface Incentive { operator_id: string; operator_journey_id: string; date: string; role: string; amount_cents: number; rule: string; cap: string }
interface Incentives { campaigns: { campaign: string; incentives: Incentive[] }[] }

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>("status");
let token: Token | null = null;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers["authorization"] = `Bearer ${token.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const p = json as { title?: string; detail?: string } | null;
    throw new Error([p?.title, p?.detail].filter(Boolean).join(": ") || `HTTP ${response.status}`);
  }
  return json as T;
}

async function act(work: () => Promise<string>): Promise<void> {
  try {
    status.textContent = await work();
    status.classList.remove("error");
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    status.classList.add("error");
  }
}

const when = (iso: string): string => iso.slice(0, 16).replace("T", " ");
const money = (cents: number): string => (cents / 100).toFixed(2);

async function loadTrips(): Promise<void> {
  const trips = await call<Trip[]>("GET", "/trips");
  const body = $<HTMLTableElement>("trips").tBodies[0]!;
  body.replaceChildren();
  for (const trip of trips) {
    const tr = body.insertRow();
    tr.dataset["trip"] = trip.id;
    tr.insertCell().textContent = trip.id;
    tr.insertCell().textContent = when(trip.bookedAt);
    tr.insertCell().textContent = trip.status;
    tr.insertCell().textContent = trip.legs.map((l) => `${l.kind} ${l.operatorId} ${l.resourceId} ×${num(l.seats)}`).join("; ");
  }
  $("no-trips").hidden = trips.length > 0;
}

const periods: Record<string, WordKey> = { day: "capDay", week: "capWeek", rolling: "capRolling" };

async function loadCaps(): Promise<void> {
  const account = await call<Account>("GET", "/me/account");
  const body = $<HTMLTableElement>("caps").tBodies[0]!;
  body.replaceChildren();
  for (const cap of account.caps) {
    const tr = body.insertRow();
    tr.dataset["cap"] = cap.id;
    tr.dataset["period"] = cap.period;
    const key = periods[cap.period];
    tr.insertCell().textContent = key ? t(key) : cap.period;
    tr.insertCell().textContent = money(num(cap.spent));
    tr.insertCell().textContent = money(num(cap.amount));
    tr.insertCell().textContent = money(num(cap.remaining));
    tr.insertCell().textContent = cap.ends ? when(cap.ends) : "";
    // The share of the cap spent, for the eye; the cells above carry the figures.
    const meter = document.createElement("meter");
    meter.min = 0;
    meter.max = Math.max(1, num(cap.amount));
    meter.value = num(cap.spent);
    meter.setAttribute("aria-label", `${key ? t(key) : cap.period}: ${money(num(cap.spent))} / ${money(num(cap.amount))} ${account.currency}`);
    tr.insertCell().append(meter);
  }
  $("caps-charged").textContent = `${money(num(account.charged))} ${account.currency}`;
  $("no-caps").hidden = account.caps.length > 0;
}

async function loadIncentives(): Promise<void> {
  const answer = await call<Incentives>("GET", "/v3/me/incentives");
  const body = $<HTMLTableElement>("incentives").tBodies[0]!;
  body.replaceChildren();
  let total = 0;
  for (const c of answer.campaigns) {
    for (const i of c.incentives) {
      const tr = body.insertRow();
      tr.dataset["journey"] = i.operator_journey_id;
      tr.insertCell().textContent = c.campaign;
      tr.insertCell().textContent = i.date;
      tr.insertCell().textContent = `${i.operator_id}/${i.operator_journey_id}`;
      tr.insertCell().textContent = i.role === "driver" || i.role === "passenger" ? t(i.role) : i.role;
      tr.insertCell().textContent = money(i.amount_cents);
      total += i.amount_cents;
    }
  }
  $("incentives-total").textContent = money(total);
  $("no-incentives").hidden = body.rows.length > 0;
}

let platformKey: Promise<VerifierKey> | null = null;

async function loadAttestations(): Promise<void> {
  const answer = await call<Attestations>("GET", "/v3/me/attestations");
  const body = $<HTMLTableElement>("attestations").tBodies[0]!;
  body.replaceChildren();
  for (const journey of answer.attestations) {
    const tr = body.insertRow();
    tr.dataset["journey"] = journey.operator_journey_id;
    tr.insertCell().textContent = journey.operator_id;
    tr.insertCell().textContent = when(journey.start);
    tr.insertCell().textContent = journey.proof_class;
    tr.insertCell().textContent = journey.revoked ? `${journey.status}, ${t("revoked")}` : journey.status;
    const actions = tr.insertCell();
    const verdict = tr.insertCell();
    verdict.className = "verdict";
    verdict.setAttribute("aria-live", "polite");
    actions.append(button("verify", journey, () => void verify(journey, verdict)), button("download", journey, () => download(journey)));
  }
  $("no-attestations").hidden = answer.attestations.length > 0;
}

function button(label: WordKey, journey: Journey, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = t(label);
  b.setAttribute("aria-label", `${t(label)}: ${journey.operator_id}/${journey.operator_journey_id}`);
  b.addEventListener("click", onClick);
  return b;
}

async function verify(journey: Journey, cell: HTMLTableCellElement): Promise<void> {
  cell.textContent = t("verifying");
  delete cell.dataset["result"];
  try {
    platformKey ??= call<Keys>("GET", "/log/keys").then((k) => parseVerifierKey(k.vkey));
    const v = await verifyAttestation(JSON.stringify(journey.attestation), await platformKey);
    // Signature and log proof hold for a revoked journey too: the revocation is a later leaf the node reports.
    const result = v.failure !== null ? "invalid" : journey.revoked ? "revoked" : "valid";
    cell.dataset["result"] = result;
    cell.dataset["engine"] = v.engine;
    cell.className = `verdict ${result === "valid" ? "valid" : "invalid"}`;
    const strong = document.createElement("strong");
    strong.textContent = result === "valid" ? t("valid") : result === "revoked" ? `${t("revokedVerdict")}:` : `${t("invalid")}:`;
    const detail = result === "valid" ? ` (${t("leafIndex").toLowerCase()} ${v.facts.leafIndex})`
      : result === "revoked" ? ` ${journey.revocation_reason ?? journey.status} (${t("leafIndex").toLowerCase()} ${journey.revocation_leaf_index ?? "?"})` : ` ${v.failure}`;
    cell.replaceChildren(strong, detail);
  } catch (e) {
    cell.dataset["result"] = "invalid";
    cell.textContent = e instanceof Error ? e.message : String(e);
  }
}

function download(journey: Journey): void {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(journey.attestation, null, 2)], { type: "application/json" }));
  link.download = `attestation-${journey.operator_id}-${journey.operator_journey_id}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const loadAll = (): Promise<unknown> => Promise.all([loadCaps(), loadTrips(), loadIncentives(), loadAttestations()]);

function wire(): void {
  $<HTMLFormElement>("signin").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(async () => {
      const key = $<HTMLInputElement>("account-key");
      const answer = await call<Token>("POST", "/auth/token", { apiKey: key.value.trim() });
      key.value = "";
      if (answer.role !== "traveler") throw new Error(t("notTraveler"));
      token = answer;
      $("signin").hidden = true;
      $("console").hidden = false;
      $("who").textContent = token.tenant;
      await loadAll();
      return `${t("signedInAs")} ${token.tenant}`;
    });
  });
  $<HTMLButtonElement>("refresh").addEventListener("click", () => void act(async () => {
    await loadAll();
    return t("refresh");
  }));
  $<HTMLButtonElement>("signout").addEventListener("click", () => {
    token = null;
    $("console").hidden = true;
    $("signin").hidden = false;
    status.textContent = "";
  });
  $<HTMLButtonElement>("lang").addEventListener("click", () => {
    setLang(document.documentElement.lang === "fr" ? "en" : "fr");
    // The rows' buttons and words are written at load: write them again in the new language.
    if (token) void act(async () => {
      await loadAll();
      return `${t("signedInAs")} ${token?.tenant}`;
    });
  });
}

setLang(pickLang(new URLSearchParams(location.search).get("lang")));
wire();
document.body.dataset["ready"] = "true";
