import { useQuery } from '@tanstack/react-query'
import { Select } from 'antd'
import { useState } from 'react'
import { api, unwrap } from '../api'
import { nameAndPost, usePeopleByIds } from './people'

type Option = { value: string; label: string }

/** A select of people (or units) found by typing; the one chosen keeps its label shown. */
function SearchSelect({
  id,
  value,
  onChange,
  useSearch,
  placeholder,
  'aria-label': ariaLabel,
}: {
  id?: string
  'aria-label'?: string
  value?: string
  onChange?: (v?: string) => void
  useSearch: (q: string) => { data?: Option[]; isFetching: boolean }
  placeholder?: string
}) {
  const [q, setQ] = useState('')
  const [picked, setPicked] = useState<Option>()
  const found = useSearch(q)
  const options = found.data ?? []
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      allowClear
      value={value}
      placeholder={placeholder}
      onChange={(chosen?: string) => {
        setPicked(options.find((o) => o.value === chosen))
        onChange?.(chosen)
      }}
      // The search is cleared when an option is chosen: keep the list it was chosen from.
      showSearch={{ filterOption: false, onSearch: (text) => text.trim() && setQ(text) }}
      loading={found.isFetching}
      options={picked && !options.some((o) => o.value === picked.value) ? [picked, ...options] : options}
    />
  )
}

function usePeopleOptions(q: string) {
  return useQuery({
    queryKey: ['pickers', 'people', q],
    enabled: q.trim().length > 1,
    queryFn: async (): Promise<Option[]> =>
      unwrap(await api.GET('/api/v1/people', { params: { query: { q: q.trim(), limit: 20 } } })).items.map(
        (p) => ({
          value: p.id,
          label: `${p.full_name} (${p.position.title})`,
        }),
      ),
  })
}

function useUnitOptions(q: string) {
  return useQuery({
    queryKey: ['pickers', 'units', q],
    queryFn: async (): Promise<Option[]> =>
      unwrap(
        await api.GET('/api/v1/units', {
          params: { query: { ...(q.trim() ? { q: q.trim() } : {}), limit: 30 } },
        }),
      ).items.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` })),
  })
}

type PickerProps = {
  id?: string
  value?: string
  onChange?: (v?: string) => void
  placeholder?: string
  /** For a picker outside a labelled form field. */
  'aria-label'?: string
}

/** A person the caller may see, found by name. */
export function PersonPicker(props: PickerProps) {
  return <SearchSelect {...props} useSearch={usePeopleOptions} />
}

/** A unit the caller may see, found by code or name. */
export function UnitPicker(props: PickerProps) {
  return <SearchSelect {...props} useSearch={useUnitOptions} />
}

/** Several people, found by name; those already chosen keep their names (read by id). */
export function PeoplePicker({
  id,
  value = [],
  onChange,
}: {
  id?: string
  value?: string[]
  onChange?: (v: string[]) => void
}) {
  const [q, setQ] = useState('')
  const found = usePeopleOptions(q)
  const known = usePeopleByIds(value)
  const named = value.flatMap((id) => {
    const p = known.byId.get(id)
    return p ? [{ value: p.id, label: nameAndPost(p) }] : []
  })
  const options = [...named, ...(found.data ?? [])].filter(
    (o, i, all) => all.findIndex((x) => x.value === o.value) === i,
  )
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: (text) => text.trim() && setQ(text) }}
      loading={found.isFetching || known.isFetching}
      options={options}
    />
  )
}
