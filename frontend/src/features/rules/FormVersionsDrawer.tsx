import { Button, Checkbox, Drawer, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../api'
import { ErrorAlert, Loading, ToneTag, dayLabel } from '../../components'
import { compareForms, type Change, type DiffLine } from './formDiff'
import { NewVersionModal } from './NewVersionModal'
import { useFormVersions } from './useRules'

const TONES: Record<Change, 'green' | 'red' | 'gold' | 'gray'> = {
  added: 'green',
  removed: 'red',
  changed: 'gold',
  same: 'gray',
}

/**
 * The versions of one form: when each applies, what changed between any two (criterion by
 * criterion), and for operators a new version made from the latest.
 */
export function FormVersionsDrawer({ code, onClose }: { code?: number; onClose: () => void }) {
  const { t } = useTranslation('rules')
  const me = useMe()
  const operator = me.data?.account.roles.some((r) => r.role === 'operator') ?? false
  const versions = useFormVersions(code)
  const list = versions.data ?? []
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({})
  const [adding, setAdding] = useState(false)
  const [showSame, setShowSame] = useState(false)
  // By default the two latest versions (or the only one with itself).
  const from = picked.from ?? list[Math.max(0, list.length - 2)]?.version
  const to = picked.to ?? list[list.length - 1]?.version
  const a = list.find((v) => v.version === from)
  const b = list.find((v) => v.version === to)
  const diff = a && b ? compareForms(a.criteria, b.criteria) : []
  const shown = showSame ? diff : diff.filter((l) => l.change !== 'same')
  const close = () => {
    setPicked({})
    onClose()
  }
  const options = list.map((v) => ({
    value: v.version,
    label: t('versionLabel', { version: v.version, from: dayLabel(v.effective_from) }),
  }))

  return (
    <Drawer
      open={code != null}
      onClose={close}
      size={760}
      title={t('versionsTitle', { code })}
      extra={
        operator &&
        list.length > 0 && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('addVersion')}
          </Button>
        )
      }
    >
      {versions.isLoading ? (
        <Loading />
      ) : versions.isError ? (
        <ErrorAlert error={versions.error} onRetry={() => versions.refetch()} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Table
            size="small"
            rowKey="version"
            data-testid="form-versions"
            dataSource={list}
            pagination={false}
            columns={[
              { title: t('version'), dataIndex: 'version', width: 90 },
              { title: t('effectiveFrom'), render: (_, v) => dayLabel(v.effective_from), width: 130 },
              { title: t('formTitle'), dataIndex: 'title' },
              { title: t('criteriaCount'), render: (_, v) => v.criteria.length, width: 110 },
            ]}
          />
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('compare')}
          </Typography.Title>
          <Space wrap>
            <Select
              aria-label={t('compareFrom')}
              value={from}
              options={options}
              onChange={(v: number) => setPicked({ from: v, to })}
              style={{ minWidth: 220 }}
            />
            <span>→</span>
            <Select
              aria-label={t('compareTo')}
              value={to}
              options={options}
              onChange={(v: number) => setPicked({ from, to: v })}
              style={{ minWidth: 220 }}
            />
          </Space>
          <Typography.Text type="secondary">
            {t('diffSummary', {
              added: diff.filter((l) => l.change === 'added').length,
              removed: diff.filter((l) => l.change === 'removed').length,
              changed: diff.filter((l) => l.change === 'changed').length,
            })}
          </Typography.Text>
          <Checkbox checked={showSame} onChange={(e) => setShowSame(e.target.checked)}>
            {t('showSame')}
          </Checkbox>
          {shown.length === 0 ? (
            <Typography.Paragraph>{t('noDifference')}</Typography.Paragraph>
          ) : (
            <Table<DiffLine>
              size="small"
              rowKey="id"
              data-testid="form-diff"
              dataSource={shown}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                { title: t('criterion'), dataIndex: 'id', width: 90 },
                {
                  title: t('diffChange'),
                  width: 110,
                  render: (_, l) => <ToneTag tone={TONES[l.change]}>{t(`changes.${l.change}`)}</ToneTag>,
                },
                {
                  title: t('before'),
                  render: (_, l) => (l.before ? `${l.before.label} (${l.before.max_points})` : '—'),
                },
                {
                  title: t('after'),
                  render: (_, l) => (l.after ? `${l.after.label} (${l.after.max_points})` : '—'),
                },
              ]}
            />
          )}
        </Space>
      )}
      {code != null && list.length > 0 && (
        <NewVersionModal
          open={adding}
          code={code}
          latest={list[list.length - 1]}
          onClose={() => setAdding(false)}
          onAdded={(version) => {
            setAdding(false)
            setPicked({ from: version - 1, to: version })
          }}
        />
      )}
    </Drawer>
  )
}
