// Book the chosen itinerary and hold its ticket: the traveler's account (created on the first booking, its key kept
// in this browser like an app's login), POST /trips with each leg's booking as /plan answered it, commit, wait for
// carpool operators, then the signed ticket, kept in localStorage so its QR code still shows offline.
import { ApiError, type Itinerary } from "./api";
import type { components } from "./generated/api";
import { t } from "./i18n";

type Ticket = components["schemas"]["TicketResponse"];
type Trip = components["schemas"]["TripResponse"];

/** What the page keeps of a ticket: enough to show it with no network. */
export interface KeptTicket {
  tripId: string;
  ticketId: string;
  qr: string;
  qrSvg: string;
  expires: string;
  summary: string;
}

const accountKey = "mobility.traveler";
const ticketsKey = "mobility.tickets";
const maxKept = 20;
let token: { value: string; until: number } | null = null;

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = answer as { title?: string; detail?: string; errors?: Record<string, string[]> } | null;
    const first = problem?.errors ? Object.values(problem.errors)[0]?.[0] : undefined;
    throw new ApiError(first ?? problem?.detail ?? problem?.title ?? `HTTP ${response.status}`);
  }
  return answer as T;
}

// A random idempotency key: crypto.randomUUID needs a secure context, getRandomValues does not.
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function travelerToken(): Promise<string> {
  if (token && token.until > Date.now() + 60_000) return token.value;
  const stored = localStorage.getItem(accountKey);
  let answer: { token: string; expiresAt: string };
  if (stored) {
    answer = await call("POST", "/auth/token", { apiKey: (JSON.parse(stored) as { accountKey: string }).accountKey });
  } else {
    const created = await call<{ travelerId: string; accountKey: string; token: { token: string; expiresAt: string } }>("POST", "/travelers", {});
    localStorage.setItem(accountKey, JSON.stringify({ travelerId: created.travelerId, accountKey: created.accountKey }));
    answer = created.token;
  }
  token = { value: answer.token, until: Date.parse(answer.expiresAt) };
  return token.value;
}

const auth = async (): Promise<Record<string, string>> => ({ authorization: `Bearer ${await travelerToken()}` });

/** Books the itinerary as answered, commits it, waits for its carpool operators, and keeps its ticket. */
export async function bookItinerary(it: Itinerary, summary: string, progress: (message: string) => void): Promise<KeptTicket> {
  const legs = it.legs.map((l) => l.booking).filter((b) => b !== null && b !== undefined);
  if (legs.length === 0) throw new ApiError(t("nothingToBook"));
  progress(t("booking"));
  const booked = await call<Trip>("POST", "/trips", { legs }, { ...(await auth()), "idempotency-key": randomKey() });
  let trip = await call<Trip>("POST", `/trips/${booked.id}/commit`, undefined, await auth());
  for (let waited = 0; trip.status === "pending" && waited < 120; waited += 2) {
    progress(t("awaitingOperator"));
    await new Promise((r) => setTimeout(r, 2000));
    trip = await call<Trip>("GET", `/trips/${booked.id}`, undefined, await auth());
  }
  if (trip.status !== "confirmed" && trip.status !== "started") throw new ApiError(`${t("notConfirmed")}: ${trip.status}`);
  const ticket = await call<Ticket>("GET", `/trips/${booked.id}/ticket`, undefined, await auth());
  const kept: KeptTicket = { tripId: booked.id, ticketId: ticket.ticketId, qr: ticket.qr, qrSvg: ticket.qrSvg, expires: ticket.expires, summary };
  keep(kept);
  return kept;
}

export function keptTickets(): KeptTicket[] {
  try {
    const list = JSON.parse(localStorage.getItem(ticketsKey) ?? "[]") as KeptTicket[];
    return list.filter((k) => Date.parse(k.expires) > Date.now());
  } catch {
    return [];
  }
}

function keep(ticket: KeptTicket): void {
  const list = [ticket, ...keptTickets().filter((k) => k.ticketId !== ticket.ticketId)].slice(0, maxKept);
  localStorage.setItem(ticketsKey, JSON.stringify(list));
}

/** Shows tickets full screen in the page's dialog: the QR code as an image (no markup from the node is inserted). */
/** The territory's time zone (the timetable's), so a ticket's validity reads as the stops' clocks show it. */
let zone: string | undefined;
export function setTicketZone(timeZone: string): void {
  zone = timeZone;
}

export function showTickets(dialog: HTMLDialogElement, tickets: KeptTicket[]): void {
  const body = dialog.querySelector<HTMLElement>(".tickets")!;
  body.replaceChildren();
  if (tickets.length === 0) {
    body.append(Object.assign(document.createElement("p"), { textContent: t("noTickets") }));
  }
  for (const k of tickets) {
    const figure = document.createElement("figure");
    figure.className = "ticket";
    const img = document.createElement("img");
    img.src = `data:image/svg+xml;base64,${btoa(k.qrSvg)}`;
    img.alt = `${t("ticketQr")}: ${k.summary}`;
    img.dataset["ticketId"] = k.ticketId;
    const caption = document.createElement("figcaption");
    caption.textContent = `${k.summary} · ${t("validUntil")} ${new Date(k.expires).toLocaleString(document.documentElement.lang, { timeZone: zone, dateStyle: "short", timeStyle: "short" })}`;
    figure.append(img, caption);
    body.append(figure);
  }
  if (!dialog.open) dialog.showModal();
}
