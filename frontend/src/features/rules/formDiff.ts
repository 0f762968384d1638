// Comparing two versions of a criteria form, criterion by criterion (by their stable ids).

export type CriterionLine = {
  id: string
  label: string
  kind: string
  max_points: number
}

export type Change = 'added' | 'removed' | 'changed' | 'same'

export type DiffLine = {
  id: string
  change: Change
  before?: CriterionLine
  after?: CriterionLine
}

/**
 * Each criterion of either version once, in the order of the newer one with the removed ones
 * where they stood in the older: added, removed, changed (label, kind or maximum) or the same.
 */
export function compareForms(before: CriterionLine[], after: CriterionLine[]): DiffLine[] {
  const old = new Map(before.map((c) => [c.id, c]))
  const next = new Map(after.map((c) => [c.id, c]))
  const lines: DiffLine[] = after.map((c) => {
    const was = old.get(c.id)
    if (!was) return { id: c.id, change: 'added', after: c }
    const same =
      was.label === c.label && was.kind === c.kind && Number(was.max_points) === Number(c.max_points)
    return { id: c.id, change: same ? 'same' : 'changed', before: was, after: c }
  })
  // A removed criterion goes after the line that preceded it in the older version.
  before.forEach((c, i) => {
    if (next.has(c.id)) return
    const previous = before
      .slice(0, i)
      .reverse()
      .find((p) => lines.some((l) => l.id === p.id))
    const at = previous ? lines.findIndex((l) => l.id === previous.id) + 1 : 0
    lines.splice(at, 0, { id: c.id, change: 'removed', before: c })
  })
  return lines
}
