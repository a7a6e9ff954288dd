// The authority's campaign page at /ui/authority.html: the key is exchanged for a token kept in memory only; a
// campaign document is checked and simulated on the journeys known so far (errors shown at their JSON paths),
// created as a draft and activated. Below, open to anyone: an attestation verified in the page and the log's
// checkpoints with a consistency check between two of them (src/audit).
import { wireAudit } from "./audit/panel";
import type { components } from "./generated/api";
import { pickLang, setLang, t } from "./i18n";

type Token = components["schemas"]["TokenResponse"];

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>("status");
const editor = $<HTMLTextAreaElement>("document");
let token: Token | null = null;
let created: string | null = null;

interface CampaignError { path: string; message: string }
class Problem extends Error {
  constructor(public readonly status: number, message: string, public readonly errors: CampaignError[] = []) {
    super(message);
  }
}

async function call(method: string, path: string, body?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers["authorization"] = `Bearer ${token.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body ?? null });
  const text = await response.text();
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!response.ok) {
    // Campaign problems carry errors as [{path, message}]; others as {field: [messages]}.
    const raw = json["errors"];
    const errors: CampaignError[] = Array.isArray(raw)
      ? (raw as CampaignError[])
      : raw && typeof raw === "object" ? Object.entries(raw as Record<string, string[]>).map(([path, m]) => ({ path, message: m.join(" ") })) : [];
    throw new Problem(response.status, [json["title"], json["detail"]].filter(Boolean).join(": ") || `HTTP ${response.status}`, errors);
  }
  return json;
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
  $<HTMLButtonElement>("simulate").addEventListener("click", () => void act(async () => {
    showResult(await call("POST", `/authority/${territory()}/campaigns/simulate`, documentText()));
    return t("simulated");
  }));
  $<HTMLButtonElement>("create").addEventListener("click", () => void act(async () => {
    const answer = await call("POST", `/authority/${territory()}/campaigns`, documentText());
    created = String(answer["id"] ?? (JSON.parse(editor.value) as { id?: string }).id ?? "");
    $<HTMLButtonElement>("activate").disabled = false;
    showResult(answer);
    return `${t("draftCreated")}: ${created}`;
  }));
  $<HTMLButtonElement>("activate").addEventListener("click", () => void act(async () => {
    if (!created) throw new Problem(400, t("createFirst"));
    showResult(await call("POST", `/authority/${territory()}/campaigns/${encodeURIComponent(created)}/activate`));
    return `${t("activated")}: ${created}`;
  }));
  $<HTMLButtonElement>("lang").addEventListener("click", () => setLang(document.documentElement.lang === "fr" ? "en" : "fr"));
}

setLang(pickLang(new URLSearchParams(location.search).get("lang")));
wire();
wireAudit();
document.body.dataset["ready"] = "true";
