import { MailOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { PageTitle } from '../../components'
import { feedbackEmail, feedbackMailto, type FeedbackValues } from './feedback'

const TOPICS = ['bug', 'usage', 'regulation', 'other'] as const

/** Điều 23.3: how to report difficulties and send feedback. Public. */
export default function FeedbackPage() {
  const { t } = useTranslation('guides')
  const email = feedbackEmail()
  const [opened, setOpened] = useState(false)
  return (
    <div style={{ maxWidth: 760, margin: '0 auto', padding: '24px 16px' }}>
      <PageTitle>{t('feedback.title')}</PageTitle>
      <Typography.Paragraph>{t('feedback.intro')}</Typography.Paragraph>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('feedback.whoTitle')}
      </Typography.Title>
      <ol style={{ paddingLeft: 24, lineHeight: 1.7 }}>
        <li>{t('feedback.who1')}</li>
        <li>{t('feedback.who2', { email })}</li>
        <li>{t('feedback.who3')}</li>
      </ol>
      <Card>
        <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
          {t('feedback.formTitle')}
        </Typography.Title>
        <Typography.Paragraph>{t('feedback.formIntro', { email })}</Typography.Paragraph>
        <Form<FeedbackValues>
          layout="vertical"

          initialValues={{ topic: t('feedback.topics.bug') }}
          onFinish={(values) => {
            setOpened(true)
            window.location.href = feedbackMailto(email, values, {
              subject: t('feedback.subject'),
              name: t('feedback.name'),
              unit: t('feedback.unit'),
              page: t('feedback.page'),
            })
          }}
        >
          <Form.Item label={t('feedback.topic')} name="topic" rules={[{ required: true }]}>
            <Select
              options={TOPICS.map((k) => ({
                value: t(`feedback.topics.${k}`),
                label: t(`feedback.topics.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            label={t('feedback.message')}
            name="message"
            rules={[{ required: true, whitespace: true, message: t('feedback.messageRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 4 }} maxLength={4000} />
          </Form.Item>
          <Form.Item label={t('feedback.page')} name="page" extra={t('feedback.pageHelp')}>
            <Input />
          </Form.Item>
          <Form.Item label={t('feedback.name')} name="name">
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item label={t('feedback.unit')} name="unit">
            <Input autoComplete="organization" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<MailOutlined />}>
            {t('feedback.submit')}
          </Button>
        </Form>
        {opened && (
          <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('feedback.opened', { email })} />
        )}
      </Card>
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <Link to="/huong-dan">{t('title')}</Link>
      </Typography.Paragraph>
    </div>
  )
}
