// Itineraries side by side: times, duration, legs (mode, line, operator, distance), walking, price, CO2.
import { type Itinerary, type Leg, type PlanResponse, num } from "./api";
import { lang, t, type WordKey } from "./i18n";
import { modeColors } from "./map";

const clock = (iso: string): string => iso.slice(11, 16);

function minutes(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")}`;
}

function distance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} m` : `${(meters / 1000).toLocaleString(lang(), { maximumFractionDigits: 1 })} km`;
}

// The node's total is in minor units of an ISO 4217 currency; Intl knows each currency's decimals.
function money(total: { amount: number | string; currency: string }): string {
  const amount = num(total.amount);
  if (amount === 0) return t("free");
  const format = new Intl.NumberFormat(lang(), { style: "currency", currency: total.currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

// The whole trip's price, or why it is not known (a leg without a fare): never a silent 0.
function priceFact(it: Itinerary): { text: string; title?: string } {
  if (it.price) return { text: money(it.price) };
  if (it.priceNote?.startsWith("nothing to pay")) return { text: t("free") };
  return it.priceNote ? { text: t("fareUnknown"), title: it.priceNote } : { text: t("fareUnknown") };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const modeWord = (mode: string): string =>
  ["walk", "bike", "bikeshare", "carpool"].includes(mode) ? t(mode as WordKey) : mode === "car" ? t("car-pr") : mode === "scooter" ? t("bikeshare") : t("transit");

function legItem(leg: Leg): HTMLLIElement {
  const li = el("li", undefined, "leg");
  const badge = el("span", leg.mode === "transit" && leg.route ? leg.route : modeWord(leg.mode), "badge");
  badge.style.background = modeColors[leg.mode] ?? "#1F5FA8";
  li.append(badge);
  const parts = [clock(leg.departure)];
  if (leg.mode === "transit") parts.push(`${leg.operator ?? ""} → ${leg.headsign ?? leg.to.name}`);
  else if (leg.operator) parts.push(leg.operator);
  parts.push(leg.estimated ? `≈ ${distance(num(leg.distanceMeters))} (${t("estimated")})` : distance(num(leg.distanceMeters)));
  if (leg.fareProducts && leg.fareProducts.length > 0) parts.push(leg.fareProducts.join(", "));
  // Carpool: what the active campaigns would pay the passenger, already taken off the leg's price (an estimate).
  if (leg.incentive) parts.push(`${t("incentive")} −${num(leg.incentive.amount).toFixed(2)} ${leg.incentive.currency} (${leg.incentive.campaigns.join(", ")})`);
  li.append(el("span", parts.join(" · ")));
  li.dataset["mode"] = leg.mode;
  return li;
}

function card(it: Itinerary, index: number, selected: boolean, onSelect: (i: number) => void, onBook: (i: number) => void): HTMLElement {
  const article = el("article", undefined, "itinerary");
  article.dataset["index"] = String(index);
  const head = el("button", undefined, "select");
  head.type = "button";
  head.setAttribute("aria-pressed", String(selected));
  head.setAttribute("aria-label", `${t("option")} ${index + 1}: ${clock(it.departure)} → ${clock(it.arrival)}, ${t("show")}`);
  head.append(el("span", `${clock(it.departure)} → ${clock(it.arrival)}`, "times"), el("span", minutes(num(it.durationSeconds)), "duration"));
  head.addEventListener("click", () => onSelect(index));
  article.append(head);
  const facts = el("dl", undefined, "facts");
  const fact = (k: string, v: string, title?: string) => {
    const dd = el("dd", v);
    if (title) dd.title = title;
    facts.append(el("dt", k), dd);
  };
  fact(t("walking"), distance(num(it.walkMeters)));
  const price = priceFact(it);
  fact(t("price"), price.text, price.title);
  fact(t("co2"), `${Math.round(num(it.co2Grams))} g`);
  fact(t("transfers"), String(num(it.transfers)));
  article.append(facts);
  const legs = el("ol", undefined, "legs");
  legs.append(...it.legs.map(legItem));
  article.append(legs);
  if (selected) {
    const book = el("button", t("book"), "book primary");
    book.type = "button";
    book.addEventListener("click", () => onBook(index));
    article.append(book);
  }
  return article;
}

/** A one-line description of an itinerary, for its ticket. */
export function summary(it: Itinerary): string {
  return `${it.departure.slice(0, 10)} ${clock(it.departure)} → ${clock(it.arrival)} · ${it.legs.filter((l) => l.mode !== "walk").map((l) => (l.mode === "transit" && l.route ? l.route : modeWord(l.mode))).join(", ")}`;
}

export function renderResults(host: HTMLElement, answer: PlanResponse, selected: number, onSelect: (i: number) => void, onBook: (i: number) => void): void {
  host.replaceChildren();
  if (answer.itineraries.length === 0) {
    host.append(el("p", answer.message ?? t("none"), "message"));
    return;
  }
  const list = el("div", undefined, "cards");
  list.append(...answer.itineraries.map((it, i) => card(it, i, i === selected, onSelect, onBook)));
  const policy = el("p", undefined, "policy");
  const link = el("a", `${t("rankedBy")}: ${answer.policy.id} ${answer.policy.version}`);
  link.href = "/plan/policy";
  link.title = `SHA-256 ${answer.policy.sha256}`;
  policy.append(link);
  for (const notice of answer.notices) host.append(el("p", notice, "notice"));
  host.append(list, policy);
}
