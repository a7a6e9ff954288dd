// The operator console at /ui/operator.html: the operator's API key is exchanged for a token kept in this module's
// memory only (never in storage: a reload signs out); feeds with their state; trips waiting for the operator's answer,
// accepted or denied; its declared carpool journeys with proof class, failed rules and status; carpool offers
// published and withdrawn.
import type { components } from "./generated/api";
import { pickLang, setLang, t } from "./i18n";
import { num } from "./api";
import { journeyBrowser, type JourneyList } from "./journeys";

type Token = components["schemas"]["TokenResponse"];
type Offer = components["schemas"]["OfferResponse"];
type PublishOffer = components["schemas"]["PublishOfferRequest"];
type Trip = components["schemas"]["TripResponse"];

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>("status");
let token: Token | null = null;

class Problem extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers["authorization"] = `Bearer ${token.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const p = json as { title?: string; detail?: string; errors?: Record<string, string[]> } | null;
    const errors = p?.errors ? Object.entries(p.errors).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ") : "";
    throw new Problem(response.status, [p?.title, p?.detail, errors].filter(Boolean).join(" ") || `HTTP ${response.status}`);
  }
  return json as T;
}

const operatorPath = (): string => `/operators/${encodeURIComponent(token?.tenant ?? "")}`;

function point(text: string): { lat: number; lon: number } {
  const [lat, lon] = text.split(",").map((s) => Number(s.trim()));
  if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) throw new Problem(400, `'${text}': lat,lon`);
  return { lat, lon };
}

async function showConsole(): Promise<void> {
  try {
    await call("GET", operatorPath());
  } catch (e) {
    if (e instanceof Problem && e.status === 404) {
      $("signin").hidden = true;
      $("register").hidden = false;
      return;
    }
    throw e;
  }
  $("signin").hidden = true;
  $("register").hidden = true;
  $("console").hidden = false;
  $("who").textContent = `${token?.tenant} (${token?.role})`;
  await Promise.all([loadFeeds(), loadOffers(), loadWaiting(), journeys.load(false)]);
}

// The operator's own declared journeys (the node answers only the caller's), page by page.
const journeys = journeyBrowser("/v3/journeys", (url) => call<JourneyList>("GET", url));

// Trips committed by their travelers that wait for this operator's answer (only its own legs are shown).
async function loadWaiting(): Promise<void> {
  const trips = await call<Trip[]>("GET", `${operatorPath()}/trips`);
  const body = $<HTMLTableElement>("waiting").tBodies[0]!;
  body.replaceChildren();
  $("none-waiting").hidden = trips.length > 0;
  for (const trip of trips) {
    const tr = body.insertRow();
    tr.dataset["trip"] = trip.id;
    tr.insertCell().textContent = trip.id;
    tr.insertCell().textContent = trip.legs.map((l) => l.resourceId).join(", ");
    tr.insertCell().textContent = trip.legs.map((l) => String(num(l.seats))).join(", ");
    tr.insertCell().textContent = trip.expiresAt.slice(0, 16).replace("T", " ");
    const actions = tr.insertCell();
    for (const [verb, done] of [["accept", "accepted"], ["deny", "denied"]] as const) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = t(verb);
      button.setAttribute("aria-label", `${t(verb)} ${trip.id}`);
      button.addEventListener("click", () => void act(async () => {
        await call("POST", `${operatorPath()}/trips/${encodeURIComponent(trip.id)}/${verb}`);
        await Promise.all([loadWaiting(), loadOffers()]);
        return `${t(done)}: ${trip.id}`;
      }));
      actions.append(button);
    }
  }
}

async function loadFeeds(): Promise<void> {
  // GET .../feeds has no schema in the OpenAPI document: show each polled feed's fields as they come.
  const answer = await call<Record<string, unknown>>("GET", `${operatorPath()}/feeds`);
  const host = $("feeds");
  host.replaceChildren();
  for (const [key, value] of Object.entries(answer ?? {})) {
    const rows = Array.isArray(value) ? value : [];
    const h = document.createElement("h3");
    h.textContent = `${key} (${rows.length})`;
    host.append(h);
    if (rows.length === 0) continue;
    const table = document.createElement("table");
    const columns = Object.keys(rows[0] as object);
    const head = table.createTHead().insertRow();
    for (const c of columns) head.append(Object.assign(document.createElement("th"), { textContent: c }));
    const body = table.createTBody();
    for (const row of rows as Record<string, unknown>[]) {
      const tr = body.insertRow();
      for (const c of columns) tr.insertCell().textContent = cell(row[c]);
    }
    host.append(table);
  }
}

// A nested value (a poll state) reads as "key: value" pairs, empty ones left out.
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("; ");
}

async function loadOffers(): Promise<void> {
  const offers = await call<Offer[]>("GET", `${operatorPath()}/offers`);
  const body = $<HTMLTableElement>("offers").tBodies[0]!;
  body.replaceChildren();
  for (const offer of offers) {
    const tr = body.insertRow();
    tr.dataset["offer"] = offer.offerId;
    tr.insertCell().textContent = offer.offerId;
    tr.insertCell().textContent = `${offer.departEarliest.slice(0, 16).replace("T", " ")} – ${offer.departLatest.slice(11, 16)}`;
    tr.insertCell().textContent = `${num(offer.seats)} (${num(offer.seatsFree)})`;
    const withdraw = document.createElement("button");
    withdraw.type = "button";
    withdraw.textContent = t("withdraw");
    withdraw.setAttribute("aria-label", `${t("withdraw")} ${offer.offerId}`);
    withdraw.addEventListener("click", () => void act(async () => {
      await call("DELETE", `${operatorPath()}/offers/${encodeURIComponent(offer.offerId)}`);
      await loadOffers();
      return `${t("withdrawn")}: ${offer.offerId}`;
    }));
    tr.insertCell().append(withdraw);
  }
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

const isoLocal = (value: string): string => new Date(value).toISOString();

type OperatorStatement = components["schemas"]["OperatorStatementResponse"];

/** The operator's line of a month's issued clearing statement, and the signed statement to download and verify. */
async function loadStatement(month: string): Promise<string> {
  const host = $("statement");
  const link = $<HTMLAnchorElement>("statement-download");
  host.hidden = true;
  link.hidden = true;
  const s = await call<OperatorStatement>("GET", `${operatorPath()}/statements/${encodeURIComponent(month)}`);
  const money = (minor: number | string): string => `${(Number(minor) / 100).toFixed(2)} ${s.currency}`;
  host.replaceChildren();
  for (const [k, v] of [[t("legs"), String(s.legs)], [t("amount"), money(s.amount)], [t("amountExVat"), money(s.amountExVat)],
    ["SHA-256", s.statement.sha256], [t("logIndex"), String(s.statement.logIndex)]] as const) {
    host.append(Object.assign(document.createElement("dt"), { textContent: k }), Object.assign(document.createElement("dd"), { textContent: v }));
  }
  host.hidden = false;
  link.href = URL.createObjectURL(new Blob([JSON.stringify(s.statement, null, 2)], { type: "application/json" }));
  link.download = `clearing-${s.operatorId}-${month}.json`;
  link.hidden = false;
  return `${t("statements")}: ${month}`;
}

function wire(): void {
  $<HTMLFormElement>("signin").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(async () => {
      const key = $<HTMLInputElement>("api-key");
      token = await call<Token>("POST", "/auth/token", { apiKey: key.value.trim() });
      key.value = "";
      if (token.role !== "operator") {
        token = null;
        throw new Problem(403, t("notOperator"));
      }
      await showConsole();
      return `${t("signedInAs")} ${token?.tenant}`;
    });
  });
  $<HTMLFormElement>("register").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(async () => {
      await call("POST", "/operators", { id: token?.tenant, name: $<HTMLInputElement>("op-name").value.trim() });
      await showConsole();
      return t("registered");
    });
  });
  $<HTMLFormElement>("publish").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(async () => {
      const offer: PublishOffer = {
        offerId: $<HTMLInputElement>("offer-id").value.trim(),
        origin: point($<HTMLInputElement>("origin").value),
        destination: point($<HTMLInputElement>("destination").value),
        departEarliest: isoLocal($<HTMLInputElement>("earliest").value),
        departLatest: isoLocal($<HTMLInputElement>("latest").value),
        seats: Number($<HTMLInputElement>("seats").value),
        maxDetourMinutes: Number($<HTMLInputElement>("detour").value),
        price: { currency: "EUR", baseCents: Number($<HTMLInputElement>("base").value), perKmCents: Number($<HTMLInputElement>("perkm").value) },
      };
      await call("POST", `${operatorPath()}/offers`, offer);
      await loadOffers();
      return `${t("published")}: ${offer.offerId}`;
    });
  });
  $<HTMLFormElement>("journey-filter").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(() => journeys.load(false));
  });
  $<HTMLFormElement>("statement-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void act(() => loadStatement($<HTMLInputElement>("statement-month").value));
  });
  $<HTMLButtonElement>("journeys-more").addEventListener("click", () => void act(() => journeys.load(true)));
  $<HTMLButtonElement>("refresh-waiting").addEventListener("click", () => void act(async () => {
    await loadWaiting();
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
    // The rows' buttons are written at load: write them again in the new language.
    if (token && !$("console").hidden) void act(async () => {
      await Promise.all([loadOffers(), loadWaiting(), journeys.load(false)]);
      return `${t("signedInAs")} ${token?.tenant}`;
    });
  });
}

setLang(pickLang(new URLSearchParams(location.search).get("lang")));
wire();
document.body.dataset["ready"] = "true";
