import { Tag } from 'antd'
import type { ReactNode } from 'react'

// Dark text on a light background: at least 4.5:1 contrast (WCAG AA), unlike antd's preset
// tag colours.
const TONES = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  blue: { color: '#002c8c', background: '#e6f4ff', borderColor: '#91caff' },
  gold: { color: '#613400', background: '#fffbe6', borderColor: '#ffd666' },
  purple: { color: '#22075e', background: '#f9f0ff', borderColor: '#d3adf7' },
  red: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  gray: { color: 'rgba(0, 0, 0, 0.88)', background: '#f5f5f5', borderColor: '#d9d9d9' },
} as const

export type Tone = keyof typeof TONES

/** A tag in one of a few accessible tones. */
export function ToneTag({
  tone,
  children,
  title,
  ariaLabel,
}: {
  tone: Tone
  children: ReactNode
  title?: string
  ariaLabel?: string
}) {
  return (
    <Tag style={TONES[tone]} title={title} aria-label={ariaLabel}>
      {children}
    </Tag>
  )
}
