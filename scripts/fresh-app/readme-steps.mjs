#!/usr/bin/env node
// Applies a plugin README's "## Install" steps to a Backstage app made by create-app,
// exactly as the README writes them, so the README and the fresh-app test cannot drift.
//
//   node readme-steps.mjs <app-dir> <versions.json> <README.md>[#<subsection>] ...
//
// <subsection> picks a "### ..." heading inside "## Install" (e.g. "Classic frontend system").
// Steps are the numbered list items ("1. ", "2. ", ...) of that section; each fenced block
// belongs to the step above it. What each kind of block does:
//
// - ```sh: `yarn --cwd <dir> add <package>...`. Written into <dir>/package.json as yarn add
//   would write it (`^<version>`, the version the local registry has); the caller runs one
//   `yarn install` afterwards. (`yarn add` itself crashes under Node 24.21 + Yarn 4.13:
//   yarnpkg/berry#7245.) Any other command must be marked skipped (below).
// - ```ts / ```tsx whose first line is `// <file>`: code for that file of the app.
//   `import` statements go after the file's last import (skipped when already there).
//   In packages/backend/src/index.ts, the other statements go before `backend.start();`.
//   Elsewhere, code must follow a placement comment:
//     `// inside <Tag>:`               before the closing tag of the file's first <Tag>
//     `// inside <Tag a="b">:`         the same, for the first <Tag> with those attributes
//                                      (a self-closing one is opened: `<Tag a="b" />`
//                                      becomes `<Tag a="b">...</Tag>`)
//     `// inside <Tag> of <name>:`     the same, for the first <Tag> after `const <name> =`
//     `// inside bindRoutes:`          at the end of createApp's `bindRoutes({ bind }) {...}`
// - ```yaml whose first line is `# <file>` (app-config.yaml, app-config.production.yaml):
//   merged into that file (maps merged key by key, anything else replaced).
//
// `<!-- fresh-app: skip: <reason> -->` right before a block skips it, saying why (e.g. a
// real platform's config, which the fresh app replaces by the demo module). Anything the
// script cannot place is an error: a README that changes shape fails the test instead of
// being silently ignored.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import YAML from 'yaml';

const [appDir, versionsFile, ...readmes] = process.argv.slice(2);
if (!appDir || !versionsFile || readmes.length === 0) {
  console.error(
    'usage: readme-steps.mjs <app-dir> <versions.json> <README.md>[#<subsection>] ...',
  );
  process.exit(2);
}
const versions = JSON.parse(readFileSync(versionsFile, 'utf8'));
const repoRoot = new URL('../..', import.meta.url).pathname;

class StepError extends Error {}

/** The numbered steps of a README's Install section (or one of its ### subsections). */
export function installSteps(markdown, subsection) {
  const lines = markdown.split('\n');
  let start = lines.findIndex(l => /^## Install\s*$/.test(l));
  if (start < 0) throw new StepError('no "## Install" section');
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  if (subsection) {
    const sub = lines.findIndex(
      (l, i) => i > start && i < end && l.trim() === `### ${subsection}`,
    );
    if (sub < 0) throw new StepError(`no "### ${subsection}" in "## Install"`);
    const subEnd = lines.findIndex((l, i) => i > sub && /^#{2,3} /.test(l));
    start = sub;
    end = subEnd < 0 || subEnd > end ? end : subEnd;
  }
  const steps = [];
  let step;
  let skip;
  for (let i = start + 1; i < end; i++) {
    const line = lines[i];
    const item = line.match(/^(\d+)\. (.*)$/);
    if (item) {
      step = { number: Number(item[1]), title: item[2], blocks: [] };
      steps.push(step);
      continue;
    }
    const marker = line.match(/^\s*<!-- fresh-app: skip: (.*?) -->\s*$/);
    if (marker) {
      skip = marker[1];
      continue;
    }
    const fence = line.match(/^(\s*)```(\w*)\s*$/);
    if (fence) {
      const indent = fence[1].length;
      const body = [];
      for (i++; i < end && !/^\s*```\s*$/.test(lines[i]); i++) {
        body.push(lines[i].slice(Math.min(indent, lines[i].search(/\S|$/))));
      }
      if (!step)
        throw new StepError('a code block before the first numbered step');
      step.blocks.push({ lang: fence[2], code: body.join('\n'), skip });
      skip = undefined;
    }
  }
  if (steps.length === 0) throw new StepError('no numbered steps');
  return steps;
}

// ---------------------------------------------------------------- sh: yarn add

function applySh(block, say) {
  for (const raw of block.code.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line) continue;
    const m = line.match(/^yarn --cwd (\S+) add ((?:@?[\w./-]+\s*)+)$/);
    if (!m) throw new StepError(`unknown command (mark it skipped?): ${line}`);
    const pkgFile = join(appDir, m[1], 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    for (const name of m[2].trim().split(/\s+/)) {
      const version = versions[name];
      if (!version)
        throw new StepError(`${name} was not published to the local registry`);
      pkg.dependencies = { ...pkg.dependencies, [name]: `^${version}` };
      say(
        `${m[1]}/package.json: dependency ${name} ^${version} (for: ${line})`,
      );
    }
    pkg.dependencies = Object.fromEntries(
      Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)),
    );
    writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  }
}

// ---------------------------------------------------------------- ts/tsx: code

/** Index just past the tag that starts at `from` (a `<`), skipping {...} and quotes. */
function tagEnd(src, from) {
  let depth = 0;
  let quote;
  for (let i = from + 1; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '>' && depth === 0)
      return { end: i + 1, selfClosing: src[i - 1] === '/' };
  }
  throw new StepError('unterminated tag');
}

/** Offset of the line holding the closing tag of the first <tag> at or after `from`. */
function closingTagLine(src, tag, from) {
  const name = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const open = new RegExp(`<${name}(?=[\\s>/])`, 'g');
  open.lastIndex = from;
  const first = open.exec(src);
  if (!first) return undefined;
  const re = new RegExp(`<${name}(?=[\\s>/])|</${name}>`, 'g');
  re.lastIndex = tagEnd(src, first.index).end;
  let depth = 1;
  for (let m; (m = re.exec(src)); ) {
    if (m[0].startsWith('</')) {
      if (--depth === 0) return src.lastIndexOf('\n', m.index) + 1;
    } else if (!tagEnd(src, m.index).selfClosing) depth++;
  }
  return undefined;
}

/**
 * For `inside <Tag a="b">`: the first <tag> at or after `from` whose attributes include
 * `attrs`; a self-closing one is opened (`<Tag a="b" />` -> `<Tag a="b">` + `</Tag>`).
 * Returns the source and the offset of the line holding the closing tag.
 */
function closingTagLineWithAttrs(src, tag, attrs, from) {
  const name = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const open = new RegExp(`<${name}(?=[\\s>/])`, 'g');
  open.lastIndex = from;
  for (let m; (m = open.exec(src)); ) {
    const { end, selfClosing } = tagEnd(src, m.index);
    const text = src.slice(m.index, end);
    if (!attrs.every(a => text.includes(a))) continue;
    if (!selfClosing) return { src, offset: closingTagLine(src, tag, m.index) };
    const lineStart = src.lastIndexOf('\n', m.index) + 1;
    const indent = src.slice(lineStart, m.index).match(/^\s*/)[0];
    const opened = `${text.replace(/\s*\/>$/, '>')}\n${indent}</${tag}>`;
    const next = `${src.slice(0, m.index)}${opened}${src.slice(end)}`;
    const closing = m.index + opened.length - `</${tag}>`.length;
    return { src: next, offset: next.lastIndexOf('\n', closing) + 1 };
  }
  return { src, offset: undefined };
}

/** Offset of the line holding the `}` that closes `bindRoutes(...) {`. */
function bindRoutesEnd(src) {
  const at = src.search(/bindRoutes\s*\(/);
  if (at < 0) return undefined;
  let i = src.indexOf('{', src.indexOf(')', at));
  let depth = 0;
  for (; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0)
      return src.lastIndexOf('\n', i) + 1;
  }
  return undefined;
}

/** Splits a code block into import statements and other code chunks with their placement. */
function parseCode(code) {
  const lines = code.split('\n');
  const imports = [];
  const chunks = [];
  let chunk;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^import\s/.test(line)) {
      let stmt = line;
      while (!/;\s*$/.test(stmt) && i + 1 < lines.length)
        stmt += `\n${lines[++i]}`;
      imports.push(stmt);
      continue;
    }
    const place = line.match(/^\/\/ (inside .*?|before .*?):\s*$/);
    if (place) {
      chunk = { place: place[1], lines: [] };
      chunks.push(chunk);
      continue;
    }
    if (/^\s*\/\//.test(line) && !chunk) continue; // a comment about the block
    if (!line.trim() && (!chunk || chunk.lines.length === 0)) continue;
    if (!chunk) {
      chunk = { place: undefined, lines: [] };
      chunks.push(chunk);
    }
    chunk.lines.push(line);
  }
  for (const c of chunks) {
    while (c.lines.length && !c.lines[c.lines.length - 1].trim()) c.lines.pop();
    // A trailing `;` after JSX is only there to make the README's snippet valid TSX.
    if (c.lines.length) {
      const last = c.lines.length - 1;
      if (/>;\s*$/.test(c.lines[last]))
        c.lines[last] = c.lines[last].replace(/;\s*$/, '');
    }
  }
  return { imports, chunks: chunks.filter(c => c.lines.length) };
}

function insertAtLine(src, offset, lines) {
  const indent = src.slice(offset).match(/^\s*/)[0].replace(/\n/g, '');
  const childIndent =
    /^\s*<\//.test(src.slice(offset)) || /^\s*}/.test(src.slice(offset))
      ? `${indent}  `
      : indent;
  const text = lines.map(l => (l.trim() ? childIndent + l : '')).join('\n');
  return `${src.slice(0, offset)}${text}\n${src.slice(offset)}`;
}

function applyCode(block, say) {
  const header = block.code.split('\n')[0].match(/^\/\/ (\S+)\s*$/);
  if (!header)
    throw new StepError(`a ${block.lang} block must start with "// <file>"`);
  const file = header[1];
  const path = join(appDir, file);
  if (!existsSync(path))
    throw new StepError(`${file} does not exist in the app`);
  let src = readFileSync(path, 'utf8');
  const { imports, chunks } = parseCode(
    block.code.split('\n').slice(1).join('\n'),
  );

  for (const stmt of imports) {
    if (src.includes(stmt)) {
      say(`${file}: already has ${stmt.split('\n').join(' ')}`);
      continue;
    }
    const re = /^import[\s\S]*?;[ \t]*$/gm;
    let last;
    for (let m; (m = re.exec(src)); ) last = m;
    const at = last ? last.index + last[0].length + 1 : 0;
    src = `${src.slice(0, at)}${stmt}\n${src.slice(at)}`;
    say(`${file}: ${stmt.replace(/\s+/g, ' ')}`);
  }

  for (const chunk of chunks) {
    const text = chunk.lines.join('\n');
    const summary = chunk.lines
      .map(l => l.trim())
      .join(' ')
      .slice(0, 110);
    if (src.includes(text.trim())) {
      say(`${file}: already has ${summary}`);
      continue;
    }
    let offset;
    let where = chunk.place;
    if (!where && file === 'packages/backend/src/index.ts') {
      where = 'before backend.start()';
      const at = src.search(/^backend\.start\(\);/m);
      offset = at < 0 ? undefined : at;
    } else if (!where) {
      throw new StepError(
        `${file}: code without a placement comment: ${summary}`,
      );
    } else if (where === 'inside bindRoutes') {
      offset = bindRoutesEnd(src);
    } else {
      const m = where.match(
        /^inside <([\w.]+)((?:\s+[\w-]+="[^"]*")*)>(?: of (\w+))?$/,
      );
      if (!m) throw new StepError(`${file}: unknown placement "${where}"`);
      let from = 0;
      if (m[3]) {
        from = src.search(new RegExp(`const ${m[3]}\\s*=`));
        if (from < 0) throw new StepError(`${file}: no "const ${m[3]} ="`);
      }
      const attrs = m[2].trim() ? m[2].trim().split(/\s+(?=[\w-]+=")/) : [];
      if (attrs.length) {
        ({ src, offset } = closingTagLineWithAttrs(src, m[1], attrs, from));
      } else {
        offset = closingTagLine(src, m[1], from);
      }
    }
    if (offset === undefined)
      throw new StepError(`${file}: cannot find where to put it (${where})`);
    src = insertAtLine(src, offset, chunk.lines);
    say(`${file}: ${where}: ${summary}`);
  }
  writeFileSync(path, src);
}

// ---------------------------------------------------------------- yaml: config

function mergeMaps(target, source) {
  for (const pair of source.items) {
    const key = YAML.isScalar(pair.key) ? pair.key.value : pair.key;
    const existing = target.items.find(
      p => (YAML.isScalar(p.key) ? p.key.value : p.key) === key,
    );
    if (existing && YAML.isMap(existing.value) && YAML.isMap(pair.value)) {
      mergeMaps(existing.value, pair.value);
    } else if (existing) {
      existing.value = pair.value;
    } else {
      target.items.push(pair);
    }
  }
}

function applyYaml(block, say) {
  const [first, ...rest] = block.code.split('\n');
  const header = first.match(/^# (app-config[\w.-]*\.yaml)\s*$/);
  if (!header)
    throw new StepError('a yaml block must start with "# app-config....yaml"');
  const file = header[1];
  const path = join(appDir, file);
  const doc = existsSync(path)
    ? YAML.parseDocument(readFileSync(path, 'utf8'))
    : new YAML.Document({});
  const add = YAML.parseDocument(rest.join('\n'));
  if (add.errors.length)
    throw new StepError(`${file}: ${add.errors[0].message}`);
  if (!YAML.isMap(doc.contents)) doc.contents = doc.createNode({});
  mergeMaps(doc.contents, add.contents);
  writeFileSync(
    path,
    doc.toString({ lineWidth: 0, flowCollectionPadding: false }),
  );
  const keys = add.contents.items.map(p => String(p.key)).join(', ');
  say(`${file}: merged ${keys}: ${JSON.stringify(add.toJS())}`);
}

// ---------------------------------------------------------------- main

let failed = false;
for (const arg of readmes) {
  const [file, subsection] = arg.split('#');
  const name = relative(repoRoot, file);
  const where = `${name}, "## Install"${
    subsection ? ` > "### ${subsection}"` : ''
  }`;
  try {
    const steps = installSteps(readFileSync(file, 'utf8'), subsection);
    if (steps.length > 3)
      throw new StepError(`${steps.length} steps: the promise is at most 3`);
    console.log(`${where}: ${steps.length} step(s)`);
    for (const step of steps) {
      const say = msg => console.log(`  step ${step.number}: ${msg}`);
      if (step.blocks.length === 0)
        say(`nothing to run (${step.title.slice(0, 100)})`);
      for (const block of step.blocks) {
        if (block.skip) {
          say(`skipped a ${block.lang} block: ${block.skip}`);
        } else if (block.lang === 'sh') applySh(block, say);
        else if (block.lang === 'ts' || block.lang === 'tsx')
          applyCode(block, say);
        else if (block.lang === 'yaml') applyYaml(block, say);
        else
          throw new StepError(
            `step ${step.number}: a \`\`\`${block.lang} block the script cannot run`,
          );
      }
    }
  } catch (e) {
    failed = true;
    console.error(`${where}: ${e instanceof StepError ? e.message : e.stack}`);
  }
}
process.exit(failed ? 1 : 0);
