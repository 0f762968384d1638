import { Grid, Tag } from 'antd'
import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { RankTag } from '../RankTag'
import './criteria.css'
import { CRITERIA_NS, formatPoints } from './i18n'
import { checkPoints, fromTenths, leavesOf, rankOf, toTenths, totalTenths, type Criterion } from './scoring'

export type ColumnKey = 'self' | 'reviewer' | 'decider'
/** Points of one column by criterion id, as the server holds them. */
export type ColumnValues = Readonly<Record<string, number | null | undefined>>

export type CriteriaFormProps = {
  criteria: readonly Criterion[]
  /** The columns shown, in order (e.g. self | reviewer | decider). */
  columns: readonly ColumnKey[]
  /** Read-only values of each column (the server's). */
  values: Partial<Record<ColumnKey, ColumnValues>>
  /** The column being typed in, if any. */
  editing?: ColumnKey
  /** Typed texts of the editing column by criterion id. */
  texts?: Readonly<Record<string, string>>
  onChange?: (criterionId: string, text: string) => void
  onBlur?: () => void
  /** Field errors from the server, by criterion id. */
  serverErrors?: Readonly<Record<string, string>>
  disabled?: boolean
  /** `auto` (default): a table, or one card per criterion on phones. */
  layout?: 'auto' | 'table' | 'cards'
}

/** Lines of a score sheet: the API's `scores` as one column's values. */
export function columnValues(
  scores: readonly {
    criterion_id: string
    self?: number | null
    reviewer?: number | null
    decider?: number | null
  }[],
  column: ColumnKey,
): Record<string, number | null | undefined> {
  const out: Record<string, number | null | undefined> = {}
  for (const s of scores) out[s.criterion_id] = s[column]
  return out
}

type Row = { criterion: Criterion; depth: number; leaf: boolean }

function rowsOf(criteria: readonly Criterion[]): Row[] {
  const byId = new Map(criteria.map((c) => [c.id, c]))
  const leaves = new Set(leavesOf(criteria).map((c) => c.id))
  const depth = (c: Criterion): number => {
    let d = 0
    let p = c.parent_id ? byId.get(c.parent_id) : undefined
    while (p && d < 20) {
      d += 1
      p = p.parent_id ? byId.get(p.parent_id) : undefined
    }
    return d
  }
  return criteria.map((c) => ({ criterion: c, depth: depth(c), leaf: leaves.has(c.id) }))
}

/**
 * The criteria of a form as a tree (groups as headings, leaves as rows) with one or more score
 * columns side by side; one column may be typed in, with its maximum beside each field, the
 * error beside the field, and the live total and rank by points. On phones each criterion is a
 * card. Rows are memoised: typing in one re-renders that row and the totals only.
 */
export function CriteriaForm(props: CriteriaFormProps) {
  const {
    criteria,
    values,
    editing,
    texts,
    onChange,
    onBlur,
    serverErrors,
    disabled,
    layout = 'auto',
  } = props
  // Rows are memoised: a new array with the same columns must not re-render them all.
  const columnKey = props.columns.join(',')
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const columns = useMemo(() => props.columns, [columnKey])
  const { t, i18n } = useTranslation(CRITERIA_NS)
  const screens = Grid.useBreakpoint()
  const phone = layout === 'cards' || (layout === 'auto' && screens.md === false)
  const rows = useMemo(() => rowsOf(criteria), [criteria])
  const leaves = useMemo(() => leavesOf(criteria), [criteria])
  const maxById = useMemo(() => new Map(leaves.map((c) => [c.id, c.max_points])), [leaves])

  const totals = useMemo(() => {
    const out: Partial<Record<ColumnKey, number | null>> = {}
    for (const col of columns) {
      if (col === editing) {
        out[col] = totalTenths(leaves, (id) => checkPoints(texts?.[id] ?? '', maxById.get(id) ?? 0).tenths)
      } else {
        const v = values[col]
        const any = v && Object.values(v).some((x) => x !== null && x !== undefined)
        out[col] = any
          ? totalTenths(leaves, (id) => (v[id] == null ? null : toTenths(v[id] as number)))
          : null
      }
    }
    return out
  }, [columns, editing, leaves, maxById, texts, values])

  const titles = useMemo(() => columns.map((c) => t(`columns.${c}`)), [columns, t])
  const rowProps = { columns, editing, onChange, onBlur, disabled, titles }
  // Each row gets its own numbers (primitives), not the columns' maps: a save that returns the
  // same numbers in new objects then re-renders no row.
  const cellsOf = (id: string) => ({
    self: values.self?.[id],
    reviewer: values.reviewer?.[id],
    decider: values.decider?.[id],
  })

  const totalCell = (col: ColumnKey) => {
    const tenths = totals[col]
    return (
      <span data-testid={`total-${col}`} aria-live={col === editing ? 'polite' : undefined}>
        <strong>
          {tenths === null || tenths === undefined ? '—' : formatPoints(fromTenths(tenths), i18n.language)}
        </strong>{' '}
        {tenths !== null && tenths !== undefined && (
          <span data-testid={`rank-${col}`} data-rank={rankOf(tenths)}>
            <RankTag rank={rankOf(tenths)} />
          </span>
        )}
      </span>
    )
  }

  if (phone) {
    return (
      <div>
        {rows.map((r) => (
          <CriterionCard
            key={r.criterion.id}
            row={r}
            text={texts?.[r.criterion.id]}
            serverError={serverErrors?.[r.criterion.id]}
            {...cellsOf(r.criterion.id)}
            {...rowProps}
          />
        ))}
        <div className="criteria-card" style={{ background: '#fafafa' }}>
          <div style={{ fontWeight: 600 }}>{t('total')}</div>
          <div className="criteria-card-cols">
            {columns.map((col, i) => (
              <div key={col}>
                <div style={{ fontSize: 12, color: '#595959' }}>{titles[i]}</div>
                {totalCell(col)}
              </div>
            ))}
          </div>
        </div>
      </div>
    )
  }

  return (
    <table className="criteria-table">
      <thead>
        <tr>
          <th scope="col">{t('criterion')}</th>
          <th scope="col" className="criteria-num">
            {t('maxPoints')}
          </th>
          {titles.map((title, i) => (
            <th scope="col" key={columns[i]} className="criteria-num">
              {title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <CriterionRow
            key={r.criterion.id}
            row={r}
            text={texts?.[r.criterion.id]}
            serverError={serverErrors?.[r.criterion.id]}
            {...cellsOf(r.criterion.id)}
            {...rowProps}
          />
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {t('total')} · {t('rankByPoints')}
          </th>
          {columns.map((col) => (
            <td key={col} className="criteria-num">
              {totalCell(col)}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  )
}

type RowProps = {
  row: Row
  columns: readonly ColumnKey[]
  titles: string[]
  /** This criterion's read-only points in each column. */
  self?: number | null
  reviewer?: number | null
  decider?: number | null
  editing?: ColumnKey
  text?: string
  serverError?: string
  onChange?: (criterionId: string, text: string) => void
  onBlur?: () => void
  disabled?: boolean
}

// Tag colours with at least 4.5:1 contrast (WCAG AA).
const KIND_STYLE = {
  bonus: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  deduction: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  completion_band: { color: '#002c8c', background: '#f0f5ff', borderColor: '#adc6ff' },
} as const

function CriterionLabel({ c }: { c: Criterion }) {
  const { t } = useTranslation(CRITERIA_NS)
  const kind = c.kind === 'bonus' || c.kind === 'deduction' || c.kind === 'completion_band' ? c.kind : null
  return (
    <>
      <strong>{c.id}.</strong> {c.label}
      {kind && <Tag style={{ marginLeft: 6, ...KIND_STYLE[kind] }}>{t(`kinds.${kind}`)}</Tag>}
    </>
  )
}

function useCell(props: RowProps) {
  const { row, editing, text, serverError, onChange, onBlur, disabled, titles, columns } = props
  const { t, i18n } = useTranslation(CRITERIA_NS)
  const c = row.criterion
  const local = text === undefined ? undefined : checkPoints(text, c.max_points).error
  const error = local ? t(`errors.${local}`, { max: formatPoints(c.max_points, i18n.language) }) : serverError
  const errorId = `criterion-error-${c.id}`
  const cell = (col: ColumnKey, i: number) => {
    if (col === editing) {
      return (
        <span style={{ display: 'inline-flex', flexDirection: 'column', gap: 2 }}>
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
            {/* A plain input, not antd's: its per-render style hooks and transitions, times 100 rows,
                made typing miss the 50 ms-per-keystroke target (docs/benchmarks.md). */}
            <input
              className="criteria-input"
              inputMode="decimal"
              autoComplete="off"
              value={text ?? ''}
              disabled={disabled}
              aria-label={t('inputLabel', { column: titles[i], id: c.id })}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              data-testid={`score-${col}-${c.id}`}
              onChange={(e) => onChange?.(c.id, e.target.value)}
              onBlur={onBlur}
            />
            <span style={{ color: '#595959' }}>
              {t('ofMax', { max: formatPoints(c.max_points, i18n.language) })}
            </span>
          </span>
          {error && (
            <span id={errorId} className="criteria-error" role="alert">
              {error}
            </span>
          )}
        </span>
      )
    }
    const v = props[col]
    return <span data-testid={`value-${col}-${c.id}`}>{formatPoints(v, i18n.language)}</span>
  }
  return { c, cell, columns, titles }
}

const CriterionRow = memo(function CriterionRow(props: RowProps) {
  const { row } = props
  const { i18n } = useTranslation(CRITERIA_NS)
  const { c, cell, columns } = useCell(props)
  if (!row.leaf) {
    return (
      <tr className="criteria-group">
        <th scope="rowgroup" colSpan={1} style={{ paddingLeft: 8 + row.depth * 16 }}>
          <CriterionLabel c={c} />
        </th>
        <td className="criteria-num">{formatPoints(c.max_points, i18n.language)}</td>
        {columns.map((col) => (
          <td key={col} />
        ))}
      </tr>
    )
  }
  return (
    <tr>
      <td style={{ paddingLeft: 8 + row.depth * 16 }}>
        <CriterionLabel c={c} />
      </td>
      <td className="criteria-num">{formatPoints(c.max_points, i18n.language)}</td>
      {columns.map((col, i) => (
        <td key={col} className="criteria-num">
          {cell(col, i)}
        </td>
      ))}
    </tr>
  )
})

const CriterionCard = memo(function CriterionCard(props: RowProps) {
  const { row } = props
  const { t, i18n } = useTranslation(CRITERIA_NS)
  const { c, cell, columns, titles } = useCell(props)
  if (!row.leaf) {
    return (
      <div className="criteria-card-group" style={{ paddingLeft: row.depth * 12 }}>
        <CriterionLabel c={c} /> ({t('maxPoints')}: {formatPoints(c.max_points, i18n.language)})
      </div>
    )
  }
  return (
    <div className="criteria-card" style={{ marginLeft: row.depth * 12 }}>
      <div>
        <CriterionLabel c={c} />
      </div>
      <div className="criteria-card-cols">
        {columns.map((col, i) => (
          <div key={col}>
            <div style={{ fontSize: 12, color: '#595959' }}>{titles[i]}</div>
            {cell(col, i)}
          </div>
        ))}
      </div>
    </div>
  )
})
