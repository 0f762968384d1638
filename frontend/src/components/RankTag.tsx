import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'

const COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'gold', D: 'red' }

/** A rank as a coloured tag with its full name for screen readers and on hover. */
export function RankTag({ rank }: { rank?: string | null }) {
  const { t } = useTranslation()
  if (!rank) return <Tag>—</Tag>
  return (
    <Tag color={COLORS[rank]} title={t(`ranks.${rank}`)} aria-label={t(`ranks.${rank}`)}>
      {rank}
    </Tag>
  )
}
