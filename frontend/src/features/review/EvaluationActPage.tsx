import { useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Timeline,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useCallback, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { api, ApiError, fieldErrors, unwrap, useMe } from '../../api'
import type { Schemas } from '../../api'
import { ErrorAlert, Loading, PageTitle, StateTag, periodLabel } from '../../components'
import {
  allowedRanks,
  checkPoints,
  columnValues,
  ConflictModal,
  CriteriaForm,
  formatPoints,
  fromTenths,
  leavesOf,
  pointsText,
  rankOf,
  SaveStatus,
  scoresBody,
  totalTenths,
  useAutosave,
  type ColumnKey,
  type Rank,
  scoreErrors,
} from '../../components/criteria'
import { etagOf, fetchEvaluation, useCriteriaForm, type Versioned } from '../../api'
import { useEvaluation } from './useReview'

type FormView = Schemas['FormView']
const KNOCK_OUTS = ['disciplinary_measure', 'degradation', 'corruption_in_managed_unit'] as const

/** Journey 5: one evaluation with the three columns; mine (reviewer or decider) editable. */
export default function EvaluationActPage() {
  const { id } = useParams()
  const { t } = useTranslation('review')
  const me = useMe()
  const ev = useEvaluation(id)
  const form = useCriteriaForm(ev.data?.evaluation.form_code)
  if (me.isPending || ev.isPending) return <Loading />
  if (ev.error) return <ErrorAlert error={ev.error} onRetry={() => void ev.refetch()} />
  if (form.error) return <ErrorAlert error={form.error} onRetry={() => void form.refetch()} />
  if (!form.data) return <Loading />
  const evaluation = ev.data.evaluation
  const myId = me.data?.person?.id
  const role: 'reviewer' | 'decider' | null =
    evaluation.chain.decider?.id === myId
      ? 'decider'
      : evaluation.chain.reviewer?.id === myId
        ? 'reviewer'
        : null
  return (
    <>
      <PageTitle extra={<StateTag state={evaluation.state} />}>
        {t('actTitle', { name: evaluation.person.full_name })}
      </PageTitle>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'period', label: t('period'), children: periodLabel(evaluation.period) },
          { key: 'post', label: t('post'), children: evaluation.person.position.title },
          {
            key: 'reviewer',
            label: t('reviewer'),
            children: evaluation.chain.reviewer?.full_name ?? t('none'),
          },
          { key: 'decider', label: t('decider'), children: evaluation.chain.decider?.full_name ?? t('none') },
        ]}
      />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          role === 'reviewer'
            ? t('yourRoleReviewer')
            : role === 'decider'
              ? t('yourRoleDecider')
              : t('yourRoleNone')
        }
      />
      <Act key={`${evaluation.id}-${role}`} data={ev.data} form={form.data} role={role} />
    </>
  )
}

function textsOf(
  evaluation: Versioned['evaluation'],
  column: ColumnKey,
  fallback: ColumnKey[],
): Record<string, string> {
  for (const col of [column, ...fallback]) {
    const out: Record<string, string> = {}
    for (const s of evaluation.scores)
      if (s[col] !== null && s[col] !== undefined) out[s.criterion_id] = pointsText(s[col])
    if (Object.keys(out).length > 0) return out
  }
  return {}
}

function Act({ data, form, role }: { data: Versioned; form: FormView; role: 'reviewer' | 'decider' | null }) {
  const { t, i18n } = useTranslation('review')
  const queryClient = useQueryClient()
  const { evaluation } = data
  const id = evaluation.id
  const leaves = useMemo(() => leavesOf(form.criteria), [form.criteria])
  const editable =
    (role === 'reviewer' && evaluation.state === 'self_submitted') ||
    (role === 'decider' && ['self_submitted', 'reviewed', 'decided'].includes(evaluation.state))
  // Whoever may score the evaluation now may also return it.
  const canReturn = editable
  const column: ColumnKey = role ?? 'decider'
  const localKey = `danhgia.decision.${id}`
  const [texts, setTexts] = useState<Record<string, string>>(() => {
    if (role === 'decider') {
      const stored = localStorage.getItem(localKey)
      if (stored) {
        try {
          return (JSON.parse(stored) as { texts: Record<string, string> }).texts
        } catch {
          /* ignore */
        }
      }
      return textsOf(evaluation, 'decider', ['reviewer', 'self'])
    }
    return textsOf(evaluation, column, [])
  })
  const [comment, setComment] = useState<string>(() => evaluation.comments[column] ?? '')
  const [knockOuts, setKnockOuts] = useState<Record<string, string | undefined>>(() =>
    Object.fromEntries(evaluation.knock_outs.map((k) => [k.code, k.evidence_ref])),
  )
  const [chosen, setChosen] = useState<Rank | undefined>(() =>
    evaluation.rank_final && evaluation.rank_final !== evaluation.rank_by_points
      ? (evaluation.rank_final as Rank)
      : undefined,
  )
  const draft = useRef({ texts, comment })
  const etag = useRef(data.etag)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const [conflict, setConflict] = useState<Versioned | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const [confirm, setConfirm] = useState<'submit' | 'decide' | 'return' | null>(null)
  const [busy, setBusy] = useState(false)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()
  const [done, setDone] = useState<string | null>(null)

  const accept = useCallback(
    (v: Versioned) => {
      etag.current = v.etag
      queryClient.setQueryData(['evaluation', id, 'with-etag'], v)
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] })
      void queryClient.invalidateQueries({ queryKey: ['unit-summary'] })
    },
    [id, queryClient],
  )
  const failed = useCallback(
    async (e: unknown) => {
      if (e instanceof ApiError && e.code === 'version_conflict') setConflict(await fetchEvaluation(id))
      else if (e instanceof ApiError && e.code === 'validation_failed') setServerErrors(scoreErrors(e))
      else setActionError(e)
    },
    [id],
  )

  // The reviewer's column is saved on the server as typed; the decider's PUT is the decision
  // itself, so their draft stays on this device until they decide.
  const save = useCallback(async () => {
    if (role === 'decider') {
      localStorage.setItem(localKey, JSON.stringify(draft.current))
      return
    }
    const body = {
      scores: scoresBody(leaves, draft.current.texts),
      comment: draft.current.comment.trim() === '' ? null : draft.current.comment,
    }
    try {
      const result = await api.PUT('/api/v1/evaluations/{id}/review', {
        params: { header: { 'If-Match': etag.current }, path: { id } },
        body,
      })
      const saved = unwrap(result)
      accept({ evaluation: saved, etag: etagOf(result.response, saved) })
      setServerErrors({})
    } catch (e) {
      await failed(e)
      throw e
    }
  }, [accept, failed, id, leaves, localKey, role])
  const autosave = useAutosave({
    save,
    pauseOn: (e) => e instanceof ApiError && e.code === 'version_conflict',
  })
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
  // Stable callbacks (not the autosave object, new on every render) keep the rows memoised.
  const onBlur = useCallback(() => {
    flush().catch(() => undefined)
  }, [flush])
  const copyFrom = (col: ColumnKey) => {
    const next = textsOf(evaluation, col, [])
    draft.current = { ...draft.current, texts: next }
    setTexts(next)
    autosave.changed()
  }

  const total = totalTenths(leaves, (cid) => checkPoints(texts[cid] ?? '', 100).tenths)
  const invalid = leaves.some(
    (c) => texts[c.id] !== undefined && checkPoints(texts[c.id], c.max_points).error,
  )
  const byPoints = rankOf(total)
  const knocked = Object.keys(knockOuts).length > 0
  const allowed = allowedRanks(byPoints, knocked)
  const finalRank: Rank = knocked ? 'D' : chosen && allowed.includes(chosen) ? chosen : byPoints
  const missingEvidence = Object.values(knockOuts).some((v) => !v || v.trim() === '')

  const run = async (action: () => Promise<void>, message: string) => {
    setBusy(true)
    setActionError(null)
    try {
      await action()
      setDone(message)
      setConfirm(null)
    } catch (e) {
      setConfirm(null)
      if (!(e instanceof ApiError && ['version_conflict', 'validation_failed'].includes(e.code)))
        setActionError(e)
      else await failed(e)
    } finally {
      setBusy(false)
    }
  }
  const submitReview = () =>
    run(async () => {
      await autosave.flush()
      const result = await api.POST('/api/v1/evaluations/{id}/review/submit', {
        params: {
          header: { 'If-Match': etag.current, 'Idempotency-Key': crypto.randomUUID() },
          path: { id },
        },
      })
      const v = unwrap(result)
      accept({ evaluation: v, etag: etagOf(result.response, v) })
    }, t('submitReview'))
  const decide = () =>
    run(async () => {
      const result = await api.PUT('/api/v1/evaluations/{id}/decision', {
        params: { header: { 'If-Match': etag.current }, path: { id } },
        body: {
          scores: scoresBody(leaves, texts),
          comment: comment.trim() === '' ? null : comment,
          knock_outs: Object.entries(knockOuts).map(([code, evidence_ref]) => ({
            code,
            evidence_ref: evidence_ref ?? '',
          })),
          rank: finalRank !== byPoints ? finalRank : null,
        },
      })
      const v = unwrap(result)
      localStorage.removeItem(localKey)
      autosave.reset()
      accept({ evaluation: v, etag: etagOf(result.response, v) })
    }, t('decide'))
  const doReturn = () => {
    if (reason.trim() === '') {
      setReasonError(t('reasonRequired'))
      return
    }
    return run(async () => {
      const result = await api.POST('/api/v1/evaluations/{id}/return', {
        params: {
          header: { 'If-Match': etag.current, 'Idempotency-Key': crypto.randomUUID() },
          path: { id },
        },
        body: { reason },
      })
      const v = unwrap(result)
      localStorage.removeItem(localKey)
      autosave.reset()
      accept({ evaluation: v, etag: etagOf(result.response, v) })
    }, t('returned'))
  }

  const values = useMemo(
    () => ({
      self: columnValues(evaluation.scores, 'self'),
      reviewer: columnValues(evaluation.scores, 'reviewer'),
      decider: columnValues(evaluation.scores, 'decider'),
    }),
    [evaluation.scores],
  )
  const columns: ColumnKey[] = evaluation.chain.reviewer
    ? ['self', 'reviewer', 'decider']
    : ['self', 'decider']
  const fmt = (tenths: number) => formatPoints(fromTenths(tenths), i18n.language)

  return (
    <>
      {done && <Alert type="success" showIcon title={done} style={{ marginBottom: 12 }} />}
      {actionError !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={actionError} />
        </div>
      )}
      {role && !editable && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('notYourTurn', { state: t(`common:states.${evaluation.state}`) })}
        />
      )}
      <section aria-labelledby="act-criteria">
        <Typography.Title level={2} id="act-criteria" style={{ fontSize: 18 }}>
          {t('criteriaHeading')}
        </Typography.Title>
        {editable && (
          <Flex wrap gap={8} style={{ marginBottom: 8 }}>
            {columns
              .filter(
                (c) => c !== column && Object.values(values[c]).some((v) => v !== null && v !== undefined),
              )
              .map((c) => (
                <Button key={c} size="small" onClick={() => copyFrom(c)}>
                  {t('copyFrom', { column: t(`criteria:columns.${c}`) })}
                </Button>
              ))}
          </Flex>
        )}
        <div style={{ overflowX: 'auto' }}>
          <CriteriaForm
            criteria={form.criteria}
            columns={columns}
            values={values}
            editing={editable ? column : undefined}
            texts={texts}
            onChange={onChange}
            onBlur={onBlur}
            serverErrors={serverErrors}
          />
        </div>
      </section>
      <Form layout="vertical" style={{ marginTop: 16 }}>
        {evaluation.comments.self && (
          <Form.Item label={t('selfComment')}>
            <Typography.Paragraph style={{ margin: 0 }}>{evaluation.comments.self}</Typography.Paragraph>
          </Form.Item>
        )}
        {column === 'decider' && evaluation.comments.reviewer && (
          <Form.Item label={t('reviewerComment')}>
            <Typography.Paragraph style={{ margin: 0 }}>{evaluation.comments.reviewer}</Typography.Paragraph>
          </Form.Item>
        )}
        {editable && (
          <Form.Item
            label={column === 'reviewer' ? t('commentReviewer') : t('commentDecider')}
            htmlFor="act-comment"
            validateStatus={serverErrors.comment ? 'error' : undefined}
            help={serverErrors.comment}
          >
            <Input.TextArea
              id="act-comment"
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
          </Form.Item>
        )}
        {editable && role === 'decider' && (
          <>
            <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
              <legend style={{ fontSize: 15, fontWeight: 600 }}>{t('knockOuts')}</legend>
              <Typography.Paragraph type="secondary">{t('knockOutsHelp')}</Typography.Paragraph>
              {KNOCK_OUTS.filter(
                (k) =>
                  k !== 'corruption_in_managed_unit' ||
                  ['head', 'deputy'].includes(evaluation.person.position.category),
              ).map((k, i) => (
                <div key={k} style={{ marginBottom: 8 }}>
                  <Checkbox
                    checked={k in knockOuts}
                    onChange={(e) =>
                      setKnockOuts((prev) => {
                        const next = { ...prev }
                        if (e.target.checked) next[k] = ''
                        else delete next[k]
                        return next
                      })
                    }
                  >
                    {t(`knockOut.${k}`)}
                  </Checkbox>
                  {k in knockOuts && (
                    <Form.Item
                      style={{ margin: '4px 0 0 24px' }}
                      validateStatus={
                        fieldErrors(actionError)[`knock_outs[${i}]`] || !knockOuts[k]?.trim()
                          ? 'error'
                          : undefined
                      }
                      help={!knockOuts[k]?.trim() ? t('evidenceRequired') : undefined}
                    >
                      <Input
                        aria-label={t('evidence', { label: t(`knockOut.${k}`) })}
                        value={knockOuts[k] ?? ''}
                        onChange={(e) => setKnockOuts((prev) => ({ ...prev, [k]: e.target.value }))}
                      />
                    </Form.Item>
                  )}
                </div>
              ))}
            </fieldset>
            <Form.Item
              label={t('chosenRank')}
              htmlFor="chosen-rank"
              extra={`${t('chosenRankHelp')} ${t('byPoints', { rank: byPoints })}.`}
              validateStatus={serverErrors.rank ? 'error' : undefined}
              help={serverErrors.rank}
            >
              <Select<Rank>
                id="chosen-rank"
                style={{ maxWidth: 360 }}
                value={finalRank}
                onChange={(v) => setChosen(v)}
                options={allowed.map((r) => ({ value: r, label: t(`common:ranks.${r}`) }))}
              />
            </Form.Item>
            {byPoints === 'A' && finalRank === 'B' && <Alert type="info" showIcon title={t('qualifiedA')} />}
          </>
        )}
      </Form>
      <Flex wrap gap={12} align="center" style={{ marginTop: 12 }}>
        {editable && role === 'reviewer' && (
          <Button type="primary" disabled={invalid} onClick={() => setConfirm('submit')}>
            {t('submitReview')}
          </Button>
        )}
        {editable && role === 'decider' && (
          <Button
            type="primary"
            disabled={invalid || (knocked && missingEvidence)}
            onClick={() => setConfirm('decide')}
          >
            {t('decide')}
          </Button>
        )}
        {canReturn && (
          <Button style={{ color: '#a8071a', borderColor: '#a8071a' }} onClick={() => setConfirm('return')}>
            {t('return')}
          </Button>
        )}
        {editable && <SaveStatus status={autosave.status} savedAt={autosave.savedAt} />}
      </Flex>
      {editable && role === 'decider' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('localDraft')}
        </Typography.Paragraph>
      )}
      <section aria-labelledby="act-history" style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="act-history" style={{ fontSize: 18 }}>
          {t('history')}
        </Typography.Title>
        {evaluation.history.length === 0 ? (
          <Typography.Paragraph>{t('historyEmpty')}</Typography.Paragraph>
        ) : (
          <Timeline
            items={evaluation.history.map((h, i) => ({
              key: i,
              content: (
                <>
                  <strong>{t(`transition.${h.transition}`, { defaultValue: h.transition })}</strong> –{' '}
                  {t(`actedAs.${h.acted_as}`, { defaultValue: h.acted_as })} –{' '}
                  {dayjs(h.at).format('DD/MM/YYYY HH:mm')}
                  {h.reason && (
                    <div>
                      {t('reason')}: {h.reason}
                    </div>
                  )}
                </>
              ),
            }))}
          />
        )}
      </section>
      <Modal
        open={confirm === 'submit'}
        title={t('submitReviewTitle')}
        okText={t('common:confirm')}
        cancelText={t('common:cancel')}
        onOk={submitReview}
        onCancel={() => setConfirm(null)}
        confirmLoading={busy}
        destroyOnHidden
      >
        {t('submitReviewText', { total: fmt(total), rank: rankOf(total) })}
      </Modal>
      <Modal
        open={confirm === 'decide'}
        title={t('decideTitle', { name: evaluation.person.full_name })}
        okText={t('decide')}
        cancelText={t('common:cancel')}
        onOk={decide}
        onCancel={() => setConfirm(null)}
        confirmLoading={busy}
        destroyOnHidden
      >
        {t('decideText', { total: fmt(total), byPoints, rank: finalRank })}
      </Modal>
      <Modal
        open={confirm === 'return'}
        title={t('returnTitle')}
        okText={t('return')}
        okButtonProps={{ style: { background: '#a8071a' } }}
        cancelText={t('common:cancel')}
        onOk={doReturn}
        onCancel={() => setConfirm(null)}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('returnText')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item
            label={t('reason')}
            htmlFor="return-reason"
            required
            validateStatus={reasonError ? 'error' : undefined}
            help={reasonError}
          >
            <Input.TextArea
              id="return-reason"
              rows={3}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value)
                setReasonError(undefined)
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
      {role === 'reviewer' && (
        <ConflictModal
          open={conflict !== null}
          criteria={form.criteria}
          column="reviewer"
          mine={{ values: mineValues(leaves, texts), comment }}
          theirs={{
            values: conflict ? columnValues(conflict.evaluation.scores, 'reviewer') : {},
            comment: conflict?.evaluation.comments.reviewer,
          }}
          onKeepMine={() => {
            if (!conflict) return
            etag.current = conflict.etag
            setConflict(null)
            autosave.setPaused(false)
            autosave.changed()
            autosave.flush().catch(() => undefined)
          }}
          onKeepTheirs={() => {
            if (!conflict) return
            const next = textsOf(conflict.evaluation, 'reviewer', [])
            const nextComment = conflict.evaluation.comments.reviewer ?? ''
            draft.current = { texts: next, comment: nextComment }
            setTexts(next)
            setComment(nextComment)
            accept(conflict)
            autosave.reset()
            autosave.setPaused(false)
            setConflict(null)
          }}
        />
      )}
    </>
  )
}

function mineValues(leaves: ReturnType<typeof leavesOf>, texts: Record<string, string>) {
  const out: Record<string, number | null> = {}
  for (const c of leaves) {
    const { tenths } = checkPoints(texts[c.id] ?? '', c.max_points)
    out[c.id] = tenths === null ? null : fromTenths(tenths)
  }
  return out
}
