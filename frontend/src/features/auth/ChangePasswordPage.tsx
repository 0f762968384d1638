import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { api, ApiError, fieldErrors, unwrap, useMe } from '../../api'
import { PageTitle } from '../../components'

type Values = { current_password: string; new_password: string; confirm: string }

export default function ChangePasswordPage() {
  const { t } = useTranslation('auth')
  const { message } = App.useApp()
  const me = useMe()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const forced = me.data?.account.must_change_password ?? false
  const change = useMutation({
    mutationFn: async (v: Values) =>
      unwrap(
        await api.POST('/api/v1/auth/password', {
          body: { current_password: v.current_password, new_password: v.new_password },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['me'] })
      message.success(t('changed'))
      navigate('/', { replace: true })
    },
  })
  const fields = fieldErrors(change.error)
  const general = change.error instanceof ApiError && !change.error.problem.errors ? change.error : null

  return (
    <Card style={{ maxWidth: 480, margin: '0 auto' }}>
      <PageTitle>{t('changeTitle')}</PageTitle>
      {forced && <Alert type="info" showIcon title={t('changeForcedIntro')} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{t('changeIntro')}</Typography.Paragraph>
      {general && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={general.problem.detail}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values> layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)}>
        <Form.Item
          label={t('currentPassword')}
          name="current_password"
          rules={[{ required: true, message: t('passwordRequired') }]}
          validateStatus={fields.current_password ? 'error' : undefined}
          help={fields.current_password}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t('newPassword')}
          name="new_password"
          rules={[{ required: true, min: 10, message: t('passwordTooShort') }]}
          validateStatus={fields.new_password ? 'error' : undefined}
          help={fields.new_password}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('confirmPassword')}
          name="confirm"
          dependencies={['new_password']}
          rules={[
            { required: true, message: t('passwordsDiffer') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('new_password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('changeSubmit')}
        </Button>
      </Form>
    </Card>
  )
}
