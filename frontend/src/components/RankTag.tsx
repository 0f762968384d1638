import { useTranslation } from 'react-i18next'
import { ToneTag, type Tone } from './ToneTag'

const TONES: Record<string, Tone> = { A: 'green', B: 'blue', C: 'gold', D: 'red' }

/** A rank as a tag with its full name for screen readers and on hover. */
export function RankTag({ rank }: { rank?: string | null }) {
  const { t } = useTranslation()
  if (!rank) return <ToneTag tone="gray">—</ToneTag>
  return (
    <ToneTag tone={TONES[rank] ?? 'gray'} title={t(`ranks.${rank}`)} ariaLabel={t(`ranks.${rank}`)}>
      {rank}
    </ToneTag>
  )
}
