// Fails when src/api/schema.d.ts is not what openapi-typescript makes of ../openapi.yaml now
// (run `npm run gen:api` to bring the client back in line with the API).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const out = join(mkdtempSync(join(tmpdir(), 'api-types-')), 'schema.d.ts')
const bin = (name) => join('node_modules', '.bin', name)
execFileSync(bin('openapi-typescript'), ['../openapi.yaml', '-o', out], { stdio: 'ignore' })
execFileSync(bin('prettier'), ['--write', out, '--config', '.prettierrc.json'], { stdio: 'ignore' })
const fresh = readFileSync(out, 'utf8')
const committed = readFileSync('src/api/schema.d.ts', 'utf8')
if (fresh !== committed) {
  console.error('src/api/schema.d.ts differs from ../openapi.yaml: run `npm run gen:api` and commit it')
  process.exit(1)
}
console.log('API types match openapi.yaml')
