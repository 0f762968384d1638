import { Breadcrumb, Card, Col, Row, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { PageTitle } from '../../components'
import type { GuideContent, GuideSection } from './content'
import { contentEn } from './content.en'
import { contentVi } from './content.vi'

export function useGuideContent(): GuideContent {
  const { i18n } = useTranslation()
  return i18n.language.startsWith('en') ? contentEn : contentVi
}

/** Journey 7 (Điều 12, 23.3): a guide per user group, reachable before sign-in. */
export default function GuidesPage() {
  const { t } = useTranslation('guides')
  const { group } = useParams()
  const content = useGuideContent()
  const chosen = content.groups.find((g) => g.slug === group)

  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: '24px 16px' }}>
      {chosen ? (
        <>
          <Breadcrumb
            style={{ marginBottom: 8 }}
            items={[{ title: <Link to="/huong-dan">{t('title')}</Link> }, { title: chosen.title }]}
          />
          <PageTitle>{chosen.title}</PageTitle>
          <Typography.Paragraph>{chosen.summary}</Typography.Paragraph>
          {chosen.sections.map((s) => (
            <Section key={s.heading} section={s} />
          ))}
        </>
      ) : (
        <>
          <PageTitle>{t('title')}</PageTitle>
          {group && <Typography.Paragraph type="warning">{t('unknownGroup')}</Typography.Paragraph>}
          <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
          <Typography.Title level={2} style={{ fontSize: 20 }}>
            {t('chooseGroup')}
          </Typography.Title>
          <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
            {content.groups.map((g) => (
              <Col xs={24} md={12} key={g.slug}>
                <Card style={{ height: '100%' }}>
                  <Typography.Title level={3} style={{ fontSize: 17, marginTop: 0 }}>
                    <Link to={`/huong-dan/${g.slug}`}>{g.title}</Link>
                  </Typography.Title>
                  <Typography.Paragraph style={{ marginBottom: 0 }}>{g.summary}</Typography.Paragraph>
                </Card>
              </Col>
            ))}
          </Row>
        </>
      )}
      {content.common.map((s) => (
        <Section key={s.heading} section={s} />
      ))}
      <Card style={{ marginTop: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
          {t('help.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('help.text')}</Typography.Paragraph>
        <Link to="/gop-y">{t('help.link')}</Link>
      </Card>
    </div>
  )
}

function Section({ section }: { section: GuideSection }) {
  return (
    <section style={{ marginTop: 24 }}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {section.heading}
      </Typography.Title>
      {section.intro && <Typography.Paragraph>{section.intro}</Typography.Paragraph>}
      {section.steps && (
        <ol style={{ paddingLeft: 24, lineHeight: 1.7 }}>
          {section.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      )}
      {section.points && (
        <ul style={{ paddingLeft: 24, lineHeight: 1.7 }}>
          {section.points.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
