// The table of carpool journeys shared by the operator console and the authority page: proof class, the rules a
// journey failed (its labels), its status and, once revoked, the log leaf that revoked it.
import type { components } from "./generated/api";
import { num } from "./api";
import { t } from "./i18n";

export type JourneySummary = components["schemas"]["SummaryResponse"];
export type JourneyList = components["schemas"]["ListResponse"];

/** Appends one row per journey; actions, when given, fills the last cell. */
export function appendJourneys(body: HTMLTableSectionElement, journeys: JourneySummary[], actions?: (cell: HTMLTableCellElement, j: JourneySummary) => void): void {
  for (const j of journeys) {
    const tr = body.insertRow();
    tr.dataset["journey"] = j.operator_journey_id;
    tr.dataset["operator"] = j.operator_id;
    tr.dataset["status"] = j.status;
    tr.insertCell().textContent = j.operator_id;
    tr.insertCell().textContent = j.operator_journey_id;
    tr.insertCell().textContent = j.start.slice(0, 16).replace("T", " ");
    tr.insertCell().textContent = j.proof_class;
    const status = tr.insertCell();
    status.className = "journey-status";
    status.textContent = j.revocation_leaf_index == null ? j.status : `${j.status}, ${t("revokedAt")} ${num(j.revocation_leaf_index)}`;
    tr.insertCell().textContent = j.labels.join(", ");
    tr.insertCell().textContent = String(num(j.leaf_index));
    if (actions) actions(tr.insertCell(), j);
  }
}

export interface JourneyBrowser {
  /** Shows the first page for the filters, or the next page below the rows shown. */
  load(more: boolean): Promise<string>;
}

/**
 * The journey list of a page: the filters #filter-status (and #filter-operator where the page has it), the table
 * #journeys, #journeys-more for the node's next page and #no-journeys. path is /v3/journeys (an operator's own) or
 * /authority/journeys (the territory's).
 */
export function journeyBrowser(path: string, get: (url: string) => Promise<JourneyList>,
  actions?: (cell: HTMLTableCellElement, j: JourneySummary) => void): JourneyBrowser {
  const $ = <T extends HTMLElement>(id: string): T | null => document.getElementById(id) as T | null;
  let next: number | string | null = null;
  return {
    async load(more: boolean): Promise<string> {
      const q = new URLSearchParams({ limit: "50" });
      const operator = $<HTMLInputElement>("filter-operator")?.value.trim();
      const status = $<HTMLSelectElement>("filter-status")?.value;
      if (operator) q.set("operator", operator);
      if (status) q.set("status", status);
      if (more && next !== null) q.set("after", String(next));
      const list = await get(`${path}?${q}`);
      const body = $<HTMLTableElement>("journeys")!.tBodies[0]!;
      if (!more) body.replaceChildren();
      appendJourneys(body, list.journeys, actions);
      next = list.next ?? null;
      $("journeys-more")!.hidden = next === null;
      $("no-journeys")!.hidden = body.rows.length > 0;
      return `${t("journeysShown")} ${body.rows.length}`;
    },
  };
}
