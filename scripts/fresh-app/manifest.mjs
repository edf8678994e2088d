#!/usr/bin/env node
// Brings a fresh app's @backstage/* packages to the one release this repository uses and
// is tested with (backstage.json, yarn.lock).
//
//   node manifest.mjs <repo-dir> <app-dir> <out.json> <cache-dir>
//     Writes a release manifest for `backstage-cli versions:bump` (BACKSTAGE_MANIFEST_FILE).
//     Each @backstage/* name of the app's package.json files gets the version this repo's
//     yarn.lock resolves (the highest, if several), else the newest stable version published
//     by the release's cutoff. (The manifest service, versions.backstage.io, is not
//     reachable from CI.)
//   node manifest.mjs --check <repo-dir> <app-dir> <cache-dir>
//     After `yarn install`: every @backstage/* version in the app's yarn.lock must have been
//     published by the cutoff. A `^1.12.0` can resolve, transitively, to a 1.13.0 of a later
//     release; such packages are pinned with `resolutions` (root package.json) to the newest
//     version published by the cutoff, and the script exits 3: the caller runs
//     `yarn install` again and checks again.
//
// The cutoff is two days after this repo's @backstage/cli version was published (a release
// is published within a day). Publish times come from `npm view <name> time` and never
// change for past versions, so they are cached in <cache-dir>/npm-times/.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const check = args[0] === '--check';
if (check) args.shift();
const [repoDir, appDir] = args;
const outFile = check ? undefined : args[2];
const cacheDir = check ? args[2] : args[3];
if (!repoDir || !appDir || !cacheDir || (!check && !outFile)) {
  console.error(
    'usage: manifest.mjs <repo-dir> <app-dir> <out.json> <cache-dir>\n' +
      '       manifest.mjs --check <repo-dir> <app-dir> <cache-dir>',
  );
  process.exit(2);
}
const semver = createRequire(join(resolve(repoDir), 'package.json'))('semver');
const run = promisify(execFile);

/** name -> highest version, of every @backstage/* entry of a yarn.lock (berry format). */
function lockedVersions(file, all = false) {
  const out = new Map();
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(
    /^"?(@backstage\/[^@"\s]+)@[^\n]*:\n {2}version: "?([^"\n]+)"?$/gm,
  )) {
    const [, name, version] = m;
    if (all) out.set(name, [...(out.get(name) ?? []), version]);
    else if (!out.has(name) || semver.gt(version, out.get(name)))
      out.set(name, version);
  }
  return out;
}

const timesDir = join(cacheDir, 'npm-times');
mkdirSync(timesDir, { recursive: true });
/** The publish time of each version of a package; cached while it knows `needed`. */
async function npmTimes(name, needed) {
  const file = join(timesDir, `${name.replace('/', '+')}.json`);
  if (existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8'));
    if (!needed || needed.every(v => cached[v])) return cached;
  }
  const { stdout } = await run('npm', ['view', name, 'time', '--json'], {
    maxBuffer: 64 << 20,
  });
  writeFileSync(file, stdout);
  return JSON.parse(stdout);
}

async function inParallel(items, fn, n = 6) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item; (item = queue.shift()) !== undefined; ) await fn(item);
    }),
  );
}

const repoLocked = lockedVersions(join(repoDir, 'yarn.lock'));
const releaseVersion = JSON.parse(
  readFileSync(join(repoDir, 'backstage.json'), 'utf8'),
).version;
const cli = repoLocked.get('@backstage/cli');
if (!cli) throw new Error('no @backstage/cli in yarn.lock');
const cliTime = new Date((await npmTimes('@backstage/cli', [cli]))[cli]);
const cutoff = new Date(cliTime.getTime() + 2 * 24 * 3600 * 1000);
const day = cutoff.toISOString().slice(0, 10);

function newestBy(times) {
  return Object.entries(times)
    .filter(
      ([v, t]) =>
        semver.valid(v) && !semver.prerelease(v) && new Date(t) <= cutoff,
    )
    .map(([v]) => v)
    .sort(semver.rcompare)[0];
}

if (!check) {
  // The @backstage/* names of the app (all dependency fields of all its package.json files).
  const pkgFiles = [join(appDir, 'package.json')];
  for (const dir of ['packages', 'plugins']) {
    const d = join(appDir, dir);
    if (!existsSync(d)) continue;
    for (const e of readdirSync(d)) {
      if (existsSync(join(d, e, 'package.json')))
        pkgFiles.push(join(d, e, 'package.json'));
    }
  }
  const names = new Set();
  for (const f of pkgFiles) {
    const pkg = JSON.parse(readFileSync(f, 'utf8'));
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      for (const name of Object.keys(pkg[field] ?? {})) {
        if (/^@backstage\/[a-z0-9][\w.-]*$/.test(name)) names.add(name);
      }
    }
  }
  const packages = [];
  const fromRegistry = [];
  await inParallel([...names], async name => {
    if (repoLocked.has(name)) {
      packages.push({ name, version: repoLocked.get(name) });
      return;
    }
    const version = newestBy(await npmTimes(name));
    if (!version) throw new Error(`${name}: nothing published by ${day}`);
    packages.push({ name, version });
    fromRegistry.push(`${name}@${version}`);
  });
  packages.sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(
    outFile,
    `${JSON.stringify({ releaseVersion, packages }, null, 2)}\n`,
  );
  console.log(
    `release ${releaseVersion}: ${packages.length} packages; ${
      packages.length - fromRegistry.length
    } ` +
      `at the version this repo's yarn.lock has; ${fromRegistry.length} that it does not have, at ` +
      `the newest published by ${day} (@backstage/cli ${cli} + 2 days): ${fromRegistry
        .sort()
        .join(', ')}`,
  );
} else {
  const appLocked = lockedVersions(join(appDir, 'yarn.lock'), true);
  const late = [];
  let versions = 0;
  await inParallel([...appLocked.keys()], async name => {
    const resolved = appLocked.get(name);
    versions += resolved.length;
    const times = await npmTimes(name, resolved);
    const after = resolved.filter(
      v => !times[v] || new Date(times[v]) > cutoff,
    );
    if (after.length) late.push({ name, after, pin: newestBy(times) });
  });
  if (late.length === 0) {
    console.log(
      `one release: all ${versions} @backstage/* versions (${appLocked.size} packages) in the app's ` +
        `yarn.lock were published by ${day} (release ${releaseVersion})`,
    );
    process.exit(0);
  }
  const pkgFile = join(appDir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const unpinnable = late.filter(
    l => !l.pin || pkg.resolutions?.[l.name] === l.pin,
  );
  for (const l of late) {
    console.log(
      `  ${l.name}@${l.after.join(', ')}: published after ${day}; pinned to ${
        l.pin ?? '(nothing earlier)'
      }`,
    );
  }
  if (unpinnable.length) {
    console.error(
      `these cannot be brought to release ${releaseVersion}: ${unpinnable
        .map(l => l.name)
        .join(', ')}`,
    );
    process.exit(1);
  }
  pkg.resolutions = { ...pkg.resolutions };
  for (const l of late) pkg.resolutions[l.name] = l.pin;
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(
    `${late.length} @backstage/* packages of a later release pinned in resolutions: install again`,
  );
  process.exit(3);
}
