import { Form, Input, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Schemas } from '../../api'
import { useRequired, type fieldHelp } from '../../components/FormModal'
import { useForms } from './useOrg'

const CATEGORIES: Schemas['PositionCategory'][] = ['staff', 'deputy', 'head', 'contract']

/** The offices of Điều 10.1, as `GET /evaluator-rules` lists them. */
export const OFFICES = [
  'bi_thu_thanh_uy',
  'pho_bi_thu_thuong_truc',
  'chu_tich_hdnd_tp',
  'chu_tich_ubnd_tp',
  'truong_doan_dbqh',
  'truong_ban_dang',
  'chanh_van_phong_thanh_uy',
  'bi_thu_quan_uy',
  'bi_thu_dang_uy_khoi',
  'truong_mttq_doan_the',
  'pho_chu_tich_hdnd_tp',
  'truong_ban_hdnd',
  'chanh_van_phong_doan_dbqh_hdnd',
  'pho_chu_tich_ubnd_tp',
  'giam_doc_so',
  'pho_truong_doan_dbqh',
  'dbqh_chuyen_trach',
] as const

/** The fields of a post as a form holds them: `category`, `title`, `form_code`, `office`. */
export type PostValues = {
  category: Schemas['PositionCategory']
  title: string
  form_code: number
  office?: string | null
}

/**
 * A post's category, title, criteria form (Điều 11) and the office of Điều 10.1 it holds, if
 * any (it decides who evaluates the holder by post rule), with the server's errors by each; used
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
  const { t: common } = useTranslation()
  const forms = useForms()
  const required = useRequired('org')
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
      <Form.Item name="office" label={t('office')} extra={t('officeHelp')} {...error('position.office')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('noOffice')}
          options={OFFICES.map((code) => ({ value: code, label: common(`offices.${code}`) }))}
        />
      </Form.Item>
    </>
  )
}

/** A person's name, staff number ("mã cán bộ") and e-mail, with the server's errors by each. */
export function PersonDetailsFields({ error }: { error: ReturnType<typeof fieldHelp> }) {
  const { t } = useTranslation('org')
  const required = useRequired('org')
  return (
    <>
      <Form.Item
        name="full_name"
        label={t('fullName')}
        rules={[required('fullName')]}
        {...error('full_name')}
      >
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="external_id" label={t('externalId')} {...error('external_id')}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="email" label={t('email')} {...error('email')}>
        <Input type="email" maxLength={255} />
      </Form.Item>
    </>
  )
}
