// Every text exists in both languages, and the Vietnamese UI has no English left in it.
import { describe, expect, it } from 'vitest'
import { namespaces } from '.'
import { adminNamespaces } from './admin'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v
    else Object.assign(out, flatten(v, `${prefix}${k}.`))
  }
  return out
}

// Words that are the same in both languages (codes, file formats, names of ranks).
const SAME_IN_BOTH = /^([A-D]|PDF|XLSX|Email|E-mail|OK|\{\{[a-z_]+\}\}.*|[\d\W]*)$/i

describe('translations', () => {
  for (const [ns, { vi, en }] of Object.entries({ ...namespaces, ...adminNamespaces })) {
    const v = flatten(vi as Tree)
    const e = flatten(en as Tree)
    it(`${ns}: the same keys in Vietnamese and English`, () => {
      expect(Object.keys(v).sort()).toEqual(Object.keys(e).sort())
    })
    it(`${ns}: no Vietnamese text is left in English`, () => {
      const untranslated = Object.keys(v).filter((k) => v[k] === e[k] && !SAME_IN_BOTH.test(v[k]))
      expect(untranslated).toEqual([])
    })
  }
})
