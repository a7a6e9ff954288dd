// The plan lives in the URL (?from=LAT,LON&to=LAT,LON&modes=..&depart=..|arriveBy=..&rider=..&i=N&lang=..), so a link or a
// reload gives the same plan.
import type { Lang } from "./i18n";

export const allModes = ["walk", "transit", "bike", "bikeshare", "carpool", "car-pr"] as const;

export interface PageState {
  from: [number, number] | null;
  to: [number, number] | null;
  modes: string[];
  time: string | null;
  arriveBy: boolean;
  rider: string | null;
  selected: number;
  lang: Lang | null;
}

function point(text: string | null): [number, number] | null {
  if (!text) return null;
  const parts = text.split(",").map(Number);
  const [lat, lon] = parts;
  return parts.length === 2 && lat !== undefined && lon !== undefined && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
    ? [lat, lon]
    : null;
}

export function readState(search: string): PageState {
  const p = new URLSearchParams(search);
  const modes = (p.get("modes") ?? "walk,transit").split(",").filter((m) => (allModes as readonly string[]).includes(m));
  const arriveBy = p.has("arriveBy");
  const time = p.get(arriveBy ? "arriveBy" : "depart");
  const selected = Number(p.get("i") ?? "0");
  const lang = p.get("lang");
  return {
    from: point(p.get("from")),
    to: point(p.get("to")),
    modes: modes.length > 0 ? modes : ["walk", "transit"],
    time: time && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(time) ? time : null,
    arriveBy,
    rider: /^[A-Za-z0-9._-]{1,64}$/.test(p.get("rider") ?? "") ? p.get("rider") : null,
    selected: Number.isInteger(selected) && selected >= 0 && selected < 100 ? selected : 0,
    lang: lang === "fr" || lang === "en" ? lang : null,
  };
}

export function writeState(s: PageState): string {
  const p = new URLSearchParams();
  if (s.from) p.set("from", `${s.from[0].toFixed(6)},${s.from[1].toFixed(6)}`);
  if (s.to) p.set("to", `${s.to[0].toFixed(6)},${s.to[1].toFixed(6)}`);
  p.set("modes", s.modes.join(","));
  if (s.time) p.set(s.arriveBy ? "arriveBy" : "depart", s.time);
  if (s.rider) p.set("rider", s.rider);
  if (s.selected > 0) p.set("i", String(s.selected));
  if (s.lang) p.set("lang", s.lang);
  return `?${p.toString().replaceAll("%2C", ",").replaceAll("%3A", ":")}`;
}
