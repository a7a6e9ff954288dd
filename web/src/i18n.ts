// Plain French and English wording; the page's language comes from ?lang=, else the browser's.
export type Lang = "fr" | "en";

const words = {
  title: { en: "Plan a trip", fr: "Préparer un trajet" },
  from: { en: "From", fr: "Départ" },
  to: { en: "To", fr: "Arrivée" },
  searchHint: { en: "Type a stop name, or click the map", fr: "Tapez un nom d'arrêt, ou cliquez sur la carte" },
  modes: { en: "Ways to travel", fr: "Modes de déplacement" },
  walk: { en: "Walk", fr: "Marche" },
  transit: { en: "Bus and tram", fr: "Bus et tram" },
  bike: { en: "Own bike", fr: "Vélo personnel" },
  bikeshare: { en: "Shared bikes and scooters", fr: "Vélos et trottinettes en partage" },
  carpool: { en: "Carpool", fr: "Covoiturage" },
  "car-pr": { en: "Car to park-and-ride", fr: "Voiture jusqu'au parking relais" },
  when: { en: "When", fr: "Quand" },
  departAt: { en: "Leave at", fr: "Partir à" },
  arriveBy: { en: "Arrive by", fr: "Arriver avant" },
  now: { en: "leave empty for now", fr: "vide : maintenant" },
  plan: { en: "Plan", fr: "Rechercher" },
  fromMarker: { en: "Departure point on the map (drag to move)", fr: "Point de départ sur la carte (déplaçable)" },
  toMarker: { en: "Arrival point on the map (drag to move)", fr: "Point d'arrivée sur la carte (déplaçable)" },
  swap: { en: "Swap from and to", fr: "Inverser départ et arrivée" },
  showMap: { en: "Show the map", fr: "Afficher la carte" },
  hideMap: { en: "Hide the map", fr: "Masquer la carte" },
  map: { en: "Map of the territory: click to set the departure, then the arrival; drag a marker to change it", fr: "Carte du territoire : cliquez pour placer le départ, puis l'arrivée ; déplacez un repère pour le changer" },
  results: { en: "Itineraries", fr: "Itinéraires" },
  oneResult: { en: "1 itinerary", fr: "1 itinéraire" },
  planning: { en: "Searching…", fr: "Recherche…" },
  none: { en: "No itinerary found", fr: "Aucun itinéraire trouvé" },
  pickBoth: { en: "Choose a departure and an arrival: type a stop name or click the map.", fr: "Choisissez un départ et une arrivée : tapez un nom d'arrêt ou cliquez sur la carte." },
  unknownStop: { en: "No stop has this name", fr: "Aucun arrêt ne porte ce nom" },
  transfers: { en: "transfers", fr: "correspondances" },
  walking: { en: "walking", fr: "à pied" },
  estimated: { en: "straight line: no street data here", fr: "à vol d'oiseau : rues non cartographiées ici" },
  price: { en: "price", fr: "prix" },
  free: { en: "free", fr: "gratuit" },
  fareUnknown: { en: "fare unknown", fr: "tarif inconnu" },
  co2: { en: "CO₂", fr: "CO₂" },
  option: { en: "Option", fr: "Option" },
  show: { en: "Show on the map", fr: "Voir sur la carte" },
  rankedBy: { en: "Ranked by the published policy", fr: "Classés selon la règle publiée" },
  point: { en: "point on the map", fr: "point sur la carte" },
  language: { en: "Français", fr: "English" },
  opTitle: { en: "Operator console", fr: "Console opérateur" },
  apiKey: { en: "Operator API key", fr: "Clé d'API de l'opérateur" },
  signIn: { en: "Sign in", fr: "Se connecter" },
  signOut: { en: "Sign out", fr: "Se déconnecter" },
  keyHint: { en: "The key is exchanged for a token kept in this page only (never stored).", fr: "La clé est échangée contre un jeton gardé dans cette page seulement (jamais enregistré)." },
  signedInAs: { en: "Signed in as", fr: "Connecté en tant que" },
  notOperator: { en: "This key is not an operator's key.", fr: "Cette clé n'est pas celle d'un opérateur." },
  opName: { en: "Operator name", fr: "Nom de l'opérateur" },
  register: { en: "Register", fr: "Enregistrer" },
  registered: { en: "Operator registered", fr: "Opérateur enregistré" },
  feeds: { en: "Feeds", fr: "Flux" },
  offers: { en: "Carpool offers", fr: "Offres de covoiturage" },
  offerId: { en: "Offer", fr: "Offre" },
  departs: { en: "Departs", fr: "Départ" },
  seats: { en: "Seats (free)", fr: "Places (libres)" },
  seatsOffered: { en: "Seats offered", fr: "Places proposées" },
  action: { en: "Action", fr: "Action" },
  publish: { en: "Publish an offer", fr: "Publier une offre" },
  published: { en: "Published", fr: "Publiée" },
  withdraw: { en: "Withdraw", fr: "Retirer" },
  withdrawn: { en: "Withdrawn", fr: "Retirée" },
  waiting: { en: "Trips waiting for your answer", fr: "Trajets en attente de votre réponse" },
  trip: { en: "Trip", fr: "Trajet" },
  expires: { en: "Expires", fr: "Expire" },
  noneWaiting: { en: "No trip is waiting.", fr: "Aucun trajet en attente." },
  refresh: { en: "Refresh", fr: "Actualiser" },
  accept: { en: "Accept", fr: "Accepter" },
  deny: { en: "Deny", fr: "Refuser" },
  accepted: { en: "Accepted", fr: "Accepté" },
  denied: { en: "Denied", fr: "Refusé" },
  origin: { en: "Origin (lat,lon)", fr: "Origine (lat,lon)" },
  destination: { en: "Destination (lat,lon)", fr: "Destination (lat,lon)" },
  earliest: { en: "Leaves from", fr: "Départ à partir de" },
  latest: { en: "Leaves until", fr: "Départ jusqu'à" },
  detour: { en: "Detour (minutes)", fr: "Détour (minutes)" },
  baseCents: { en: "Base price (cents)", fr: "Prix de base (centimes)" },
  perKmCents: { en: "Price per km (cents)", fr: "Prix par km (centimes)" },
  authTitle: { en: "Incentive campaigns", fr: "Campagnes d'incitation" },
  authKey: { en: "Authority API key", fr: "Clé d'API de l'autorité" },
  notAuthority: { en: "This key is not an authority's key.", fr: "Cette clé n'est pas celle d'une autorité." },
  campaignDoc: { en: "Campaign document (JSON, see docs/campaigns.md)", fr: "Document de campagne (JSON, voir docs/campaigns.md)" },
  simulate: { en: "Check and simulate", fr: "Vérifier et simuler" },
  simulated: { en: "Simulated on the journeys known so far", fr: "Simulée sur les trajets connus à ce jour" },
  createDraft: { en: "Create the draft", fr: "Créer le brouillon" },
  draftCreated: { en: "Draft created", fr: "Brouillon créé" },
  activate: { en: "Activate", fr: "Activer" },
  activated: { en: "Activated", fr: "Activée" },
  createFirst: { en: "Create the draft first.", fr: "Créez d'abord le brouillon." },
  notJson: { en: "The document is not valid JSON", fr: "Le document n'est pas du JSON valide" },
  result: { en: "Result", fr: "Résultat" },
  verifyTitle: { en: "Verify an attestation", fr: "Vérifier une attestation" },
  verifyHint: { en: "Checked in this page, with the platform's public key only: the signature, the journey it states, the signed checkpoint and the inclusion proof. Nothing is sent to the node.", fr: "Vérifiée dans cette page, avec la seule clé publique de la plateforme : la signature, le trajet qu'elle atteste, le point de contrôle signé et la preuve d'inclusion. Rien n'est envoyé au nœud." },
  vkey: { en: "Platform verifier key (platform.vkey)", fr: "Clé de vérification de la plateforme (platform.vkey)" },
  vkeyHint: { en: "Filled from this node's /log/keys; paste a key you trust to check against it instead.", fr: "Remplie depuis /log/keys de ce nœud ; collez une clé en laquelle vous avez confiance pour vérifier avec elle." },
  attestation: { en: "Attestation (JSON): paste it, or drop its file here", fr: "Attestation (JSON) : collez-la, ou déposez son fichier ici" },
  attestationFile: { en: "Or choose its file", fr: "Ou choisissez son fichier" },
  verify: { en: "Verify", fr: "Vérifier" },
  verifying: { en: "Verifying…", fr: "Vérification…" },
  valid: { en: "Valid", fr: "Valide" },
  invalid: { en: "Invalid", fr: "Non valide" },
  validSummary: { en: "signed by the platform, and its journey is in the log under a signed checkpoint.", fr: "signée par la plateforme, et son trajet est dans le journal sous un point de contrôle signé." },
  engineWebcrypto: { en: "Ed25519 checked by the browser (WebCrypto)", fr: "Ed25519 vérifié par le navigateur (WebCrypto)" },
  engineJavascript: { en: "Ed25519 checked in JavaScript (this page is not a secure context, or the browser lacks Ed25519)", fr: "Ed25519 vérifié en JavaScript (page hors contexte sécurisé, ou navigateur sans Ed25519)" },
  operator: { en: "Operator", fr: "Opérateur" },
  journey: { en: "Journey", fr: "Trajet" },
  proofClass: { en: "Proof class", fr: "Classe de preuve" },
  journeyStatus: { en: "Status", fr: "Statut" },
  leafIndex: { en: "Leaf", fr: "Feuille" },
  treeSize: { en: "Leaves", fr: "Feuilles" },
  logOrigin: { en: "Log", fr: "Journal" },
  noKey: { en: "No verifier key: paste the platform's platform.vkey.", fr: "Aucune clé de vérification : collez le platform.vkey de la plateforme." },
  emptyAttestation: { en: "Paste or drop an attestation first.", fr: "Collez ou déposez d'abord une attestation." },
  logTitle: { en: "The transparency log", fr: "Le journal de transparence" },
  logHint: { en: "Checkpoints are signed summaries of the log. A consistency check proves that the newer one only adds leaves to the older one: nothing was removed or changed.", fr: "Les points de contrôle sont des résumés signés du journal. Une vérification de cohérence prouve que le plus récent ne fait qu'ajouter des feuilles au plus ancien : rien n'a été retiré ni modifié." },
  fetchCheckpoint: { en: "Fetch the latest checkpoint", fr: "Récupérer le dernier point de contrôle" },
  checkpointsSeen: { en: "Checkpoints seen in this page", fr: "Points de contrôle vus dans cette page" },
  fetchedAt: { en: "Seen at", fr: "Vu à" },
  rootHash: { en: "Root hash", fr: "Hachage racine" },
  use: { en: "Use", fr: "Utiliser" },
  asOlder: { en: "As older", fr: "Comme ancien" },
  asNewer: { en: "As newer", fr: "Comme récent" },
  fromAttestation: { en: "from the attestation", fr: "de l'attestation" },
  checkpointOk: { en: "Checkpoint signature verified", fr: "Signature du point de contrôle vérifiée" },
  olderCheckpoint: { en: "Older checkpoint (signed note)", fr: "Point de contrôle ancien (note signée)" },
  newerCheckpoint: { en: "Newer checkpoint (signed note)", fr: "Point de contrôle récent (note signée)" },
  checkConsistency: { en: "Check consistency", fr: "Vérifier la cohérence" },
  consistent: { en: "Consistent", fr: "Cohérent" },
  inconsistent: { en: "Not consistent", fr: "Non cohérent" },
  consistentSummary: { en: "the log of {n} leaves extends the log of {m} leaves ({k} proof hashes recomputed in this page).", fr: "le journal de {n} feuilles prolonge celui de {m} feuilles ({k} hachages de preuve recalculés dans cette page)." },
  twoCheckpoints: { en: "Give two checkpoints: fetch the latest, or verify an attestation to use its checkpoint.", fr: "Indiquez deux points de contrôle : récupérez le dernier, ou vérifiez une attestation pour utiliser le sien." },
  mapUnavailable: { en: "The map cannot be drawn in this browser (WebGL is off); plans still work.", fr: "La carte ne peut pas s'afficher dans ce navigateur (WebGL désactivé) ; la recherche fonctionne." },
} satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof words;

let current: Lang = "en";

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    el.textContent = t(el.dataset["i18n"] as WordKey);
  }
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset["i18nLabel"] as WordKey));
  }
  for (const el of document.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset["i18nPlaceholder"] as WordKey);
  }
}

export function lang(): Lang {
  return current;
}

export function t(key: WordKey): string {
  return words[key]?.[current] ?? key;
}

export function pickLang(requested: string | null): Lang {
  if (requested === "fr" || requested === "en") return requested;
  return navigator.language.toLowerCase().startsWith("fr") ? "fr" : "en";
}
