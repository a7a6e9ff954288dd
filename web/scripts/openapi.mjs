// Refreshes openapi.json from a running node (default http://127.0.0.1:5080) and regenerates src/generated/api.ts
// with openapi-typescript, so the page's types follow the node's contracts: a renamed field fails `npm run build`.
//   node scripts/openapi.mjs [http://host:port]
import { writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const base = process.argv[2] ?? "http://127.0.0.1:5080";
const response = await fetch(new URL("/openapi/v1.json", base));
if (!response.ok) {
  console.error(`GET ${base}/openapi/v1.json answered ${response.status}: start a node first (dotnet run --project Actors/Mobility.Node).`);
  process.exit(1);
}
const doc = await response.json();
await writeFile(join(root, "openapi.json"), JSON.stringify(doc, null, 2) + "\n");
execFileSync(join(root, "node_modules/.bin/openapi-typescript"), ["openapi.json", "-o", "src/generated/api.ts"], { cwd: root, stdio: "inherit" });
