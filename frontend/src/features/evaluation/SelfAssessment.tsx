import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd'
import { useCallback, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError, unwrap } from '../../api'
import type { Schemas } from '../../api'
import { ErrorAlert, periodLabel, dayLabel, lastDayBefore } from '../../components'
import {
  ConflictModal,
  CriteriaForm,
  SaveStatus,
  columnValues,
  formatPoints,
  fromTenths,
  leavesOf,
  pointsText,
  rankOf,
  scoresBody,
  checkPoints,
  totalTenths,
  scoreErrors,
  useAutosave,
  type ColumnKey,
} from '../../components/criteria'
import { etagOf, fetchEvaluation, type Versioned } from '../../api'

type Form = Schemas['FormView']
type Period = Schemas['PeriodView']

function textsOf(evaluation: Versioned['evaluation']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const s of evaluation.scores)
    if (s.self !== null && s.self !== undefined) out[s.criterion_id] = pointsText(s.self)
  return out
}

/** Field errors `scores.<id>` of a 422 by criterion id, and any other field by its name. */
/** My column of the form: typed, totalled live, saved by itself, then sent. */
export function SelfAssessment({
  data,
  form,
  period,
  window,
}: {
  data: Versioned
  form: Form
  period: string
  window?: Period
}) {
  const { t, i18n } = useTranslation('evaluation')
  const queryClient = useQueryClient()
  const { evaluation } = data
  const id = evaluation.id
  const leaves = useMemo(() => leavesOf(form.criteria), [form.criteria])
  const [texts, setTexts] = useState<Record<string, string>>(() => textsOf(evaluation))
  const [comment, setComment] = useState<string>(evaluation.comments.self ?? '')
  const draft = useRef({ texts, comment })
  const etag = useRef(data.etag)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const [conflict, setConflict] = useState<Versioned | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const [confirming, setConfirming] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [resolving, setResolving] = useState(false)
  const editable = evaluation.state === 'draft'

  const accept = useCallback(
    (v: Versioned) => {
      etag.current = v.etag
      queryClient.setQueryData(['evaluation', 'mine', period, 'with-etag'], v)
      // Other pages (home) read the same evaluation without its ETag.
      void queryClient.invalidateQueries({ queryKey: ['evaluation', 'mine', period], exact: true })
    },
    [period, queryClient],
  )

  const failed = useCallback(
    async (e: unknown) => {
      if (e instanceof ApiError && e.code === 'version_conflict') {
        setConflict(await fetchEvaluation(id))
      } else if (e instanceof ApiError && e.code === 'validation_failed') {
        setServerErrors(scoreErrors(e))
      } else setActionError(e)
    },
    [id],
  )

  const save = useCallback(async () => {
    const body = {
      scores: scoresBody(leaves, draft.current.texts),
      comment: draft.current.comment.trim() === '' ? null : draft.current.comment,
    }
    try {
      const result = await api.PUT('/api/v1/evaluations/{id}/self', {
        params: { header: { 'If-Match': etag.current }, path: { id } },
        body,
      })
      const saved = unwrap(result)
      accept({ evaluation: saved, etag: etagOf(result.response, saved) })
      setServerErrors({})
      setActionError(null)
    } catch (e) {
      await failed(e)
      throw e
    }
  }, [accept, failed, id, leaves])
  const autosave = useAutosave({ save, pauseOn: isConflict })
  const { changed, flush } = autosave

  const onChange = useCallback(
    (criterionId: string, text: string) => {
      setTexts((prev) => {
        const next = { ...prev, [criterionId]: text }
        draft.current = { ...draft.current, texts: next }
        return next
      })
      changed()
    },
    [changed],
  )
  // Stable callbacks (not the whole autosave object, new on every render): the memoised rows
  // then re-render only where the text changed.
  const onBlur = useCallback(() => {
    flush().catch(() => undefined)
  }, [flush])

  const keepMine = async () => {
    if (!conflict) return
    setResolving(true)
    etag.current = conflict.etag
    setConflict(null)
    autosave.setPaused(false)
    autosave.changed()
    await autosave.flush().catch(() => undefined)
    setResolving(false)
  }
  const keepTheirs = () => {
    if (!conflict) return
    const next = textsOf(conflict.evaluation)
    const nextComment = conflict.evaluation.comments.self ?? ''
    draft.current = { texts: next, comment: nextComment }
    setTexts(next)
    setComment(nextComment)
    accept(conflict)
    autosave.reset()
    autosave.setPaused(false)
    setConflict(null)
  }

  const invalid = leaves.some(
    (c) => texts[c.id] !== undefined && checkPoints(texts[c.id], c.max_points).error,
  )
  const total = totalTenths(leaves, (cid) => checkPoints(texts[cid] ?? '', 100).tenths)

  const submit = async () => {
    setSubmitting(true)
    setActionError(null)
    try {
      await autosave.flush()
      const result = await api.POST('/api/v1/evaluations/{id}/submit', {
        params: {
          header: { 'If-Match': etag.current, 'Idempotency-Key': crypto.randomUUID() },
          path: { id },
        },
      })
      const sent = unwrap(result)
      accept({ evaluation: sent, etag: etagOf(result.response, sent) })
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] })
      setConfirming(false)
    } catch (e) {
      setConfirming(false)
      if (!(e instanceof ApiError && ['version_conflict', 'validation_failed'].includes(e.code)))
        setActionError(e)
    } finally {
      setSubmitting(false)
    }
  }

  const others: ColumnKey[] = (['reviewer', 'decider'] as const).filter((col) =>
    evaluation.scores.some((s) => s[col] !== null && s[col] !== undefined),
  )
  const columns: ColumnKey[] = ['self', ...others]
  const values = useMemo(
    () => ({
      self: columnValues(evaluation.scores, 'self'),
      reviewer: columnValues(evaluation.scores, 'reviewer'),
      decider: columnValues(evaluation.scores, 'decider'),
    }),
    [evaluation.scores],
  )
  const windowClosed =
    actionError instanceof ApiError && actionError.code === 'window_closed' ? actionError : null
  const returned = [...evaluation.history].reverse().find((h) => h.transition === 'return')

  return (
    <>
      {editable && returned?.reason && (
        <Alert
          type="warning"
          showIcon
          title={t('returnedReason', { reason: returned.reason })}
          style={{ marginBottom: 12 }}
        />
      )}
      {windowClosed ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('windowClosedTitle')}
          description={t('windowClosedText', {
            period: periodLabel(period),
            from: window?.self_opens ? dayLabel(window?.self_opens) : '—',
            to: window?.self_closes ? lastDayBefore(window?.self_closes) : '—',
            detail: windowClosed.problem.detail,
          })}
        />
      ) : (
        actionError !== null && (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={actionError} />
          </div>
        )
      )}
      {editable ? (
        <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      ) : (
        <Alert type="info" showIcon title={t('readOnly')} style={{ marginBottom: 12 }} />
      )}
      <div style={{ overflowX: 'auto' }}>
        <CriteriaForm
          criteria={form.criteria}
          columns={columns}
          values={values}
          editing={editable ? 'self' : undefined}
          texts={texts}
          onChange={onChange}
          onBlur={onBlur}
          serverErrors={serverErrors}
        />
      </div>
      <Form layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item
          label={t('commentLabel')}
          htmlFor="self-comment"
          validateStatus={serverErrors.comment ? 'error' : undefined}
          help={serverErrors.comment}
        >
          {editable ? (
            <Input.TextArea
              id="self-comment"
              rows={3}
              maxLength={4000}
              value={comment}
              onChange={(e) => {
                setComment(e.target.value)
                draft.current = { ...draft.current, comment: e.target.value }
                autosave.changed()
              }}
              onBlur={onBlur}
            />
          ) : (
            <Typography.Paragraph id="self-comment">{evaluation.comments.self || '—'}</Typography.Paragraph>
          )}
        </Form.Item>
      </Form>
      {!editable && (evaluation.comments.reviewer || evaluation.comments.decider) && (
        <dl>
          {(['reviewer', 'decider'] as const)
            .filter((k) => evaluation.comments[k])
            .map((k) => (
              <div key={k}>
                <dt style={{ fontWeight: 600 }}>{t(`commentOf.${k}`)}</dt>
                <dd style={{ marginLeft: 0, marginBottom: 8 }}>{evaluation.comments[k]}</dd>
              </div>
            ))}
        </dl>
      )}
      {editable && (
        <Flex wrap gap={12} align="center" style={{ marginTop: 8 }}>
          <Button type="primary" onClick={() => setConfirming(true)} disabled={invalid} loading={submitting}>
            {t('submit')}
          </Button>
          <SaveStatus status={autosave.status} savedAt={autosave.savedAt} />
          {invalid && <Typography.Text style={{ color: '#b42318' }}>{t('fixErrors')}</Typography.Text>}
        </Flex>
      )}
      <Modal
        open={confirming}
        title={t('submitTitle')}
        okText={t('submitOk')}
        cancelText={t('common:cancel')}
        onOk={submit}
        onCancel={() => setConfirming(false)}
        confirmLoading={submitting}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {t('submitText', { total: formatPoints(fromTenths(total), i18n.language), rank: rankOf(total) })}
        </Typography.Paragraph>
      </Modal>
      <ConflictModal
        open={conflict !== null}
        criteria={form.criteria}
        column="self"
        mine={{ values: mineValues(leaves, texts), comment }}
        theirs={{
          values: conflict ? columnValues(conflict.evaluation.scores, 'self') : {},
          comment: conflict?.evaluation.comments.self,
        }}
        onKeepMine={keepMine}
        onKeepTheirs={keepTheirs}
        busy={resolving}
      />
    </>
  )
}

function isConflict(e: unknown) {
  return e instanceof ApiError && e.code === 'version_conflict'
}

function mineValues(leaves: ReturnType<typeof leavesOf>, texts: Record<string, string>) {
  const out: Record<string, number | null> = {}
  for (const c of leaves) {
    const { tenths } = checkPoints(texts[c.id] ?? '', c.max_points)
    out[c.id] = tenths === null ? null : fromTenths(tenths)
  }
  return out
}
