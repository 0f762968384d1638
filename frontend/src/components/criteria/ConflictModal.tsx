import { Button, Col, Modal, Row, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { CriteriaForm, type ColumnKey, type ColumnValues } from './CriteriaForm'
import { CRITERIA_NS } from './i18n'
import type { Criterion } from './scoring'

export type ConflictSide = { values: ColumnValues; comment?: string | null }

/**
 * A save refused because the evaluation changed meanwhile (412 `version_conflict`): both versions
 * of the column side by side, and the choice of which to keep.
 */
export function ConflictModal({
  open,
  criteria,
  column,
  mine,
  theirs,
  onKeepMine,
  onKeepTheirs,
  busy,
}: {
  open: boolean
  criteria: readonly Criterion[]
  column: ColumnKey
  mine: ConflictSide
  theirs: ConflictSide
  onKeepMine: () => void
  onKeepTheirs: () => void
  busy?: boolean
}) {
  const { t } = useTranslation(CRITERIA_NS)
  const side = (title: string, s: ConflictSide, testId: string) => (
    <section aria-label={title} data-testid={testId}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {title}
      </Typography.Title>
      <CriteriaForm criteria={criteria} columns={[column]} values={{ [column]: s.values }} />
      <Typography.Paragraph style={{ marginTop: 8 }}>
        <strong>{t('comment')}:</strong> {s.comment || t('empty')}
      </Typography.Paragraph>
    </section>
  )
  return (
    <Modal
      open={open}
      title={t('conflictTitle')}
      closable={false}
      mask={{ closable: false }}
      width={960}
      destroyOnHidden
      footer={[
        <Button key="theirs" onClick={onKeepTheirs} disabled={busy}>
          {t('keepTheirs')}
        </Button>,
        <Button key="mine" type="primary" onClick={onKeepMine} loading={busy}>
          {t('keepMine')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('conflictIntro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          {side(t('mine'), mine, 'conflict-mine')}
        </Col>
        <Col xs={24} md={12}>
          {side(t('theirs'), theirs, 'conflict-theirs')}
        </Col>
      </Row>
    </Modal>
  )
}
