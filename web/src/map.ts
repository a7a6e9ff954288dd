// The territory drawn with MapLibre GL from the node's own GeoJSON (GET /plan/map): no tile server, no glyphs.
import * as maplibregl from "maplibre-gl";
import type { Itinerary } from "./api";
import { t } from "./i18n";

export const modeColors: Record<string, string> = {
  walk: "#5A5A5A",
  bike: "#1B7F3B",
  bikeshare: "#1B7F3B",
  scooter: "#6B3FA0",
  carpool: "#B5470B",
  car: "#7A4B00",
  transit: "#1F5FA8",
};

export interface MapEvents {
  pick(point: [number, number]): void;
  moved(which: "from" | "to", point: [number, number]): void;
}

const empty = (): GeoJSON.FeatureCollection => ({ type: "FeatureCollection", features: [] });

export class TripMap {
  private readonly map: maplibregl.Map;
  private readonly markers: Partial<Record<"from" | "to", maplibregl.Marker>> = {};
  private ready: Promise<void>;

  constructor(container: HTMLElement, bounds: [[number, number], [number, number]], private readonly events: MapEvents) {
    this.map = new maplibregl.Map({
      container,
      bounds,
      fitBoundsOptions: { padding: 20 },
      attributionControl: false,
      style: {
        version: 8,
        sources: {
          territory: { type: "geojson", data: "/plan/map" },
          legs: { type: "geojson", data: empty() },
        },
        layers: [
          { id: "background", type: "background", paint: { "background-color": "#F4F1EA" } },
          { id: "streets", type: "line", source: "territory", filter: ["==", ["get", "layer"], "street"],
            paint: { "line-color": ["case", ["get", "car"], "#FFFFFF", "#E2DCCD"], "line-width": ["interpolate", ["linear"], ["zoom"], 12, 1, 17, 6] } },
          { id: "lines", type: "line", source: "territory", filter: ["==", ["get", "layer"], "line"],
            paint: { "line-color": ["get", "color"], "line-width": 2, "line-opacity": 0.55 } },
          { id: "stops", type: "circle", source: "territory", filter: ["==", ["get", "layer"], "stop"], minzoom: 13,
            paint: { "circle-radius": 3, "circle-color": "#FFFFFF", "circle-stroke-color": "#1F5FA8", "circle-stroke-width": 1.5 } },
          { id: "legs-other", type: "line", source: "legs", filter: ["!", ["get", "selected"]],
            paint: { "line-color": "#8A8A8A", "line-width": 3, "line-opacity": 0.6 } },
          { id: "legs-selected", type: "line", source: "legs", filter: ["get", "selected"],
            layout: { "line-cap": "round", "line-join": "round" },
            paint: { "line-color": ["get", "color"], "line-width": 6, "line-dasharray": ["case", ["==", ["get", "mode"], "walk"], ["literal", [1, 1.5]], ["literal", [1, 0]]] } },
        ],
      },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    this.map.getCanvas().setAttribute("aria-label", t("map"));
    this.map.on("click", (e) => this.events.pick([e.lngLat.lat, e.lngLat.lng]));
    this.ready = new Promise((resolve) => this.map.once("load", () => resolve()));
  }

  resize(): void {
    this.map.resize();
  }

  /** Places (or moves) a draggable marker; dragging it asks for a new plan. */
  setMarker(which: "from" | "to", point: [number, number] | null): void {
    const existing = this.markers[which];
    if (!point) {
      existing?.remove();
      delete this.markers[which];
      return;
    }
    if (existing) {
      existing.setLngLat([point[1], point[0]]);
      return;
    }
    const marker = new maplibregl.Marker({ draggable: true, color: which === "from" ? "#1B7F3B" : "#B3261E" })
      .setLngLat([point[1], point[0]])
      .addTo(this.map);
    const el = marker.getElement();
    el.setAttribute("aria-label", which === "from" ? t("fromMarker") : t("toMarker"));
    el.dataset["marker"] = which;
    marker.on("dragend", () => {
      const p = marker.getLngLat();
      this.events.moved(which, [p.lat, p.lng]);
    });
    this.markers[which] = marker;
  }

  /** Draws every itinerary's legs, the selected one in its modes' colours; resolves when the map has drawn them. */
  async drawItineraries(itineraries: readonly Itinerary[], selected: number): Promise<void> {
    await this.ready;
    const features = itineraries.flatMap((it, i) =>
      it.legs.map((leg) => ({
        type: "Feature" as const,
        // The node's LegDto.geometry is a GeoJSON LineString (its OpenAPI type is an opaque JsonElement).
        geometry: leg.geometry as unknown as GeoJSON.LineString,
        properties: { itinerary: i, selected: i === selected, mode: leg.mode, color: modeColors[leg.mode] ?? "#1F5FA8" },
      })),
    );
    // Draw the selected itinerary last, above the others.
    features.sort((a, b) => Number(a.properties.selected) - Number(b.properties.selected));
    const source = this.map.getSource("legs") as maplibregl.GeoJSONSource;
    const drawn = new Promise<void>((resolve) => this.map.once("idle", () => resolve()));
    void source.setData({ type: "FeatureCollection", features });
    this.map.triggerRepaint();
    await drawn;
    this.map.getContainer().dataset["legs"] = String(features.length);
  }
}
