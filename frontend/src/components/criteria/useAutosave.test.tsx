// Autosave: one save some time after the last change, at once on flush, one at a time, and
// none while paused after a conflict.
import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useAutosave } from './useAutosave'

describe('useAutosave', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('saves once, 1.5 s after the last change', async () => {
    const save = vi.fn(async () => undefined)
    const { result } = renderHook(() => useAutosave({ save }))
    act(() => result.current.changed())
    await act(async () => vi.advanceTimersByTime(1000))
    act(() => result.current.changed())
    await act(async () => vi.advanceTimersByTime(1000))
    expect(save).not.toHaveBeenCalled()
    await act(async () => vi.advanceTimersByTime(600))
    expect(save).toHaveBeenCalledTimes(1)
    expect(result.current.status).toBe('saved')
    expect(result.current.savedAt).not.toBeNull()
  })

  it('flush saves at once and a change during a save is saved after it', async () => {
    let release: () => void = () => undefined
    const save = vi.fn(() => new Promise<void>((r) => (release = r)))
    const { result } = renderHook(() => useAutosave({ save }))
    act(() => result.current.changed())
    let flushed: Promise<void> = Promise.resolve()
    act(() => {
      flushed = result.current.flush()
    })
    expect(save).toHaveBeenCalledTimes(1)
    act(() => result.current.changed())
    await act(async () => {
      release()
      await Promise.resolve()
    })
    await act(async () => {
      release()
      await flushed
    })
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('pauses after a conflict until told to go on', async () => {
    const conflict = new Error('conflict')
    const save = vi.fn<() => Promise<void>>(async () => {
      throw conflict
    })
    const { result } = renderHook(() => useAutosave({ save, pauseOn: (e) => e === conflict }))
    act(() => result.current.changed())
    await act(async () => {
      await result.current.flush().catch(() => undefined)
    })
    expect(result.current.status).toBe('error')
    act(() => result.current.changed())
    await act(async () => vi.advanceTimersByTime(2000))
    expect(save).toHaveBeenCalledTimes(1)
    save.mockImplementation(async () => undefined)
    act(() => result.current.setPaused(false))
    await act(async () => {
      await result.current.flush()
    })
    expect(save).toHaveBeenCalledTimes(2)
    expect(result.current.status).toBe('saved')
  })
})
