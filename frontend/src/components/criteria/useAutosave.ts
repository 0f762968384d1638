import { useCallback, useEffect, useRef, useState } from 'react'

export type AutosaveStatus = 'idle' | 'dirty' | 'saving' | 'saved' | 'error'

/**
 * Saves a draft some time after the last change (and at once on `flush`, e.g. on blur), one save
 * at a time: a change made while saving is saved right after. `save` reads the latest draft
 * itself (from a ref of the caller). While paused (`setPaused`, e.g. a conflict to resolve)
 * nothing is sent.
 */
export function useAutosave({
  save,
  delay = 1500,
  pauseOn,
}: {
  save: () => Promise<void>
  delay?: number
  /** Errors after which saving waits for `setPaused(false)` (e.g. a version conflict). */
  pauseOn?: (error: unknown) => boolean
}) {
  const [status, setStatus] = useState<AutosaveStatus>('idle')
  const [savedAt, setSavedAt] = useState<Date | null>(null)
  const [error, setError] = useState<unknown>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const dirty = useRef(false)
  const running = useRef<Promise<void> | null>(null)
  const saveRef = useRef(save)
  const pausedRef = useRef(false)
  const pauseOnRef = useRef(pauseOn)
  useEffect(() => {
    saveRef.current = save
    pauseOnRef.current = pauseOn
  })

  const run = useCallback(async (): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current)
      timer.current = null
    }
    // One save at a time; what changed meanwhile is saved right after.
    for (;;) {
      if (running.current) {
        await running.current.catch(() => undefined)
        continue
      }
      if (!dirty.current || pausedRef.current) return
      dirty.current = false
      setStatus('saving')
      const p = (async () => {
        try {
          await saveRef.current()
          setError(null)
          setSavedAt(new Date())
          setStatus(dirty.current ? 'dirty' : 'saved')
        } catch (e) {
          dirty.current = true
          if (pauseOnRef.current?.(e)) pausedRef.current = true
          setError(e)
          setStatus('error')
          throw e
        }
      })()
      running.current = p
      try {
        await p
      } finally {
        running.current = null
      }
    }
  }, [])

  /** Call after every change of the draft. */
  const changed = useCallback(() => {
    dirty.current = true
    setStatus('dirty')
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      run().catch(() => undefined)
    }, delay)
  }, [delay, run])

  /** Saves now if anything is unsaved; rejects with the save's error. */
  const flush = useCallback(() => run(), [run])

  /** Forgets unsaved changes (e.g. the server's version was chosen). */
  const reset = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    dirty.current = false
    setError(null)
    setStatus('idle')
  }, [])

  // Leaving the page saves what is pending; closing the tab with unsaved changes asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty.current || running.current) e.preventDefault()
    }
    window.addEventListener('beforeunload', warn)
    return () => {
      window.removeEventListener('beforeunload', warn)
      if (timer.current) clearTimeout(timer.current)
      if (dirty.current) run().catch(() => undefined)
    }
  }, [run])

  const setPaused = useCallback((paused: boolean) => {
    pausedRef.current = paused
  }, [])

  return { status, savedAt, error, changed, flush, reset, setPaused }
}
