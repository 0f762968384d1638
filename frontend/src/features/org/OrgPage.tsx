import '../../i18n/admin'
import { Button, Card, Col, Empty, Input, List, Row, Tree, Typography } from 'antd'
import type { DataNode, EventDataNode } from 'antd/es/tree'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { api, unwrap, useMe } from '../../api'
import { ErrorAlert, Loading, PageTitle } from '../../components'
import { UnitPanel } from './UnitPanel'
import { useRootUnits, useUnitSearch, type Unit } from './useOrg'

/** The organisation within the caller's scope: the tree (or a search) and the chosen unit. */
export default function OrgPage() {
  const { t } = useTranslation('org')
  const me = useMe()
  const roots = useRootUnits(me.data?.account.roles ?? [])
  const [params, setParams] = useSearchParams()
  const selected = params.get('don-vi') ?? undefined
  const [query, setQuery] = useState('')
  const search = useUnitSearch(query)
  const client = useQueryClient()
  // Children loaded so far, by parent: the tree grows as the administrator opens it.
  const [children, setChildren] = useState<Record<string, Unit[]>>({})

  const loadChildren = useCallback(
    async (parentId: string) => {
      const items = await client.fetchQuery({
        queryKey: ['org', 'units', 'children', parentId],
        queryFn: async () =>
          unwrap(await api.GET('/api/v1/units', { params: { query: { parent_id: parentId, limit: 200 } } }))
            .items,
        staleTime: 0,
      })
      setChildren((c) => ({ ...c, [parentId]: items }))
    },
    [client],
  )

  const treeData = useMemo(() => {
    const node = (unit: Unit): DataNode => ({
      key: unit.id,
      title: `${unit.name} (${unit.code})`,
      isLeaf: unit.level === 'department' || children[unit.id]?.length === 0,
      children: children[unit.id]?.map(node),
    })
    return (roots.data ?? []).map(node)
  }, [roots.data, children])

  const select = (id: string) => setParams({ 'don-vi': id })

  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('tree')}
              </Typography.Title>
            }
            size="small"
          >
            <Input.Search
              allowClear
              placeholder={t('search')}
              aria-label={t('search')}
              onSearch={setQuery}
              onChange={(e) => !e.target.value && setQuery('')}
              style={{ marginBottom: 12 }}
            />
            {query.trim() ? (
              search.isError ? (
                <ErrorAlert error={search.error} />
              ) : (
                <List
                  aria-label={t('searchResults')}
                  loading={search.isLoading}
                  dataSource={search.data ?? []}
                  locale={{ emptyText: <Typography.Text type="secondary">{t('noUnits')}</Typography.Text> }}
                  renderItem={(unit) => (
                    <List.Item>
                      <Button
                        type="link"
                        style={{ padding: 0, height: 'auto' }}
                        onClick={() => select(unit.id)}
                      >
                        {unit.name} ({unit.code})
                      </Button>
                    </List.Item>
                  )}
                />
              )
            ) : roots.isLoading ? (
              <Loading />
            ) : roots.isError ? (
              <ErrorAlert error={roots.error} onRetry={() => roots.refetch()} />
            ) : (
              <Tree
                aria-label={t('tree')}
                treeData={treeData}
                selectedKeys={selected ? [selected] : []}
                loadData={(node: EventDataNode<DataNode>) => loadChildren(String(node.key))}
                onSelect={(keys) => keys[0] && select(String(keys[0]))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          {selected ? (
            <UnitPanel
              unitId={selected}
              onUnitCreated={(unit) => {
                if (unit.parent_id) void loadChildren(unit.parent_id)
              }}
            />
          ) : (
            <Card>
              <Empty description={t('pickUnit')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  )
}
