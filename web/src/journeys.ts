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
