// Uses the served OpenAPI document as a client would: lints it with redocly (recommended
// rules, zero errors), generates TypeScript types from it with openapi-typescript, and
// compiles real responses (success and error) against those types with tsc --strict, so a
// field the document leaves out, or one it requires and the API does not send, fails.
//
// Usage: node check.mjs <openapi.json> <responses.json> <work dir>
//   responses.json: [{"path": "/api/v1/cart", "method": "get", "status": 200, "body": {...}}, ...]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [document, responses, work] = process.argv.slice(2);
const bin = (name) => join(here, 'node_modules', '.bin', name);
const run = (what, command, args) => {
  try {
    const output = execFileSync(command, args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(`ok   ${what}`);
    return output;
  } catch (error) {
    console.log(`FAIL ${what}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    process.exit(1);
  }
};

run('redocly lint (recommended): no errors', bin('redocly'), ['lint', document, '--config', join(here, 'redocly.yaml'), '--format=stylish']);
run('openapi-typescript generates the types', bin('openapi-typescript'), [document, '--output', join(work, 'api.d.ts')]);

const samples = JSON.parse(readFileSync(responses, 'utf8'));
const lines = ['import type { paths } from "./api";', ''];
samples.forEach((sample, i) => {
  lines.push(`// ${sample.method.toUpperCase()} ${sample.path} ${sample.status}`);
  lines.push(`export const response${i}: paths[${JSON.stringify(sample.path)}][${JSON.stringify(sample.method)}]["responses"][${sample.status}]["content"]["application/json"] = ${JSON.stringify(sample.body, null, 2)};`);
});
writeFileSync(join(work, 'responses.ts'), lines.join('\n') + '\n');
run(`tsc --strict compiles ${samples.length} real responses against the generated types`, bin('tsc'),
  ['--noEmit', '--strict', '--target', 'es2022', '--moduleResolution', 'bundler', '--module', 'esnext', join(work, 'responses.ts')]);
console.log('every check held');
