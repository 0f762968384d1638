import { useTranslation } from 'react-i18next'
import type { GridDay } from './calendar'

const DEADLINE_STYLE = { background: '#fff1f0', color: '#820014', fontWeight: 600 } as const
const SELF_STYLE = { background: '#e6f4ff', color: '#002c8c' } as const

/** The month as a calendar: the self-assessment window shaded, deadlines marked, today outlined. */
export function MonthGrid({ weeks, caption }: { weeks: (GridDay | null)[][]; caption: string }) {
  const { t } = useTranslation('home')
  const weekdays = t('calendar.weekdays').split(',')
  return (
    <div>
      <table
        data-testid="month-grid"
        style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}
      >
        <caption style={{ textAlign: 'left', fontWeight: 600, paddingBottom: 4 }}>{caption}</caption>
        <thead>
          <tr>
            {weekdays.map((d) => (
              <th key={d} scope="col" style={{ fontSize: 12, color: '#595959', padding: 2 }}>
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((d, i) =>
                d ? (
                  <td
                    key={i}
                    data-testid={d.deadline ? `deadline-${d.deadline}` : undefined}
                    aria-current={d.today ? 'date' : undefined}
                    title={
                      d.deadline ? t('calendar.lastDayOf', { step: t(`calendar.${d.deadline}`) }) : undefined
                    }
                    style={{
                      textAlign: 'center',
                      padding: '4px 0',
                      borderRadius: 4,
                      ...(d.inSelf ? SELF_STYLE : {}),
                      ...(d.deadline ? DEADLINE_STYLE : {}),
                      outline: d.today ? '2px solid #b71c1c' : undefined,
                      outlineOffset: -2,
                    }}
                  >
                    {d.day}
                    {d.deadline && <span className="visually-hidden"> ({t(`calendar.${d.deadline}`)})</span>}
                  </td>
                ) : (
                  <td key={i} />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p style={{ fontSize: 12, margin: '6px 0 0' }}>
        <span style={{ ...SELF_STYLE, padding: '0 6px', borderRadius: 4 }}>{t('calendar.legendSelf')}</span>{' '}
        <span style={{ ...DEADLINE_STYLE, padding: '0 6px', borderRadius: 4 }}>
          {t('calendar.legendDeadline')}
        </span>{' '}
        <span style={{ outline: '2px solid #b71c1c', padding: '0 6px', borderRadius: 4 }}>
          {t('calendar.legendToday')}
        </span>
      </p>
    </div>
  )
}
