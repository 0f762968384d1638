import { Alert, Button, Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import { ApiError, fieldErrors } from '../../api'
import type { components } from '../../api'
import { useSignIn, type Credentials } from './useSignIn'

type TokenPair = components['schemas']['TokenPair']

/** Username and password; shared by the sign-in page and the session-expired dialog. */
export function SignInForm({
  initialUsername,
  lockUsername,
  onSignedIn,
}: {
  initialUsername?: string
  lockUsername?: boolean
  onSignedIn: (pair: TokenPair) => void
}) {
  const { t } = useTranslation('auth')
  const signIn = useSignIn()
  const fields = fieldErrors(signIn.error)
  const general = signIn.error instanceof ApiError && !signIn.error.problem.errors ? signIn.error : null

  return (
    <Form<Credentials>
      layout="vertical"
      requiredMark={false}
      initialValues={{ username: initialUsername ?? '' }}
      onFinish={(values) => signIn.mutate(values, { onSuccess: onSignedIn })}
    >
      {general && (
        <Form.Item>
          <Alert type="error" showIcon role="alert" title={general.problem.detail || general.problem.title} />
        </Form.Item>
      )}
      {signIn.error && !(signIn.error instanceof ApiError) && (
        <Form.Item>
          <Alert type="error" showIcon role="alert" title={t('common:networkError')} />
        </Form.Item>
      )}
      <Form.Item
        label={t('username')}
        name="username"
        rules={[{ required: true, message: t('usernameRequired') }]}
        validateStatus={fields.username ? 'error' : undefined}
        help={fields.username}
      >
        <Input autoComplete="username" autoFocus={!lockUsername} disabled={lockUsername} />
      </Form.Item>
      <Form.Item
        label={t('password')}
        name="password"
        rules={[{ required: true, message: t('passwordRequired') }]}
        validateStatus={fields.password ? 'error' : undefined}
        help={fields.password}
      >
        <Input.Password autoComplete="current-password" autoFocus={lockUsername} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
        {t('signIn')}
      </Button>
    </Form>
  )
}
