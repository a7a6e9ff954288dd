// The traveler's planner at /ui/: from and to by map click, marker drag or stop name; modes; depart-at or
// arrive-by; itineraries side by side and on the map; the plan kept in the URL.
import { ApiError, area, plan, type PlanResponse } from "./api";
import { pickLang, setLang, t } from "./i18n";
import { TripMap } from "./map";
import { bookItinerary, keptTickets, setTicketZone, showTickets } from "./booking";
import { renderResults, summary } from "./results";
import { allModes, readState, writeState, type PageState } from "./state";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const state: PageState = readState(location.search);
let map: TripMap | null = null;
let answer: PlanResponse | null = null;
let inFlight: AbortController | null = null;
const stops = new Map<string, [number, number]>();

const status = $<HTMLParagraphElement>("status");
const results = $<HTMLElement>("results");
const fromInput = $<HTMLInputElement>("from");
const toInput = $<HTMLInputElement>("to");

function syncUrl(): void {
  history.replaceState(null, "", writeState(state) + location.hash);
}

function describe(point: [number, number] | null): string {
  if (!point) return "";
  for (const [name, p] of stops) {
    if (Math.abs(p[0] - point[0]) < 1e-6 && Math.abs(p[1] - point[1]) < 1e-6) return name;
  }
  return `${point[0].toFixed(5)}, ${point[1].toFixed(5)}`;
}

function showForm(): void {
  fromInput.value = describe(state.from);
  toInput.value = describe(state.to);
  for (const m of allModes) $<HTMLInputElement>(`mode-${m}`).checked = state.modes.includes(m);
  $<HTMLSelectElement>("time-kind").value = state.arriveBy ? "arriveBy" : "depart";
  $<HTMLInputElement>("time").value = state.time ?? "";
  const rider = $<HTMLSelectElement>("rider");
  if (state.rider && [...rider.options].some((o) => o.value === state.rider)) rider.value = state.rider;
  map?.setMarker("from", state.from);
  map?.setMarker("to", state.to);
}

function readForm(): void {
  state.modes = allModes.filter((m) => $<HTMLInputElement>(`mode-${m}`).checked);
  if (state.modes.length === 0) state.modes = ["walk"];
  state.arriveBy = $<HTMLSelectElement>("time-kind").value === "arriveBy";
  state.time = $<HTMLInputElement>("time").value || null;
  state.rider = $<HTMLSelectElement>("rider").value || null;
}

function place(which: "from" | "to", input: HTMLInputElement): boolean {
  const text = input.value.trim();
  const current = state[which];
  if (text === "" ) {
    state[which] = null;
    return true;
  }
  if (current && text === describe(current)) return true;
  const found = stops.get(text) ?? [...stops].find(([n]) => n.toLowerCase() === text.toLowerCase())?.[1];
  if (!found) {
    input.setAttribute("aria-invalid", "true");
    status.textContent = `${t("unknownStop")}: ${text}`;
    return false;
  }
  input.removeAttribute("aria-invalid");
  state[which] = found;
  return true;
}

async function runPlan(): Promise<void> {
  const started = performance.now();
  readForm();
  if (!place("from", fromInput) || !place("to", toInput)) return;
  showForm();
  syncUrl();
  if (!state.from || !state.to) {
    status.textContent = t("pickBoth");
    return;
  }
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  status.textContent = t("planning");
  document.body.dataset["planned"] = "pending";
  try {
    answer = await plan({ from: state.from, to: state.to, modes: state.modes, time: state.time, arriveBy: state.arriveBy, rider: state.rider }, controller.signal);
    if (state.selected >= answer.itineraries.length) state.selected = 0;
    await draw();
    const elapsed = performance.now() - started;
    const n = answer.itineraries.length;
    status.textContent = n === 0 ? answer.message ?? t("none") : n === 1 ? t("oneResult") : `${n} ${t("results").toLowerCase()}`;
    document.body.dataset["planMs"] = elapsed.toFixed(0);
    document.body.dataset["planned"] = "done";
    // For tests and the curious: how many plans were drawn, and the last one's time from the request to the drawn map.
    document.body.dataset["planCount"] = String(Number(document.body.dataset["planCount"] ?? "0") + 1);
  } catch (e) {
    if (controller.signal.aborted) return;
    status.textContent = e instanceof ApiError ? e.message : String(e);
    results.replaceChildren();
    document.body.dataset["planned"] = "error";
  }
}

async function draw(): Promise<void> {
  if (!answer) return;
  renderResults(results, answer, state.selected, (i) => {
    state.selected = i;
    syncUrl();
    void draw();
  }, (i) => void book(i));
  await map?.drawItineraries(answer.itineraries, state.selected);
}

async function book(index: number): Promise<void> {
  const it = answer?.itineraries[index];
  if (!it) return;
  document.body.dataset["booked"] = "pending";
  try {
    const ticket = await bookItinerary(it, summary(it), (message) => (status.textContent = message));
    status.textContent = t("ticketReady");
    showTickets($<HTMLDialogElement>("tickets"), [ticket]);
    document.body.dataset["booked"] = "done";
  } catch (e) {
    status.textContent = e instanceof ApiError ? e.message : String(e);
    document.body.dataset["booked"] = "error";
  }
}

function setPoint(which: "from" | "to", point: [number, number]): void {
  readForm(); // keep the modes and time the traveler just chose
  state[which] = point;
  showForm();
  if (state.from && state.to) void runPlan();
  else syncUrl();
}

function wire(): void {
  $<HTMLFormElement>("planner").addEventListener("submit", (e) => {
    e.preventDefault();
    void runPlan();
  });
  $<HTMLButtonElement>("swap").addEventListener("click", () => {
    readForm();
    [state.from, state.to] = [state.to, state.from];
    showForm();
    if (state.from && state.to) void runPlan();
  });
  $<HTMLButtonElement>("lang").addEventListener("click", () => {
    state.lang = document.documentElement.lang === "fr" ? "en" : "fr";
    setLang(state.lang);
    syncUrl();
    void draw();
  });
  $<HTMLButtonElement>("my-tickets").addEventListener("click", () => showTickets($<HTMLDialogElement>("tickets"), keptTickets()));
  $<HTMLButtonElement>("tickets-close").addEventListener("click", () => $<HTMLDialogElement>("tickets").close());
  const toggle = $<HTMLButtonElement>("map-toggle");
  toggle.addEventListener("click", () => {
    const shown = document.body.classList.toggle("show-map");
    toggle.setAttribute("aria-expanded", String(shown));
    toggle.dataset["i18n"] = shown ? "hideMap" : "showMap";
    toggle.textContent = t(shown ? "hideMap" : "showMap");
    map?.resize();
  });
}

async function start(): Promise<void> {
  setLang(state.lang ?? pickLang(null));
  wire();
  const a = await area();
  setTicketZone(a.timeZone);
  // The fares' rider categories, as the feeds name them; the default category is the empty choice.
  const riderSelect = $<HTMLSelectElement>("rider");
  for (const c of a.riderCategories.filter((c) => !c.isDefault)) {
    riderSelect.append(Object.assign(document.createElement("option"), { value: c.id, textContent: c.id }));
  }
  $<HTMLElement>("rider-field").hidden = a.riderCategories.length < 2;
  const mapHost = $<HTMLDivElement>("map");
  try {
    map = new TripMap(mapHost, [[a.minLon as number, a.minLat as number], [a.maxLon as number, a.maxLat as number]], {
      pick: (p) => setPoint(state.from ? "to" : "from", p),
      moved: (which, p) => setPoint(which, p),
    });
  } catch {
    mapHost.textContent = t("mapUnavailable");
  }
  // Stop and street names for the search fields, from the same GeoJSON the map draws (the browser's cache answers it).
  const geo = (await (await fetch("/plan/map")).json()) as { features: { geometry: { coordinates: [number, number] }; properties: { layer: string; name: string } }[] };
  const list = $<HTMLDataListElement>("stop-names");
  for (const f of geo.features) {
    // Stops first, then street names (a stop and a street of one name: the stop).
    if (f.properties.layer === "stop" && !stops.has(f.properties.name)) stops.set(f.properties.name, [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  }
  for (const f of geo.features) {
    if (f.properties.layer === "name" && !stops.has(f.properties.name)) stops.set(f.properties.name, [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  }
  list.replaceChildren(...[...stops.keys()].sort().map((n) => Object.assign(document.createElement("option"), { value: n })));
  showForm();
  document.body.dataset["ready"] = "true";
  if (state.from && state.to) await runPlan();
}

void start().catch((e: unknown) => {
  status.textContent = e instanceof Error ? e.message : String(e);
});
