import { describe, expect, it } from 'vitest'
import { safeFileName } from './download'

describe('safeFileName', () => {
  it('keeps Vietnamese letters and drops what file systems refuse', () => {
    expect(safeFileName('Phiếu Nguyễn Văn A: 11/2026')).toBe('Phiếu-Nguyễn-Văn-A-112026')
  })
})
