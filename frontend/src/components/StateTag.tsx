import { useTranslation } from 'react-i18next'
import { ToneTag, type Tone } from './ToneTag'

const TONES: Record<string, Tone> = {
  draft: 'gray',
  self_submitted: 'blue',
  reviewed: 'gold',
  decided: 'purple',
  published: 'green',
}

/** An evaluation's state as a tag. */
export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation()
  return <ToneTag tone={TONES[state] ?? 'gray'}>{t(`states.${state}`, { defaultValue: state })}</ToneTag>
}
