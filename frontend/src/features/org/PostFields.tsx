import { Form, Input, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Schemas } from '../../api'
import type { fieldHelp } from '../../components/FormModal'
import { useForms } from './useOrg'

const CATEGORIES: Schemas['PositionCategory'][] = ['staff', 'deputy', 'head', 'contract']

/** The fields of a post as a form holds them: `category`, `title`, `form_code`. */
export type PostValues = { category: Schemas['PositionCategory']; title: string; form_code: number }

/**
 * A post's category, title and criteria form (Điều 11), with the server's errors by each; used
 * wherever a post is given: a new person, a change of post, a transfer.
 */
export function PostFields({
  error,
  titleHelp,
}: {
  error: ReturnType<typeof fieldHelp>
  titleHelp?: string
}) {
  const { t } = useTranslation('org')
  const forms = useForms()
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('required', { field: t(field).toLowerCase() }),
  })
  return (
    <>
      <Form.Item name="category" label={t('category')} {...error('position.category')}>
        <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))} />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('positionTitle')}
        rules={[required('positionTitle')]}
        extra={titleHelp}
        {...error('position.title')}
      >
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item
        name="form_code"
        label={t('formCode')}
        rules={[{ required: true, message: t('required', { field: t('formCode').toLowerCase() }) }]}
        {...error('position.form_code')}
      >
        <Select
          showSearch
          optionFilterProp="label"
          loading={forms.isLoading}
          options={(forms.data ?? []).map((f) => ({ value: f.code, label: `${f.code}. ${f.title}` }))}
        />
      </Form.Item>
    </>
  )
}
