// The authority's page at /ui/authority.html: the key is exchanged for a token kept in memory only; a campaign
// document is checked and simulated on the journeys known so far (errors shown at their JSON paths), created as a
// draft, activated and closed, with its operators' monthly settlements; the territory's journeys are reviewed and
// flagged as fraud. Below, open to anyone: an attestation verified in the page and the log's checkpoints with a
// consistency check between two of them (src/audit).
import { verifyText, wireAudit } from "./audit/panel";
import type { components } from "./generated/api";
import { pickLang, setLang, t } from "./i18n";
import { journeyBrowser, type JourneyList, type JourneySummary } from "./journeys";

type Token = components["schemas"]["TokenResponse"];
type Journey = components["schemas"]["JourneyResponse"];

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>("status");
const editor = $<HTMLTextAreaElement>("document");
let token: Token | null = null;

interface CampaignError { path: string; message: string }
class Problem extends Error {
  constructor(public readonly status: number, message: string, public readonly errors: CampaignError[] = []) {
    super(message);
  }
}

async function call(method: string, path: string, body?: string): Promise<Record<string, unknown>> {
  return JSON.parse((await send(method, path, body)) || "{}") as Record<string, unknown>;
}

/** The answer's text; a refusal throws a Problem with the title, detail and errors of its problem+json. */
async function send(method: string, path: string, body?: string, accept = "application/json"): Promise<string> {
  const headers: Record<string, string> = { accept };
  if (token) headers["authorization"] = `Bearer ${token.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body ?? null });
  const text = await response.text();
  if (!response.ok) {
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not a problem document: the status says enough
    }
    // Campaign problems carry errors as [{path, message}]; others as {field: [messages]}.
    const raw = json["errors"];
    const errors: CampaignError[] = Array.isArray(raw)
      ? (raw as CampaignError[])
      : raw && typeof raw === "object" ? Object.entries(raw as Record<string, string[]>).map(([path, m]) => ({ path, message: m.join(" ") })) : [];
    throw new Problem(response.status, [json["title"], json["detail"]].filter(Boolean).join(": ") || `HTTP ${response.status}`, errors);
  }
  return text;
}

const territory = (): string => encodeURIComponent(token?.tenant ?? "");

function showErrors(errors: CampaignError[]): void {
  const list = $<HTMLUListElement>("errors");
  list.replaceChildren(...errors.map((e) => {
    const li = document.createElement("li");
    const code = document.createElement("code");
    code.textContent = e.path;
    li.append(code, ` ${e.message}`);
    return li;
  }));
  if (errors.length > 0) editor.setAttribute("aria-invalid", "true");
  else editor.removeAttribute("aria-invalid");
}

function showResult(answer: Record<string, unknown>): void {
  const body = $<HTMLTableElement>("result").tBodies[0]!;
  body.replaceChildren();
  for (const [key, value] of Object.entries(answer)) {
    const tr = body.insertRow();
    tr.dataset["key"] = key;
    tr.insertCell().textContent = key;
    tr.insertCell().textContent = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
}

async function act(work: () => Promise<string>): Promise<void> {
  try {
    status.textContent = await work();
    status.classList.remove("error");
    showErrors([]);
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    status.classList.add("error");
    if (e instanceof Problem) showErrors(e.errors);
  }
}

const campaignId = $<HTMLInputElement>("campaign-id");

function campaignChosen(): void {
  const none = !campaignId.value.trim();
  for (const id of ["activate", "close"]) $<HTMLButtonElement>(id).disabled = none;
}

function campaignPath(): string {
  const id = campaignId.value.trim();
  if (!id) throw new Problem(400, t("createFirst"));
  return `/authority/${territory()}/campaigns/${encodeURIComponent(id)}`;
}

function settlementPath(format: "json" | "csv"): string {
  const month = $<HTMLInputElement>("settle-month").value;
  const operator = $<HTMLInputElement>("settle-operator").value.trim();
  if (!month || !operator) throw new Problem(400, t("needMonthOperator"));
  return `${campaignPath()}/settlements/${encodeURIComponent(month)}/${encodeURIComponent(operator)}?format=${format}`;
}

// The territory's journeys, page by page, each with a fraud flag and its attestation verified in the page.
const journeys = journeyBrowser("/authority/journeys", async (url) => (await call("GET", url)) as unknown as JourneyList, journeyActions);

let flagging: JourneySummary | null = null;

function journeyActions(cell: HTMLTableCellElement, j: JourneySummary): void {
  const name = `${j.operator_id}/${j.operator_journey_id}`;
  const verify = document.createElement("button");
  verify.type = "button";
  verify.textContent = t("verifyAttestation");
  verify.setAttribute("aria-label", `${t("verifyAttestation")}: ${name}`);
  verify.addEventListener("click", () => void act(async () => {
    const journey = (await call("GET", `/authority/journeys/${encodeURIComponent(j.operator_id)}/${encodeURIComponent(j.operator_journey_id)}`)) as unknown as Journey;
    $("verify").scrollIntoView();
    await verifyText(JSON.stringify(journey.attestation));
    return `${t("verifyAttestation")}: ${name}`;
  }));
  cell.append(verify);
  if (j.revocation_leaf_index != null) return;
  const flag = document.createElement("button");
  flag.type = "button";
  flag.textContent = t("review");
  flag.setAttribute("aria-label", `${t("flagFraud")}: ${name}`);
  flag.addEventListener("click", () => {
    flagging = j;
    $("fraud-target").textContent = name;
    $("fraud").hidden = false;
    $<HTMLInputElement>("fraud-reason").focus();
  });
  cell.append(flag);
}

function wireJourneys(): void {
  $<HTMLFormElement>("journey-filter").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(() => journeys.load(false));
  });
  $<HTMLButtonElement>("journeys-more").addEventListener("click", () => void act(() => journeys.load(true)));
  $<HTMLButtonElement>("fraud-cancel").addEventListener("click", () => {
    flagging = null;
    $("fraud").hidden = true;
  });
  $<HTMLFormElement>("fraud").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(async () => {
      if (!flagging) return "";
      const j = flagging;
      const reason = $<HTMLInputElement>("fraud-reason");
      await call("POST", `/authority/journeys/${encodeURIComponent(j.operator_id)}/${encodeURIComponent(j.operator_journey_id)}/fraud`, JSON.stringify({ reason: reason.value }));
      reason.value = "";
      flagging = null;
      $("fraud").hidden = true;
      await journeys.load(false);
      return `${t("flagged")}: ${j.operator_id}/${j.operator_journey_id}`;
    });
  });
}

type ClearingMonth = components["schemas"]["ClearingMonthResponse"];

/** A month's clearing: the draft from the ledger (each operator's line) and whether, and as what, it was issued. */
async function loadClearing(month: string): Promise<string> {
  const answer = JSON.parse(await send("GET", `/authority/clearing/${encodeURIComponent(month)}`)) as ClearingMonth;
  const draft = answer.draft as unknown as { currency: string; operators: { operator: string; legs: number; amount: number }[] };
  const body = $<HTMLTableElement>("clearing").tBodies[0]!;
  body.replaceChildren();
  for (const o of draft.operators) {
    const tr = body.insertRow();
    tr.dataset["operator"] = o.operator;
    tr.insertCell().textContent = o.operator;
    tr.insertCell().textContent = String(o.legs);
    tr.insertCell().textContent = `${(o.amount / 100).toFixed(2)} ${draft.currency}`;
  }
  const issued = answer.issued;
  $("clearing-state").textContent = issued
    ? `${t("clearingIssued")} ${issued.issuedAt} · SHA-256 ${issued.sha256} · ${t("leafIndex")} ${issued.logIndex}${answer.changedSinceIssued ? ` · ${t("clearingChanged")}` : ""}`
    : `${t("clearingDraft")} · SHA-256 ${answer.draftSha256}`;
  return `${t("clearingTitle")}: ${month}`;
}

function documentText(): string {
  try {
    JSON.parse(editor.value);
  } catch (e) {
    throw new Problem(400, t("notJson"), [{ path: "$", message: e instanceof Error ? e.message : String(e) }]);
  }
  return editor.value;
}

function wire(): void {
  $<HTMLFormElement>("signin").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(async () => {
      const key = $<HTMLInputElement>("api-key");
      const answer = (await call("POST", "/auth/token", JSON.stringify({ apiKey: key.value.trim() }))) as unknown as Token;
      key.value = "";
      if (answer.role !== "authority") throw new Problem(403, t("notAuthority"));
      token = answer;
      $("signin").hidden = true;
      $("console").hidden = false;
      $("who").textContent = `${token.tenant} (${token.role})`;
      return `${t("signedInAs")} ${token.tenant}`;
    });
  });
  $<HTMLFormElement>("clearing-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(() => loadClearing($<HTMLInputElement>("clearing-month").value));
  });
  $<HTMLButtonElement>("clearing-issue").addEventListener("click", () => void act(async () => {
    const month = $<HTMLInputElement>("clearing-month").value;
    await send("POST", `/authority/clearing/${encodeURIComponent(month)}`);
    return loadClearing(month);
  }));
  $<HTMLButtonElement>("simulate").addEventListener("click", () => void act(async () => {
    showResult(await call("POST", `/authority/${territory()}/campaigns/simulate`, documentText()));
    return t("simulated");
  }));
  $<HTMLButtonElement>("create").addEventListener("click", () => void act(async () => {
    const answer = await call("POST", `/authority/${territory()}/campaigns`, documentText());
    const id = String(answer["id"] ?? (JSON.parse(editor.value) as { id?: string }).id ?? "");
    campaignId.value = id;
    campaignChosen();
    showResult(answer);
    return `${t("draftCreated")}: ${id}`;
  }));
  campaignId.addEventListener("input", campaignChosen);
  $<HTMLButtonElement>("show-campaign").addEventListener("click", () => void act(async () => {
    showResult(await call("GET", campaignPath()));
    return campaignId.value;
  }));
  $<HTMLButtonElement>("activate").addEventListener("click", () => void act(async () => {
    showResult(await call("POST", `${campaignPath()}/activate`));
    return `${t("activated")}: ${campaignId.value}`;
  }));
  $<HTMLButtonElement>("close").addEventListener("click", () => void act(async () => {
    if (!confirm(t("confirmClose"))) return "";
    showResult(await call("POST", `${campaignPath()}/close`));
    return `${t("closed")}: ${campaignId.value}`;
  }));
  $<HTMLButtonElement>("show-settlement").addEventListener("click", () => void act(async () => {
    showResult(await call("GET", settlementPath("json")));
    return `${t("settlement")}: ${$<HTMLInputElement>("settle-operator").value}, ${$<HTMLInputElement>("settle-month").value}`;
  }));
  $<HTMLButtonElement>("download-settlement").addEventListener("click", () => void act(async () => {
    const csv = await send("GET", settlementPath("csv"), undefined, "text/csv");
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    link.download = `settlement-${campaignId.value}-${$<HTMLInputElement>("settle-month").value}-${$<HTMLInputElement>("settle-operator").value}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    return `${t("downloaded")}: ${link.download}`;
  }));
  wireJourneys();
  $<HTMLButtonElement>("lang").addEventListener("click", () => {
    setLang(document.documentElement.lang === "fr" ? "en" : "fr");
    // The journey rows' buttons are written at load: write them again in the new language.
    if (token && $<HTMLTableElement>("journeys").tBodies[0]!.rows.length > 0) void act(() => journeys.load(false));
  });
}

setLang(pickLang(new URLSearchParams(location.search).get("lang")));
wire();
wireAudit(() => token?.token ?? null);
document.body.dataset["ready"] = "true";
