// The node's traveler API, typed from its OpenAPI document (src/generated/api.ts, by openapi-typescript).
import type { components } from "./generated/api";

export type PlanResponse = components["schemas"]["PlanResponse"];
export type Itinerary = components["schemas"]["ItineraryDto"];
export type Leg = components["schemas"]["LegDto"];
export type PlanArea = components["schemas"]["PlanAreaResponse"];

export interface PlanQuery {
  from: [number, number];
  to: [number, number];
  modes: string[];
  time: string | null;
  arriveBy: boolean;
  rider: string | null;
}

/** An RFC 9457 answer, with the message of the first invalid parameter when there is one. */
export class ApiError extends Error {}

/** The OpenAPI document types doubles as number | string; the node sends numbers. */
export const num = (v: number | string): number => (typeof v === "number" ? v : Number(v));

const coord = (p: [number, number]): string => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;

export async function plan(q: PlanQuery, signal?: AbortSignal): Promise<PlanResponse> {
  const params = new URLSearchParams({ from: coord(q.from), to: coord(q.to), modes: q.modes.join(",") });
  if (q.time) params.set(q.arriveBy ? "arriveBy" : "depart", q.time);
  if (q.rider) params.set("rider", q.rider);
  return getJson<PlanResponse>(`/plan?${params}`, signal);
}

export const area = (): Promise<PlanArea> => getJson<PlanArea>("/plan/area");

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" }, signal: signal ?? null });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = body as { title?: string; detail?: string; errors?: Record<string, string[]> } | null;
    const first = problem?.errors ? Object.values(problem.errors)[0]?.[0] : undefined;
    throw new ApiError(first ?? problem?.detail ?? problem?.title ?? `HTTP ${response.status}`);
  }
  return body as T;
}
