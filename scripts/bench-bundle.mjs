// What the Kratix frontend plugin adds to the app's bundle (see scripts/bench-bundle.sh).
//
// Builds packages/app with the bundler configuration `backstage-cli package build` uses (its
// own createConfig, rspack, production mode, minified, with source maps), three times:
// - "with": the app as it is (the plugin discovered through `app.packages: all`);
// - "without": the Kratix plugin left out of the discovered packages (as
//   `app.packages: { exclude: [...] }` would);
// - "classic": "without", plus every export of the plugin's main entry point referenced, as
//   a classic app imports the legacy exports in its own code (none can be tree-shaken away).
// The outputs go to a temporary folder; nothing in the repository is written. The
// discovered-packages module the real build writes into packages/app/node_modules (which
// `yarn start` watches) is replaced by one of our own under packages/app/node_modules/.cache,
// removed at the end.
//
// Prints, gzipped (level 9, each emitted file as a whole): the whole app, the initial load
// (the files of the app's entry point, which index.html loads) and the lazy chunks, for each
// build and their differences; the Kratix plugin's own code (plugins/kratix,
// plugins/kratix-common) by file, initial and lazy; and the largest contributors to the
// difference, by npm package or Kratix source folder. Within one file, each source's share of
// the file's gzipped size is its share of the file's minified characters (from its source map).
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KRATIX_PACKAGES = ['@kratix-backstage/plugin-kratix'];
const TARGET_KB = Number(process.env.BENCH_TARGET_KB ?? 300);
const TOP = Number(process.env.BENCH_TOP ?? 15);
const KEEP = process.env.BENCH_KEEP_OUTPUT === '1';
const BUILDS = (process.env.BENCH_BUILDS ?? 'with,without,classic')
  .split(',')
  .map(s => s.trim())
  .filter(Boolean);

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = join(repo, 'packages/app');
process.chdir(appDir); // backstage-cli's paths are relative to the package it builds
const appRequire = createRequire(join(appDir, 'package.json'));
const cliBuildDir = dirname(
  appRequire.resolve('@backstage/cli-module-build/package.json'),
);
const cliRequire = createRequire(join(cliBuildDir, 'package.json'));
const { loadCliConfig } = cliRequire('./dist/lib/config.cjs.js');
const { resolveBundlingPaths } = cliRequire('./dist/lib/bundler/paths.cjs.js');
const { createConfig } = cliRequire('./dist/lib/bundler/config.cjs.js');
const { createRuntimeSharedDependenciesEntryPoint } = cliRequire(
  './dist/lib/bundler/moduleFederation.cjs.js',
);
const { rspack } = cliRequire('@rspack/core');

const outDir = mkdtempSync(join(tmpdir(), 'kratix-bench-bundle-'));
const entryDir = join(
  appDir,
  'node_modules/.cache',
  `kratix-bench-bundle-${process.pid}`,
);
const cacheDir = dirname(entryDir);
const cacheDirExisted = existsSync(cacheDir);
const SHARED_DEPS =
  '__backstage-module-federation-runtime-shared-dependencies__';
const sharedDepsFile = join(appDir, 'node_modules', `${SHARED_DEPS}.js`);
const sharedDepsExisted = existsSync(sharedDepsFile);

function cleanUp() {
  rmSync(entryDir, { recursive: true, force: true });
  if (!cacheDirExisted) rmSync(cacheDir, { recursive: true, force: true });
  if (!sharedDepsExisted) rmSync(sharedDepsFile, { force: true });
  if (!KEEP) rmSync(outDir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

const kb = n => `${(n / 1024).toFixed(1)} KB`;
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(0)}%` : '-');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** The app's frontend plugins, as backstage-cli's package detection finds them. */
function detectedPackages(exclude) {
  const pkg = appRequire('./package.json');
  return Object.keys(pkg.dependencies ?? {}).flatMap(name => {
    if (exclude.includes(name)) return [];
    let dep;
    try {
      dep = appRequire(`${name}/package.json`);
    } catch {
      return [];
    }
    const role = dep.backstage?.role ?? '';
    if (!['frontend-plugin', 'frontend-plugin-module'].includes(role))
      return [];
    const alpha =
      dep.exports &&
      typeof dep.exports === 'object' &&
      './alpha' in dep.exports;
    return alpha
      ? [
          { name, import: name },
          { name, export: './alpha', import: `${name}/alpha` },
        ]
      : [{ name, import: name }];
  });
}

/**
 * A classic app imports the plugin's legacy exports in its own code: the "classic" build
 * leaves the plugin out of discovery and references every export of its main entry point
 * instead (so none can be tree-shaken away), the most a classic app can pull in.
 */
const CLASSIC = `window['__kratix_bench_classic__'] = require(${JSON.stringify(
  KRATIX_PACKAGES[0],
)});`;

async function writeDetectedModule(label, exclude) {
  const pkgs = detectedPackages(exclude);
  const file = join(entryDir, `${label}-discovered.js`);
  await mkdir(entryDir, { recursive: true });
  const modules = pkgs
    .map(
      p =>
        `{ name: ${JSON.stringify(p.name)}, export: ${JSON.stringify(
          p.export,
        )}, default: require(${JSON.stringify(p.import)}).default }`,
    )
    .join(',');
  await writeFile(
    file,
    `window['__@backstage/discovered__'] = { modules: [${modules}] };${
      label === 'classic' ? `\n${CLASSIC}` : ''
    }`,
  );
  return { file, names: [...new Set(pkgs.map(p => p.name))] };
}

async function build(label, exclude, cliConfig) {
  const dist = join(outDir, label);
  const paths = resolveBundlingPaths({
    targetDir: appDir,
    entry: 'src/index',
    dist,
  });
  const discovered = await writeDetectedModule(label, exclude);
  const sharedDeps = sharedDepsExisted
    ? [SHARED_DEPS]
    : await createRuntimeSharedDependenciesEntryPoint({
        targetPath: paths.targetPath,
      });
  const config = await createConfig(paths, {
    ...cliConfig,
    targetDir: appDir,
    entry: 'src/index',
    checksEnabled: false,
    isDev: false,
    getFrontendAppConfigs: () => cliConfig.frontendAppConfigs,
    additionalEntryPoints: sharedDeps,
    deferredEntryPoints: [discovered.file],
    appMode: 'public',
  });
  const started = Date.now();
  const compiler = rspack(config);
  const stats = await new Promise((ok, fail) =>
    compiler.run((err, s) => (err ? fail(err) : ok(s))),
  );
  await new Promise(ok => compiler.close(ok));
  const json = stats.toJson({
    all: false,
    errors: true,
    entrypoints: true,
    assets: true,
  });
  if (json.errors?.length) {
    throw new Error(
      `build "${label}" failed:\n${json.errors.map(e => e.message).join('\n')}`,
    );
  }
  const initial = new Set(
    Object.values(json.entrypoints ?? {}).flatMap(e =>
      e.assets.map(a => a.name),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `[bench-bundle] built "${label}" in ${seconds.toFixed(0)} s (${
      discovered.names.length
    } discovered plugin packages${
      exclude.length ? `, without ${exclude.join(', ')}` : ''
    })`,
  );
  return analyse(dist, initial);
}

// --- source maps: minified characters per original source -----------------------------

const B64 = new Map(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map(
    (c, i) => [c, i],
  ),
);

/** Decodes one segment's VLQ fields. */
function decodeSegment(segment) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.get(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/** Characters of the generated file per source index (-1: unmapped). */
function charsBySource(code, map) {
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  const out = new Map();
  const add = (src, n) => n > 0 && out.set(src, (out.get(src) ?? 0) + n);
  let source = 0;
  for (let l = 0; l < lines.length; l++) {
    const length = lines[l].length + 1; // with its newline
    const segments = (mappingLines[l] ?? '').split(',').filter(Boolean);
    let column = 0;
    let lastColumn = 0;
    let lastSource = -1;
    for (const seg of segments) {
      const f = decodeSegment(seg);
      column += f[0];
      add(lastSource, column - lastColumn);
      if (f.length >= 4) {
        source += f[1];
        lastSource = source;
      } else {
        lastSource = -1;
      }
      // Only the source index is needed (its delta runs on across lines); the original
      // line, column and name are not.
      lastColumn = column;
    }
    add(lastSource, length - lastColumn);
  }
  return out;
}

/** Who a source file belongs to: a Kratix source folder, an npm package, or the app. */
function groupOf(source) {
  const path = source.replace(/^webpack:\/\/[^/]*\//, '').replace(/\?.*$/, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const kratix = path.match(/plugins\/(kratix(?:-common)?)\/src\/(.*)$/);
  if (kratix) {
    const parts = kratix[2].split('/');
    const folder =
      parts.length > 2
        ? parts.slice(0, 2).join('/')
        : parts.length === 2
        ? parts[0]
        : '';
    return `plugins/${kratix[1]}/src${folder ? `/${folder}` : ''}`;
  }
  if (path.includes('packages/app/')) return 'packages/app';
  return '(bundler runtime and other)';
}

const isKratixGroup = g =>
  g.startsWith('plugins/kratix/') || g.startsWith('plugins/kratix-common/');

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath ?? e.path, e.name)));
}

async function analyse(dist, initialNames) {
  const files = (await listFiles(dist)).filter(f => /\.(js|css)$/.test(f));
  const result = {
    files: [],
    // group -> { raw, gzip, rawInitial, gzipInitial }
    groups: new Map(),
  };
  for (const name of files) {
    const code = await readFile(join(dist, name), 'utf8');
    const raw = Buffer.byteLength(code);
    const gzip = gzipSync(code, { level: 9 }).length;
    const initial = initialNames.has(name);
    const file = { name, raw, gzip, initial, key: '', label: '' };
    result.files.push(file);
    const mapFile = join(dist, `${name}.map`);
    let perSource = new Map([[-1, code.length]]);
    let sources = [];
    if (existsSync(mapFile)) {
      const map = JSON.parse(await readFile(mapFile, 'utf8'));
      sources = map.sources;
      perSource = charsBySource(code, map);
    }
    const total = [...perSource.values()].reduce((a, b) => a + b, 0) || 1;
    file.key = `${initial}:${[...sources].sort().join('|')}`;
    // What the file mostly holds: its three largest groups.
    const byGroup = new Map();
    for (const [index, chars] of perSource) {
      const group = index < 0 ? '(unmapped)' : groupOf(sources[index] ?? '');
      byGroup.set(group, (byGroup.get(group) ?? 0) + chars);
    }
    file.label = [...byGroup]
      .filter(([g]) => g !== '(unmapped)')
      .sort((x, y) => y[1] - x[1])
      .slice(0, 3)
      .map(([g, c]) => `${g} ${pct(c, total)}`)
      .join(', ');
    for (const [index, chars] of perSource) {
      const group = index < 0 ? '(unmapped)' : groupOf(sources[index] ?? '');
      const g = result.groups.get(group) ?? {
        raw: 0,
        gzip: 0,
        rawInitial: 0,
        gzipInitial: 0,
      };
      const share = chars / total;
      g.raw += raw * share;
      g.gzip += gzip * share;
      if (initial) {
        g.rawInitial += raw * share;
        g.gzipInitial += gzip * share;
      }
      g.files = (g.files ?? new Set()).add(name);
      g.byFile = (g.byFile ?? new Map()).set(
        name,
        (g.byFile?.get(name) ?? 0) + gzip * share,
      );
      result.groups.set(group, g);
    }
  }
  const sum = (list, key) => list.reduce((a, f) => a + f[key], 0);
  const initialFiles = result.files.filter(f => f.initial);
  const lazyFiles = result.files.filter(f => !f.initial);
  result.total = {
    raw: sum(result.files, 'raw'),
    gzip: sum(result.files, 'gzip'),
    count: result.files.length,
  };
  result.initial = {
    raw: sum(initialFiles, 'raw'),
    gzip: sum(initialFiles, 'gzip'),
    count: initialFiles.length,
  };
  result.lazy = {
    raw: sum(lazyFiles, 'raw'),
    gzip: sum(lazyFiles, 'gzip'),
    count: lazyFiles.length,
  };
  result.kratixFiles = new Set(
    [...result.groups]
      .filter(([g]) => isKratixGroup(g))
      .flatMap(([, v]) => [...v.files]),
  );
  return result;
}

function printBuild(label, r) {
  console.log(
    `  ${pad(label, 8)} all ${lpad(kb(r.total.gzip), 10)} gzip (${kb(
      r.total.raw,
    )} min, ${r.total.count} files)` +
      ` | initial ${lpad(kb(r.initial.gzip), 10)} (${r.initial.count} files)` +
      ` | lazy ${lpad(kb(r.lazy.gzip), 10)} (${r.lazy.count} files)`,
  );
}

async function main() {
  console.log(
    `[bench-bundle] output in ${outDir}${
      KEEP ? ' (kept)' : ' (removed at the end)'
    }`,
  );
  const cliConfig = await loadCliConfig({ args: [], fromPackage: 'app' });
  const results = {};
  for (const label of BUILDS) {
    if (!['with', 'without', 'classic'].includes(label)) {
      throw new Error(`unknown build "${label}"`);
    }
    results[label] = await build(
      label,
      label === 'with' ? [] : KRATIX_PACKAGES,
      cliConfig,
    );
  }
  const { with: w, without: wo, classic } = results;

  console.log('\nThe app, gzipped (KB = 1,024 bytes):');
  if (w) printBuild('with', w);
  if (wo) printBuild('without', wo);
  if (classic) printBuild('classic', classic);

  if (wo && [...wo.groups.keys()].some(isKratixGroup)) {
    throw new Error('the build without the plugin still holds Kratix sources');
  }
  if (w && ![...w.groups.keys()].some(isKratixGroup)) {
    throw new Error('the build with the plugin holds no Kratix sources');
  }

  if (w) {
    const own = [...w.groups].filter(([g]) => isKratixGroup(g));
    const ownGzip = own.reduce((a, [, v]) => a + v.gzip, 0);
    const ownInitial = own.reduce((a, [, v]) => a + v.gzipInitial, 0);
    const lazyChunks = [...w.kratixFiles].filter(
      f => !w.files.find(x => x.name === f).initial,
    );
    console.log(
      `\nThe plugin's own code (plugins/kratix, plugins/kratix-common), gzipped share: ${kb(
        ownGzip,
      )}` +
        ` = initial ${kb(ownInitial)} + lazy ${kb(ownGzip - ownInitial)} (in ${
          lazyChunks.length
        } lazy chunks)`,
    );
    console.log(
      '  the files that hold it (gzipped; the Kratix share of each):',
    );
    for (const f of w.files
      .filter(x => w.kratixFiles.has(x.name))
      .sort((a, b) => b.gzip - a.gzip)) {
      const share = own.reduce(
        (a, [, v]) => a + (v.byFile.get(f.name) ?? 0),
        0,
      );
      console.log(
        `    ${lpad(kb(f.gzip), 10)}  ${pad(
          f.initial ? 'initial' : 'lazy',
          7,
        )}  ${f.name} (Kratix code ${kb(share)})`,
      );
    }
    console.log('  its initial part, by folder:');
    for (const [g, v] of own
      .filter(([, v]) => v.gzipInitial > 0)
      .sort((a, b) => b[1].gzipInitial - a[1].gzipInitial)) {
      console.log(`    ${lpad(kb(v.gzipInitial), 10)}  ${g}`);
    }
    console.log('  its largest folders:');
    for (const [g, v] of own
      .sort((a, b) => b[1].gzip - a[1].gzip)
      .slice(0, TOP)) {
      console.log(
        `    ${lpad(kb(v.gzip), 10)}  ${g}${
          v.gzipInitial > 1 ? ` (initial ${kb(v.gzipInitial)})` : ''
        }`,
      );
    }
  }

  if (w && wo) {
    const added = w.total.gzip - wo.total.gzip;
    const addedInitial = w.initial.gzip - wo.initial.gzip;
    console.log(
      `\nWhat the Kratix plugin adds to the app (with - without), gzipped: ${kb(
        added,
      )}` +
        ` = initial ${kb(addedInitial)} + lazy ${kb(added - addedInitial)}` +
        ` (${pct(added, wo.total.gzip)} of the app without it; minified ${kb(
          w.total.raw - wo.total.raw,
        )})`,
    );
    const names = new Set([...w.groups.keys(), ...wo.groups.keys()]);
    const zero = { raw: 0, gzip: 0, rawInitial: 0, gzipInitial: 0 };
    const diffs = [...names]
      .map(g => {
        const a = w.groups.get(g) ?? zero;
        const b = wo.groups.get(g) ?? zero;
        return {
          g,
          gzip: a.gzip - b.gzip,
          initial: a.gzipInitial - b.gzipInitial,
        };
      })
      .sort((a, b) => b.gzip - a.gzip);
    // A file is the same chunk in both builds when it holds the same sources (chunk ids
    // and hashes may differ between builds).
    const keys = new Set(wo.files.map(f => f.key));
    const withKeys = new Set(w.files.map(f => f.key));
    const fresh = w.files
      .filter(f => !keys.has(f.key))
      .sort((x, y) => y.gzip - x.gzip);
    const gone = wo.files.filter(f => !withKeys.has(f.key));
    const sumGzip = list => list.reduce((acc, f) => acc + f.gzip, 0);
    console.log(
      `  by file: ${fresh.length} files differ from the build without it (${kb(
        sumGzip(fresh),
      )}),` +
        ` in place of ${gone.length} of its files (${kb(
          sumGzip(gone),
        )}); the largest:`,
    );
    // The bundler regroups modules when the plugin's are added: these are not all Kratix's.
    for (const f of fresh.slice(0, 6)) {
      console.log(
        `    ${lpad(kb(f.gzip), 10)}  ${pad(
          f.initial ? 'initial' : 'lazy',
          7,
        )}  ${f.name}  ${f.label}`,
      );
    }
    console.log(
      '  largest contributors (gzipped share, with - without; initial part in brackets):',
    );
    for (const d of diffs.filter(d => d.gzip > 0.05 * 1024).slice(0, TOP)) {
      console.log(`    ${lpad(kb(d.gzip), 10)} (${kb(d.initial)})  ${d.g}`);
    }
    if (classic) {
      const c = classic.total.gzip - wo.total.gzip;
      const ci = classic.initial.gzip - wo.initial.gzip;
      console.log(
        `\nA classic app that imports every legacy export (classic - without), gzipped: ${kb(
          c,
        )}` + ` = initial ${kb(ci)} + lazy ${kb(c - ci)}`,
      );
      const own = [...classic.groups].filter(([g]) => isKratixGroup(g));
      console.log("  the plugin's own code in its initial load, by folder:");
      for (const [g, v] of own
        .filter(([, v]) => v.gzipInitial > 0.05 * 1024)
        .sort((a, b) => b[1].gzipInitial - a[1].gzipInitial)
        .slice(0, TOP)) {
        console.log(`    ${lpad(kb(v.gzipInitial), 10)}  ${g}`);
      }
    }
    const verdict = added <= TARGET_KB * 1024 ? 'met' : 'NOT met';
    console.log(
      `\nTarget: at most ${TARGET_KB} KB gzipped added: ${kb(
        added,
      )}, ${verdict}`,
    );
    if (process.env.BENCH_JSON) {
      await writeFile(
        process.env.BENCH_JSON,
        JSON.stringify(
          {
            with: { total: w.total, initial: w.initial, lazy: w.lazy },
            without: { total: wo.total, initial: wo.initial, lazy: wo.lazy },
            added: { gzip: added, initialGzip: addedInitial },
            classic: classic && {
              total: classic.total,
              initial: classic.initial,
              lazy: classic.lazy,
            },
            contributors: diffs.slice(0, TOP),
          },
          null,
          2,
        ),
      );
    }
  }
}

try {
  await main();
} finally {
  cleanUp();
}
