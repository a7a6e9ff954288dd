// Builds the pages into Actors/Mobility.Node/ui (committed, so the node needs no Node.js to serve them):
// esbuild bundles src/main.ts (MapLibre stays its own module: it finds its worker beside itself through
// import.meta.url), copies index.html, app.css and MapLibre's files, and writes build-stamp.json: a hash of the page
// sources (SourceHash below) and of every output file. A .NET test recomputes both, so a stale or hand-edited bundle
// fails `dotnet test` on a machine without Node.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "..", "Actors", "Mobility.Node", "ui");

// The page sources: what the stamp covers (the .NET test lists the same).
const sourceRoots = ["src", "index.html", "operator.html", "authority.html", "me.html", "app.css", "package.json", "package-lock.json", "openapi.json", "tsconfig.json", "scripts/build.mjs"];

async function files(path) {
  const full = join(root, path);
  try {
    const entries = await readdir(full, { withFileTypes: true });
    const nested = await Promise.all(entries.map((e) => files(join(path, e.name))));
    return nested.flat();
  } catch (e) {
    if (e.code === "ENOTDIR") return [path.split(sep).join("/")];
    throw e;
  }
}

// SHA-256 over, for each file in ordinal order of its path: the path, "\n", the byte length, "\n", the bytes.
async function sourceHash(paths, base) {
  const hash = createHash("sha256");
  for (const p of [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const bytes = await readFile(join(base, p));
    hash.update(`${p}\n${bytes.length}\n`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: join(root, "src", "main.ts"), operator: join(root, "src", "operator.ts"), authority: join(root, "src", "authority.ts"), me: join(root, "src", "me.ts") },
  outdir: out,
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  sourcemap: false,
  // MapLibre is served as its own module beside app.js: it loads its worker from its own URL.
  plugins: [{ name: "maplibre-beside", setup: (b) => b.onResolve({ filter: /^maplibre-gl$/ }, () => ({ path: "./maplibre-gl.mjs", external: true })) }],
  logLevel: "warning",
});
const maplibre = join(root, "node_modules", "maplibre-gl", "dist");
for (const f of ["maplibre-gl.mjs", "maplibre-gl-worker.mjs", "maplibre-gl.css"]) {
  await copyFile(join(maplibre, f), join(out, f));
}
await copyFile(join(root, "index.html"), join(out, "index.html"));
await copyFile(join(root, "operator.html"), join(out, "operator.html"));
await copyFile(join(root, "authority.html"), join(out, "authority.html"));
await copyFile(join(root, "me.html"), join(out, "me.html"));
await copyFile(join(root, "app.css"), join(out, "app.css"));

const sources = (await Promise.all(sourceRoots.map(files))).flat();
const outputs = {};
for (const f of (await readdir(out)).sort()) {
  outputs[f] = createHash("sha256").update(await readFile(join(out, f))).digest("hex");
}
const stamp = { sources: await sourceHash(sources, root), sourceFiles: sources.length, outputs };
await writeFile(join(out, "build-stamp.json"), JSON.stringify(stamp, null, 2) + "\n");
console.log(`built ${relative(root, out)}: ${Object.keys(outputs).length} files, sources ${stamp.sources.slice(0, 12)}`);
