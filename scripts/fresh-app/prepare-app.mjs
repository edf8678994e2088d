#!/usr/bin/env node
// Readies an app that create-app just made for this machine and for the local registry,
// before anything of Kratix is added to it:
//
//   node prepare-app.mjs <app-dir> <registry-url>
//
// - No vendored Yarn: create-app writes `yarnPath` and a 3 MB release file kept tracked by
//   its .gitignore; corepack runs the Yarn of `packageManager` instead (TOOLCHAIN.md).
// - The @kratix-backstage scope resolves from the local registry where this run published
//   the packages (`npmScopes`; http on loopback needs `unsafeHttpWhitelist`); every other
//   package from the usual registry. They were published minutes ago, so they are
//   pre-approved past the template's `npmMinimalAgeGate` (3 days), as @backstage/* is.
// - What this repository's root package.json has for Node 24: better-sqlite3 ^13.2.0
//   (12.x aborts under Node >= 24.19) and keytar not built (no libsecret here).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const [appDir, registry] = process.argv.slice(2);
if (!appDir || !registry) {
  console.error('usage: prepare-app.mjs <app-dir> <registry-url>');
  process.exit(2);
}

const rcFile = join(appDir, '.yarnrc.yml');
const rc = YAML.parseDocument(readFileSync(rcFile, 'utf8'));
const yarnPath = rc.get('yarnPath');
if (yarnPath) {
  rmSync(join(appDir, yarnPath), { force: true });
  rc.delete('yarnPath');
}
rmSync(join(appDir, '.yarn', 'releases'), { recursive: true, force: true });
rc.set(
  'npmScopes',
  rc.createNode({ 'kratix-backstage': { npmRegistryServer: registry } }),
);
rc.set('unsafeHttpWhitelist', rc.createNode([new URL(registry).hostname]));
const approved = rc.get('npmPreapprovedPackages')?.toJSON() ?? [];
rc.set(
  'npmPreapprovedPackages',
  rc.createNode([...new Set([...approved, '@kratix-backstage/*'])]),
);
writeFileSync(rcFile, rc.toString());

const ignoreFile = join(appDir, '.gitignore');
if (existsSync(ignoreFile)) {
  const lines = readFileSync(ignoreFile, 'utf8').split('\n');
  writeFileSync(
    ignoreFile,
    lines.filter(l => l.trim() !== '!.yarn/releases').join('\n'),
  );
}

const pkgFile = join(appDir, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
pkg.resolutions = { ...pkg.resolutions, 'better-sqlite3': '^13.2.0' };
pkg.dependenciesMeta = { ...pkg.dependenciesMeta, keytar: { built: false } };
writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

console.log(
  `no yarnPath (was ${
    yarnPath ?? 'none'
  }); @kratix-backstage from ${registry}; ` +
    `npmPreapprovedPackages ${JSON.stringify(
      rc.get('npmPreapprovedPackages').toJSON(),
    )}; ` +
    `resolutions better-sqlite3 ^13.2.0; keytar built: false`,
);
