// A generated form of 100 criteria (10 groups of 10): typing keeps the live total, the rank and
// the errors beside the fields right, and only the row typed in re-renders its input.
import { fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useCallback, useState } from 'react'
import { describe, expect, it } from 'vitest'
import '../../i18n'
import { CriteriaForm } from './CriteriaForm'
import type { Criterion } from './scoring'

function generated(): Criterion[] {
  const out: Criterion[] = []
  for (let g = 1; g <= 10; g++) {
    out.push({ id: `G${g}`, label: `Nhóm ${g}`, kind: 'score', max_points: 10 })
    for (let i = 1; i <= 10; i++)
      out.push({
        id: `G${g}.${i}`,
        parent_id: `G${g}`,
        label: `Tiêu chí ${g}.${i}`,
        kind: 'score',
        max_points: 1,
      })
  }
  return out
}

const reviewer = { reviewer: { 'G1.1': 0.5 } }

function Harness({ criteria, layout }: { criteria: Criterion[]; layout?: 'table' | 'cards' }) {
  const [typed, setTyped] = useState<Record<string, string>>({})
  const onChange = useCallback((id: string, text: string) => setTyped((t) => ({ ...t, [id]: text })), [])
  return (
    <CriteriaForm
      criteria={criteria}
      columns={['self', 'reviewer']}
      values={reviewer}
      editing="self"
      texts={typed}
      onChange={onChange}
      layout={layout}
    />
  )
}

describe('CriteriaForm', () => {
  it.each(['table', 'cards'] as const)(
    'renders 100 criteria as a %s and totals what is typed',
    { timeout: 30_000 },
    async (layout) => {
      const criteria = generated()
      render(<Harness criteria={criteria} layout={layout} />)
      const inputs = screen.getAllByRole('textbox')
      expect(inputs).toHaveLength(100)
      expect(screen.getByText(/Nhóm 10/)).toBeInTheDocument()

      // Every criterion at its maximum: 100 points, A.
      for (const input of inputs) fireEvent.change(input, { target: { value: '1' } })
      expect(screen.getByTestId('total-self')).toHaveTextContent('100')
      expect(screen.getByTestId('rank-self')).toHaveAttribute('data-rank', 'A')

      // 10.5 points off: 89,5 is B (Điều 13.1).
      const user = userEvent.setup()
      for (let i = 1; i <= 10; i++)
        fireEvent.change(screen.getByTestId(`score-self-G2.${i}`), { target: { value: '0' } })
      const last = screen.getByTestId('score-self-G3.1')
      await user.clear(last)
      await user.type(last, '0,5')
      expect(screen.getByTestId('total-self')).toHaveTextContent('89,5')
      expect(screen.getByTestId('rank-self')).toHaveAttribute('data-rank', 'B')

      // Above the maximum: the error beside the field, and the value does not count.
      await user.clear(last)
      await user.type(last, '2')
      expect(last).toHaveAttribute('aria-invalid', 'true')
      const row = last.closest('tr, .criteria-card') as HTMLElement
      expect(within(row).getByRole('alert')).toHaveTextContent('vượt quá điểm tối đa 1')
      expect(screen.getByTestId('total-self')).toHaveTextContent('89')

      // The other column is read-only and has its own total.
      expect(screen.getByTestId('value-reviewer-G1.1')).toHaveTextContent('0,5')
      expect(screen.getByTestId('total-reviewer')).toHaveTextContent('0,5')
      expect(screen.getByTestId('rank-reviewer')).toHaveAttribute('data-rank', 'D')
    },
  )

  it('names every input by its column and criterion', () => {
    render(<Harness criteria={generated()} />)
    expect(screen.getByLabelText('Tự đánh giá: tiêu chí G10.10')).toBeInTheDocument()
  })
})
